/**
 * The `metricc` command line. Each command parses its flags strictly (an unknown flag is a
 * usage error, exit 2), prints diagnostics like a compiler, and exits 0 / 1 / 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, CompileError, demoSchema, toQuery, type CompiledQuery } from '../index.js';
import { parseSource } from '../syntax/parse.js';
import { print } from '../ast/print.js';
import { printDiagnostic } from './print-diagnostic.js';
import { unifiedDiff } from './diff.js';
import { clockFor, definitionFiles, loadDefinition, readJson } from './definitions.js';
import { style } from './style.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

const QUERY_FLAGS = {
  schema: { type: 'string' },
  tenant: { type: 'string' },
  formula: { type: 'string' },
  filter: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  granularity: { type: 'string' },
  timezone: { type: 'string' },
  'group-by': { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const HELP: Record<string, string> = {
  main: `metricc — compile metric formulas to parameterized ClickHouse SQL

Usage: metricc <command> [options]

Commands:
  compile   compile one formula and print its SQL and params
  check     verify metric definitions against their golden SQL (CI)
  run       compile and execute on the embedded engine (demo data) or a server
  fmt       format formulas canonically (--check for CI)

Run "metricc <command> --help" for a command's options.`,
  compile: `Usage: metricc compile --tenant T --formula F --from A --to B [options]

  --schema FILE        schema JSON (table layout + mapping documents); default: the demo schema
  --tenant T           tenant id
  --formula F          the formula, e.g. "SUM(amount) / COUNT(DISTINCT user_id)"
  --filter P           a condition, e.g. "event = 'purchase'"
  --from A, --to B     ISO-8601 range [from, to)
  --granularity G      hour | day | week | month
  --timezone Z         IANA timezone (default UTC)
  --group-by a,b       group-by names
  --limit N            row limit
  --json               print {sql, params, columns, cacheKey, diagnostics} as JSON

Exit codes: 0 compiled, 1 diagnostics, 2 usage.`,
  check: `Usage: metricc check DIR [--update] [--now ISO]

Compiles every DIR/*.metric.json and compares the SQL and params with the golden
NAME.sql and NAME.params.json beside it; prints a unified diff per difference.

  --update             rewrite the golden files
  --now ISO            the clock for relative ranges (default: "now" in DIR/metricc.config.json)

Exit codes: 0 all match, 1 a difference or an error, 2 usage.`,
  run: `Usage: metricc run [compile options] [--url URL] [--format table|json|csv] [--rows N]

Compiles and executes. Without --url: the embedded engine (chDB) over the demo dataset
(built in a temp directory on first use; --rows sets its size). With --url: a ClickHouse
server through @clickhouse/client (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE).

Exit codes: 0 ok, 1 compile or execution failure, 2 usage.`,
  fmt: `Usage: metricc fmt [FILE|DIR ...] [--check]
       metricc fmt --formula F

Formats the formula and filter of metric definition files canonically (keywords and
function names in upper case, single spaces, parentheses only where needed).

  --check              change nothing; exit 1 if a file is not formatted
  --formula F          print F formatted

Exit codes: 0 ok, 1 unformatted files or syntax errors, 2 usage.`,
};

function parse<O extends ParseArgsConfig['options']>(args: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function queryFromFlags(v: Record<string, string | boolean | undefined>): Record<string, unknown> {
  for (const required of ['tenant', 'formula', 'from', 'to']) if (typeof v[required] !== 'string') throw new UsageError(`--${required} is required`);
  const limit = v['limit'] !== undefined ? Number(v['limit']) : undefined;
  if (limit !== undefined && !Number.isInteger(limit)) throw new UsageError('--limit takes a whole number');
  return {
    tenant: v['tenant'],
    formula: v['formula'],
    ...(v['filter'] !== undefined ? { filter: v['filter'] } : {}),
    from: v['from'],
    to: v['to'],
    ...(v['granularity'] !== undefined ? { granularity: v['granularity'] } : {}),
    ...(v['timezone'] !== undefined ? { timezone: v['timezone'] } : {}),
    ...(typeof v['group-by'] === 'string' ? { groupBy: v['group-by'].split(',').map((s) => s.trim()).filter((s) => s !== '') } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

function schemaFromFlag(file: string | boolean | undefined): unknown {
  if (typeof file !== 'string') return demoSchema;
  if (!existsSync(file)) throw new UsageError(`schema file ${file} not found`);
  return readJson(file);
}

function reportCompileError(e: unknown, query: Record<string, unknown>, where: string, io: Io): boolean {
  if (!(e instanceof CompileError)) return false;
  const s = style(process.stderr);
  for (const d of e.diagnostics) io.err(printDiagnostic(d, { formula: query['formula'] as string, filter: query['filter'] as string | undefined }, where, s));
  return true;
}

function sqlLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sqlLiteral).join(', ')}]`;
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
}

function showCompiled(out: CompiledQuery, io: Io): void {
  io.out(out.sql);
  io.out('');
  io.out('params:');
  for (const [k, v] of Object.entries(out.params)) io.out(`  ${k} = ${sqlLiteral(v)}`);
  io.out(`columns: ${out.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`);
  io.out(`cache key: ${out.cacheKey}`);
}

function commandCompile(args: string[], io: Io): number {
  const { values } = parse(args, { ...QUERY_FLAGS, json: { type: 'boolean' } });
  if (values.help) return io.out(HELP['compile']!), 0;
  const query = queryFromFlags(values);
  try {
    const out = compile(query, schemaFromFlag(values.schema));
    const s = style(process.stderr);
    for (const d of out.diagnostics) io.err(printDiagnostic(d, { formula: query['formula'] as string, filter: query['filter'] as string | undefined }, '', s));
    if (values.json) io.out(JSON.stringify({ sql: out.sql, params: out.params, columns: out.columns, cacheKey: out.cacheKey, diagnostics: out.diagnostics }, null, 2));
    else showCompiled(out, io);
    return 0;
  } catch (e) {
    if (reportCompileError(e, query, '', io)) return 1;
    throw e;
  }
}

function goldenText(out: CompiledQuery): { sql: string; params: string } {
  return { sql: `${out.sql}\n`, params: `${JSON.stringify(out.params, null, 2)}\n` };
}

function commandCheck(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { update: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(HELP['check']!), 0;
  if (positionals.length !== 1) throw new UsageError('check takes one directory');
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const now = clockFor(dir, values.now);
  if (!now) throw new UsageError(`check needs a fixed clock for relative ranges: pass --now ISO or put {"now": "…"} in ${join(dir, 'metricc.config.json')}`);
  const s = style();
  let passed = 0;
  let failed = 0;
  let updated = 0;
  for (const file of definitionFiles([dir])) {
    const loaded = loadDefinition(file);
    if (!loaded.definition || loaded.problem) {
      io.out(`${s.red('✗')} ${loaded.shown}: ${loaded.problem}`);
      failed++;
      continue;
    }
    const query = toQuery(loaded.definition, now);
    let out: CompiledQuery;
    try {
      out = compile(query, loaded.schema);
    } catch (e) {
      if (!reportCompileError(e, query, loaded.shown, { out: io.out, err: io.out })) throw e;
      failed++;
      continue;
    }
    const base = file.replace(/\.metric\.json$/, '');
    const golden = goldenText(out);
    if (values.update) {
      const changed = [`${base}.sql`, `${base}.params.json`].filter((f, i) => !existsSync(f) || readFileSync(f, 'utf8') !== [golden.sql, golden.params][i]);
      writeFileSync(`${base}.sql`, golden.sql);
      writeFileSync(`${base}.params.json`, golden.params);
      if (changed.length > 0) updated++;
      passed++;
      continue;
    }
    const diffs: string[] = [];
    for (const [path, actual] of [[`${base}.sql`, golden.sql], [`${base}.params.json`, golden.params]] as const) {
      const shown = path.slice(file.length - loaded.shown.length);
      if (!existsSync(path)) diffs.push(`missing golden file ${shown} (run with --update and review it)`);
      else if (readFileSync(path, 'utf8') !== actual) diffs.push(unifiedDiff(readFileSync(path, 'utf8'), actual, shown));
    }
    if (diffs.length === 0) {
      passed++;
      continue;
    }
    failed++;
    io.out(`${s.red('✗')} ${loaded.shown}: the compiled query differs from the golden files`);
    for (const d of diffs) io.out(d.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? s.green(l) : l.startsWith('-') && !l.startsWith('---') ? s.red(l) : l)).join('\n'));
  }
  const total = passed + failed;
  io.out(values.update ? `check: ${total} metrics, ${updated} golden pairs rewritten, ${failed} failed` : `check: ${total} metrics, ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

function csvCell(v: unknown): string {
  const t = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

async function commandRun(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { ...QUERY_FLAGS, url: { type: 'string' }, format: { type: 'string' }, rows: { type: 'string' } });
  if (values.help) return io.out(HELP['run']!), 0;
  const format = values.format ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError('--format is table, json or csv');
  const query = queryFromFlags(values);
  let out: CompiledQuery;
  try {
    out = compile(query, schemaFromFlag(values.schema));
  } catch (e) {
    if (reportCompileError(e, query, '', io)) return 1;
    throw e;
  }
  const run = await import('../run/index.js');
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
      const { table } = await import('./table.js');
      io.out(table(names, result.rows.map((r) => names.map((n) => r[n]))));
    }
    return 0;
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 1;
  } finally {
    await executor.close();
  }
}

/** Canonical text of a formula, or undefined with diagnostics printed. */
function formatted(text: string, source: 'formula' | 'filter', where: string, io: Io): string | undefined {
  const parsed = parseSource(text, source);
  if (!parsed.expr) {
    const s = style(process.stderr);
    for (const d of parsed.diagnostics) io.err(printDiagnostic(d, { [source]: text }, where, s));
    return undefined;
  }
  return print(parsed.expr);
}

function commandFmt(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { check: { type: 'boolean' }, formula: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(HELP['fmt']!), 0;
  if (values.formula !== undefined) {
    const f = formatted(values.formula, 'formula', '', io);
    if (f === undefined) return 1;
    io.out(f);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('fmt takes files or directories, or --formula');
  let unformatted = 0;
  let errors = 0;
  for (const file of definitionFiles(positionals)) {
    const loaded = loadDefinition(file);
    if (!loaded.definition) {
      io.err(`${loaded.shown}: ${loaded.problem}`);
      errors++;
      continue;
    }
    const def = { ...(readJson(file) as Record<string, unknown>) };
    const formula = formatted(loaded.definition.formula, 'formula', loaded.shown, io);
    const filter = loaded.definition.filter !== undefined ? formatted(loaded.definition.filter, 'filter', loaded.shown, io) : undefined;
    if (formula === undefined || (loaded.definition.filter !== undefined && filter === undefined)) {
      errors++;
      continue;
    }
    def['formula'] = formula;
    if (filter !== undefined) def['filter'] = filter;
    const text = `${JSON.stringify(def, null, 2)}\n`;
    if (text === readFileSync(file, 'utf8')) continue;
    unformatted++;
    if (values.check) io.out(`${loaded.shown}: not formatted`);
    else {
      writeFileSync(file, text);
      io.out(`formatted ${loaded.shown}`);
    }
  }
  if (values.check) io.out(`fmt: ${unformatted === 0 && errors === 0 ? 'all formatted' : `${unformatted} file(s) not formatted, ${errors} with errors`}`);
  return errors > 0 || (values.check && unformatted > 0) ? 1 : 0;
}

export async function main(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'compile':
        return commandCompile(rest, io);
      case 'check':
        return commandCheck(rest, io);
      case 'run':
        return await commandRun(rest, io);
      case 'fmt':
        return commandFmt(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP['main']!);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`metricc: ${e.message}\nRun "metricc ${command && HELP[command] ? `${command} ` : ''}--help" for usage.`);
      return 2;
    }
    throw e;
  }
}
