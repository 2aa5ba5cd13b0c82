/**
 * After `vite build` of the playground: the gzipped size of the compiler's chunk (metricc's core
 * with chevrotain and zod) and of the whole page (HTML, CSS and every script it loads), printed
 * and written to playground/dist/sizes.json.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '../playground/dist');
const files = ['index.html', ...readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`)].filter((f) => /\.(html|js|css)$/.test(f));
const rows = files.map((f) => {
  const bytes = readFileSync(join(dist, f));
  return { file: f, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const sum = (xs: typeof rows) => xs.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
const compiler = sum(rows.filter((r) => /assets\/compiler-[^/]*\.js$/.test(r.file)));
const page = sum(rows);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
for (const r of rows) console.log(`${r.file.padEnd(40)} ${kb(r.bytes).padStart(10)}  gzip ${kb(r.gzip).padStart(9)}`);
console.log(`compiler (metricc core + chevrotain + zod): ${kb(compiler.bytes)}, gzip ${kb(compiler.gzip)}`);
console.log(`whole page (html + css + js):               ${kb(page.bytes)}, gzip ${kb(page.gzip)}`);
writeFileSync(join(dist, 'sizes.json'), `${JSON.stringify({ compiler, page, files: rows }, null, 2)}\n`);
