/**
 * The compiler core as a browser bundle (issue 11 item 12; docs/benchmarks.md "Browser bundle"):
 * `import { compile } from 'metricc'` bundled the way the package is built (chevrotain inside,
 * its lodash-es imports answered by build/lodash-lite.ts) holds no lodash code and no Node
 * built-in, compiles exactly as the sources do, and stays within its size budget (gzip -9 of
 * esbuild's minified output; the budget catches a heavy dependency creeping back in — lodash-es
 * alone would add about 10 KB).
 */
import { expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lodashLite } from '../../build/lodash-lite-plugin.js';
import { compile, demoSchema } from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUDGET_GZIP = 84 * 1024;

it('bundles without lodash or Node built-ins, compiles as the sources do, and stays within its budget', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'metricc-bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, `export { compile, demoSchema } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};\n`);
    const out = join(dir, 'core.mjs');
    const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', outfile: out, metafile: true, logLevel: 'silent', plugins: [lodashLite] });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => f.includes('node_modules/lodash'))).toEqual([]);
    expect(inputs.some((f) => f.includes('node_modules/chevrotain/'))).toBe(true);
    expect(inputs.filter((f) => f.startsWith('node:'))).toEqual([]);
    const bundled = (await import(pathToFileURL(out).href)) as { compile: typeof compile; demoSchema: typeof demoSchema };
    for (const formula of ['SUM(amount) / COUNT(DISTINCT user_id)', 'ROLLING(MEDIAN(SUM(amount) PER user_id), 7)', "COUNTIF(event = 'purchase' AND `$os` LIKE 'i%')"]) {
      const query = { tenant: 'acme', formula, from: '2024-01-01', to: '2024-01-15', granularity: 'day' };
      const a = bundled.compile(query, bundled.demoSchema);
      const b = compile(query, demoSchema);
      expect([a.sql, a.params, a.cacheKey]).toEqual([b.sql, b.params, b.cacheKey]);
    }
    // Diagnostics come through chevrotain's error paths (recovery, expected tokens) as well.
    const broken = { tenant: 'acme', formula: 'SUM(amount + ) * (COUNT(*', from: '2024-01-01', to: '2024-01-15' };
    const diagnostics = (c: typeof compile) => {
      try {
        c(broken, demoSchema);
        return [];
      } catch (e) {
        return (e as { diagnostics: unknown[] }).diagnostics;
      }
    };
    expect(diagnostics(bundled.compile)).toEqual(diagnostics(compile));
    expect(diagnostics(compile).length).toBeGreaterThan(0);
    const gzip = gzipSync(result.outputFiles?.[0]?.contents ?? (await import('node:fs')).readFileSync(out), { level: 9 }).length;
    expect(gzip, `core bundle ${(gzip / 1024).toFixed(1)} KB gzip`).toBeLessThanOrEqual(BUDGET_GZIP);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
