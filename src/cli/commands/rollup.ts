/**
 * `metricc rollup DIR|FILE…`: the rollups that would serve the given metric definitions
 * (docs/rollups.md) — per rollup the DDL (table, materialized view, backfill), the declaration
 * to add to the schema's `rollups`, and the definitions it serves; then the definitions no rollup
 * can serve, and why.
 */
import { proposeRollups, rollupDdl, SchemaSchema, toQuery } from '../../index.js';
import { parseShape } from '../../util/shape.js';
import { parse, UsageError, type Io } from '../args.js';
import { clockFor, definitionFiles, loadDefinition, readJson } from '../definitions.js';
import { CliError } from '../errors.js';
import { HELP } from '../help.js';
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';

export function commandRollup(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { grain: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(HELP['rollup']!), 0;
  if (positionals.length === 0) throw new UsageError('metricc rollup needs metric definition files or a directory of them');
  if (values.grain !== undefined && values.grain !== 'day' && values.grain !== 'hour') throw new UsageError('--grain is day or hour');
  const files = definitionFiles(positionals);
  if (files.length === 0) throw new CliError(`${positionals.join(', ')} holds no metric definitions (*.metric.json)`);
  const first = positionals[0]!;
  const now = clockFor(statSync(first).isDirectory() ? first : dirname(first), values.now as string | undefined);
  const definitions: { label: string; query: Record<string, unknown>; schema: unknown }[] = [];
  let schema: unknown;
  let schemaFile: string | undefined;
  const broken: { label: string; reason: string }[] = [];
  for (const file of files) {
    const loaded = loadDefinition(file);
    if (!loaded.definition || loaded.problem) {
      broken.push({ label: loaded.shown, reason: loaded.problem ?? 'unreadable' });
      continue;
    }
    const named = resolve(dirname(loaded.file), loaded.definition.schema);
    if (schemaFile !== undefined && named !== schemaFile) throw new CliError(`${loaded.shown} names another schema file: propose rollups for one schema at a time`);
    schemaFile = named;
    schema ??= readJson(named);
    // With a catalogue file, the definition compiles against the schema and its catalogue.
    definitions.push({ label: loaded.shown, query: toQuery(loaded.definition, now ?? new Date()) as unknown as Record<string, unknown>, schema: loaded.schema });
  }
  const parsed = parseShape(SchemaSchema, schema);
  if (!parsed.success) throw new CliError('the definitions\' schema file is not a valid schema');
  const proposal = proposeRollups(definitions, parsed.data, values.grain ? { grain: values.grain as 'day' | 'hour' } : {});
  const unserved = [...broken, ...proposal.unserved];
  const rollups = proposal.rollups.map((r) => ({ ...r, ddl: rollupDdl(parsed.data, r.entry) }));
  if (values.json) {
    io.out(JSON.stringify({ rollups: rollups.map((r) => ({ declaration: r.entry, serves: r.serves, statements: r.ddl.statements, problems: r.ddl.problems })), unserved }, null, 2));
    return 0;
  }
  for (const r of rollups) {
    io.out(`-- rollup ${r.entry.table}: tenant ${JSON.stringify(r.entry.productId)}, event ${JSON.stringify(r.entry.event)}, ${r.entry.grain} grain${r.entry.grain === 'day' ? ` (${r.entry.timezone ?? 'UTC'})` : ' (UTC hours)'}`);
    io.out(`-- serves: ${r.serves.length > 0 ? r.serves.join(', ') : 'none of the definitions'}`);
    for (const p of r.ddl.problems) io.out(`-- problem: ${p}`);
    // Exact distinct states keep every distinct value of each grain row: they pay only where a row holds few.
    if (r.entry.measures.some((m) => /\bCOUNT\s*\(\s*DISTINCT\b/i.test(m))) io.out('-- note: exact distinct counts keep every distinct value per grain row; on high-cardinality data they save little — where an estimate is enough, APPROX_COUNT_DISTINCT keeps a fixed-size sketch');
    io.out(r.ddl.statements.map((s, i) => `${i === 2 ? '-- backfill once, after the view exists (bound it by time if events arrive meanwhile)\n' : ''}${s};`).join('\n\n'));
    io.out(`-- add to the schema's "rollups":\n${JSON.stringify(r.entry, null, 2).split('\n').map((l) => `--   ${l}`).join('\n')}`);
    io.out('');
  }
  if (rollups.length === 0) io.out('-- no rollup serves these definitions');
  for (const u of unserved) io.out(`-- not served: ${u.label} — ${u.reason}`);
  return 0;
}
