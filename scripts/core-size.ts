/**
 * `npm run size`: what `import { compile } from 'metricc'` costs a browser bundle, measured with
 * the two bundlers applications use — esbuild and Vite (Rollup) — on the built package (`dist/`,
 * run `npm run build` first). Prints minified and gzip -9 sizes per bundler.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'metricc-size-'));
const entry = join(dir, 'entry.js');
writeFileSync(entry, `import { compile } from ${JSON.stringify(join(root, 'dist/index.js'))};\nglobalThis.compile = compile;\n`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

await esbuild({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', outfile: join(dir, 'esbuild.js'), logLevel: 'error' });
const e = readFileSync(join(dir, 'esbuild.js'));
console.log(`esbuild: ${kb(e.length)} minified, ${kb(gzipSync(e, { level: 9 }).length)} gzip`);

await vite({ logLevel: 'error', configFile: false, build: { outDir: join(dir, 'vite'), rollupOptions: { input: entry, preserveEntrySignatures: false }, emptyOutDir: true, modulePreload: false } });
const files = readdirSync(join(dir, 'vite', 'assets')).filter((f) => f.endsWith('.js'));
const v = Buffer.concat(files.map((f) => readFileSync(join(dir, 'vite', 'assets', f))));
console.log(`vite:    ${kb(v.length)} minified, ${kb(gzipSync(v, { level: 9 }).length)} gzip`);
