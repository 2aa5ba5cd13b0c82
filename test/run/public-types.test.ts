/**
 * Issue 11 item 9: the published types of `metricc`, `metricc/run` and `metricc/cache` must not
 * need the optional peers (chdb, @clickhouse/client, @redis/client): a TypeScript user who has only
 * @clickhouse/client installed — or none — must type-check. The declarations are built the way
 * the package builds them (tsup, the entries of package.json's `exports`) into a temporary
 * consumer project whose node_modules holds metricc and its real dependencies only, then a small
 * consumer (ESM and CJS) is type-checked there with `tsc`. A control file importing `chdb` must
 * fail with TS2307, proving the peers really are absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const TSUP = join(ROOT, 'node_modules/tsup/dist/cli-default.js');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const PEERS = ['chdb', '@clickhouse/client', '@redis/client', 'pg'];
const missingTool = [TSUP, TSC].find((p) => !existsSync(p));

interface Pkg {
  exports: Record<string, { import?: { types?: string } } | string>;
  dependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Pkg;

/** `./dist/run/index.d.ts` in `exports` → the tsup entry `run/index` = `src/run/index.ts`. */
function entries(): string[] {
  const out: string[] = [];
  for (const target of Object.values(pkg.exports)) {
    const types = typeof target === 'object' ? target.import?.types : undefined;
    const m = types ? /^\.\/dist\/(.+)\.d\.ts$/.exec(types) : null;
    if (m) out.push(`--entry.${m[1]}=src/${m[1]}.ts`);
  }
  return out;
}

const CONSUMER_ESM = `
import { compile, demoSchema } from 'metricc';
import { openServer, openEmbedded, ExecutionError, type Executor, type RunResult, type EmbeddedExecutor, type ServerOptions } from 'metricc/run';
import { withCache, memoryStore, redisStore, type RedisLike, type CachedExecutor } from 'metricc/cache';
import { compilerFor, postgresLoader, type PgQueryable, type TenantCompiler } from 'metricc/provider';

const options: ServerOptions = { url: 'http://localhost:8123', safety: { max_result_rows: 10 }, log: (e) => void e.message };
export async function main(redis: RedisLike, pool: PgQueryable): Promise<number> {
  const { events: _events, ...layout } = demoSchema;
  const compiler: TenantCompiler = compilerFor(layout, postgresLoader({ client: pool }), { ttlMs: 60_000 });
  const viaStore = await compiler.compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-02', granularity: 'day' });
  const buckets: number = viaStore.incremental?.reach ?? 0;
  const server: Executor = await openServer(options);
  const embedded: EmbeddedExecutor = await openEmbedded({ path: './data' });
  const text: string = embedded.session.query('SELECT 1', 'TSV');
  const cached: CachedExecutor = withCache(server, Math.random() > 0.5 ? memoryStore() : redisStore({ client: redis }));
  const out = compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-02' }, demoSchema);
  try {
    const result: RunResult = await cached.run(out, { timeoutMs: 1000 });
    const hit: boolean | undefined = result.stats.cached;
    return result.rows.length + text.length + (hit ? 1 : 0) + buckets + (result.stats.bucketsFromStore ?? 0);
  } catch (e) {
    if (e instanceof ExecutionError) return e.kind === 'unavailable' ? -1 : -2;
    throw e;
  }
}
`;

const CONSUMER_CJS = `
import type { Executor, RunResult } from 'metricc/run';
import type { CacheStore } from 'metricc/cache';
import type { TenantLoader } from 'metricc/provider';
export type Both = [Executor, RunResult, CacheStore, TenantLoader];
`;

let project = '';

function tsc(): { status: number; output: string } {
  try {
    execFileSync(process.execPath, [TSC, '-p', join(project, 'tsconfig.json')], { cwd: project, stdio: 'pipe', encoding: 'utf8' });
    return { status: 0, output: '' };
  } catch (e) {
    const err = e as { status: number; stdout?: string; stderr?: string };
    return { status: err.status, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function writeProject(files: string[]): void {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
      files,
    }),
  );
}

describe.skipIf(missingTool !== undefined)(`public types stand alone without optional peers${missingTool ? ` (skipped: ${missingTool} is not installed — run npm ci)` : ''}`, () => {
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'metricc-consumer-'));
    const installed = join(project, 'node_modules/metricc');
    mkdirSync(installed, { recursive: true });
    // Declarations only, the package's own entries, built into the consumer's copy of metricc.
    execFileSync(process.execPath, [TSUP, ...entries(), '--dts-only', '--out-dir', join(installed, 'dist')], { cwd: ROOT, stdio: 'pipe' });
    cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
    // metricc's real dependencies are installed with it; the optional peers are not.
    for (const dep of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
    }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_ESM);
    writeFileSync(join(project, 'consumer-cjs.cts'), CONSUMER_CJS);
    writeFileSync(join(project, 'control.ts'), "import type { Session } from 'chdb';\nexport type S = Session;\n");
  }, 120_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('no optional peer can be found from the consumer project', () => {
    for (let dir = project; dir !== dirname(dir); dir = dirname(dir)) {
      for (const peer of PEERS) expect(existsSync(join(dir, 'node_modules', peer)), `${peer} under ${dir}`).toBe(false);
    }
    writeProject(['control.ts']);
    const control = tsc();
    expect(control.status).not.toBe(0);
    expect(control.output).toContain('TS2307');
  });

  it('the declarations import no optional peer', () => {
    const text = ['run/index.d.ts', 'run/index.d.cts', 'cache/index.d.ts', 'cache/index.d.cts', 'provider/index.d.ts', 'provider/index.d.cts', 'index.d.ts'].map((f) => readFileSync(join(project, 'node_modules/metricc/dist', f), 'utf8')).join('\n');
    for (const peer of PEERS) expect(text).not.toContain(`'${peer}'`);
  });

  it('a consumer of metricc, metricc/run, metricc/cache and metricc/provider type-checks (ESM and CJS)', () => {
    writeProject(['consumer.ts', 'consumer-cjs.cts']);
    const result = tsc();
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});
