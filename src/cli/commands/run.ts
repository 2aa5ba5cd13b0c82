/** `metricc run`: compile and execute on the embedded demo engine or a server. */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, type CompiledQuery } from '../../index.js';
import { parse, QUERY_FLAGS, querySource, UsageError, type Io } from '../args.js';
import { firstLine } from '../errors.js';
import { terminalSafe } from '../terminal.js';
import { HELP } from '../help.js';
import { reportCompileError } from '../report.js';

function csvCell(v: unknown): string {
  const t = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export async function commandRun(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...QUERY_FLAGS, url: { type: 'string' }, format: { type: 'string' }, rows: { type: 'string' }, now: { type: 'string' } }, true);
  if (values.help) return io.out(HELP['run']!), 0;
  const format = values.format ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError('--format is table, json or csv');
  const { query, schema, where } = querySource(values, positionals);
  let out: CompiledQuery;
  try {
    out = compile(query, schema);
  } catch (e) {
    if (reportCompileError(e, query, where, io)) return 1;
    throw e;
  }
  const run = await import('../../run/index.js');
  const rows = values.rows !== undefined ? Number(values.rows) : run.DEFAULT_DEMO_ROWS;
  const executor = values.url
    ? await run.openServer({ url: values.url })
    : (await run.openDemo({ path: join(tmpdir(), `metricc-demo-${rows}-seed1`), rows, onProgress: (n, t) => io.err(`building the demo dataset: ${n} / ${t} events`) })).executor;
  try {
    const result = await executor.run(out);
    const names = out.columns.map((c) => c.name);
    if (format === 'json') io.out(JSON.stringify(result.rows, null, 2));
    else if (format === 'csv') io.out([names.map(csvCell).join(','), ...result.rows.map((r) => names.map((n) => csvCell(r[n])).join(','))].join('\n'));
    else {
      const { table } = await import('../table.js');
      io.out(table(names, result.rows.map((r) => names.map((n) => r[n]))));
    }
    return 0;
  } catch (e) {
    io.err(`metricc: ${terminalSafe(firstLine(e))}`);
    return 1;
  } finally {
    await executor.close();
  }
}
