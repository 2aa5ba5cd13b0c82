/**
 * Issue 11 item 10: CompileError is recognised across copies of metricc (the ESM and CJS builds
 * loaded by one application): `CompileError.is(e)` and `instanceof` test a `Symbol.for` brand.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CompileError } from '../src/diagnostics/compile-error.js';

const ROOT = join(import.meta.dirname, '..');
const bad = { tenant: 'acme', formula: 'SUM(', from: '2024-01-01', to: '2024-02-01' };

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('CompileError across copies of the module', () => {
  it('a second instance of the module recognises the first one\'s errors, and the reverse', async () => {
    const other = (await import('../src/diagnostics/compile-error.ts?second-copy' as string)) as typeof import('../src/diagnostics/compile-error.js');
    expect(other.CompileError).not.toBe(CompileError);
    const mine = new CompileError([]);
    const theirs = new other.CompileError([]);
    expect(mine instanceof other.CompileError).toBe(true);
    expect(theirs instanceof CompileError).toBe(true);
    expect(CompileError.is(theirs)).toBe(true);
    expect(CompileError.is(new Error('x'))).toBe(false);
    expect(CompileError.is({ diagnostics: [] })).toBe(false);
    expect(new Error('x') instanceof CompileError).toBe(false);
  });
  it('the ESM and CJS builds recognise each other\'s errors', async () => {
    // Built like the package (tsup, both formats) into a temporary directory: `npm test` runs
    // before `npm run build`, and must not depend on dist/. Inside node_modules, so the builds
    // resolve their dependencies as an installed package's do.
    const out = mkdtempSync(join(ROOT, 'node_modules/.cache-metricc-builds-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), 'src/index.ts', '--format', 'esm,cjs', '--out-dir', out, '--platform', 'neutral', '--target', 'es2022', '--no-config', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    try {
      const esm = (await import(pathToFileURL(join(out, 'index.js')).href)) as typeof import('../src/index.js');
      const cjs = createRequire(import.meta.url)(join(out, 'index.cjs')) as typeof import('../src/index.js');
      expect(esm.CompileError).not.toBe(cjs.CompileError);
      const fromCjs = thrown(() => cjs.compile(bad, cjs.demoSchema));
      const fromEsm = thrown(() => esm.compile(bad, esm.demoSchema));
      expect(fromCjs instanceof esm.CompileError).toBe(true);
      expect(fromEsm instanceof cjs.CompileError).toBe(true);
      expect(esm.CompileError.is(fromCjs)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
