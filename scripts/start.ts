/**
 * npm start: build the demo dataset on the embedded engine (in a temp directory, reused when
 * present), then compile and run every example metric, printing the formula, the SQL with its
 * params, the result as a table and the time taken. DEMO_ROWS sets the dataset size.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, CompileError, MetricDefinitionSchema, toQuery, demoSchema, DEMO_NOW, CatalogueFileSchema, withCatalogue } from '../src/index.js';
import { openDemo, DEFAULT_DEMO_ROWS } from '../src/run/index.js';
import { table } from '../src/cli/table.js';

const rows = Number(process.env['DEMO_ROWS'] ?? DEFAULT_DEMO_ROWS);
const dir = join(tmpdir(), `metricc-demo-${rows}-seed1`);
const examples = join(import.meta.dirname, '../examples');
const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

function progress(loaded: number, total: number): void {
  const pct = Math.round((loaded / total) * 100);
  const bar = '█'.repeat(Math.round(pct / 4)).padEnd(25, '░');
  const text = `building the demo dataset ${bar} ${pct}% (${loaded.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events)`;
  if (tty) process.stdout.write(`\r${text}`);
  else console.log(text);
}

const started = Date.now();
const { executor, reused } = await openDemo({ path: dir, rows, onProgress: progress });
if (tty && !reused) process.stdout.write('\n');
console.log(reused ? `demo dataset reused: ${rows.toLocaleString('en-US')} events in ${dir}` : `demo dataset built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dir}`);
console.log(`clock for relative ranges: ${DEMO_NOW}\n`);

let failures = 0;
for (const file of readdirSync(examples).filter((f) => f.endsWith('.metric.json')).sort()) {
  const def = MetricDefinitionSchema.parse(JSON.parse(readFileSync(join(examples, file), 'utf8')));
  console.log(bold(`━━ ${def.name} (${file}) — tenant ${def.tenant}`));
  console.log(`formula: ${def.formula}${def.filter ? `\nfilter:  ${def.filter}` : ''}`);
  try {
    const t0 = performance.now();
    // A definition may name a catalogue file of named metrics beside the schema.
    const schema = def.metrics ? withCatalogue(demoSchema, CatalogueFileSchema.parse(JSON.parse(readFileSync(join(examples, def.metrics), 'utf8')))) : demoSchema;
    const out = compile(toQuery(def, new Date(DEMO_NOW)), schema);
    const compileMs = performance.now() - t0;
    console.log(dim(out.sql));
    console.log(dim(`params: ${JSON.stringify(out.params)}`));
    const result = await executor.run(out);
    console.log(table(out.columns.map((c) => c.name), result.rows.map((r) => out.columns.map((c) => r[c.name]))));
    console.log(dim(`compiled in ${(compileMs * 1000).toFixed(0)} µs; ran in ${result.stats.elapsedMs.toFixed(1)} ms, read ${result.stats.rowsRead.toLocaleString('en-US')} rows / ${(result.stats.bytesRead / 1e6).toFixed(1)} MB\n`));
  } catch (e) {
    failures++;
    if (e instanceof CompileError) for (const d of e.diagnostics) console.log(`${d.source}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}`);
    else console.log(`failed: ${(e as Error).message}`);
    console.log('');
  }
}
await executor.close();
if (failures > 0) {
  console.log(`${failures} example(s) failed`);
  process.exit(1);
}
