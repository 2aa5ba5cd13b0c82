/** `metricc compile`: one formula → SQL, params, columns and cache key (or JSON). */
import { compile, CompileError, type CompiledQuery } from '../../index.js';
import { parse, QUERY_FLAGS, querySource, type Io } from '../args.js';
import { HELP } from '../help.js';
import { printDiagnostic } from '../print-diagnostic.js';
import { reportCompileError } from '../report.js';
import { style } from '../style.js';

function sqlLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sqlLiteral).join(', ')}]`;
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(v);
}

/** Which table the query reads, and why each declared rollup was not used (`--route`). */
function showRoute(out: CompiledQuery, io: Io): void {
  io.out(`route: reads ${out.route.table}${out.route.rollup ? ' (a rollup: the answer is the same as over the events)' : ''}`);
  for (const r of out.route.refused) io.out(`  rollup ${r.rollup} not used: ${r.reason}`);
}

function showCompiled(out: CompiledQuery, io: Io): void {
  io.out(out.sql);
  io.out('');
  io.out('params:');
  for (const [k, v] of Object.entries(out.params)) io.out(`  ${k} = ${sqlLiteral(v)}`);
  io.out(`columns: ${out.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`);
  io.out(`cache key: ${out.cacheKey}`);
}

export function commandCompile(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { ...QUERY_FLAGS, json: { type: 'boolean' }, route: { type: 'boolean' }, now: { type: 'string' } }, true);
  if (values.help) return io.out(HELP['compile']!), 0;
  const { query, schema, where } = querySource(values, positionals);
  try {
    const out = compile(query, schema);
    const s = style(process.stderr);
    for (const d of out.diagnostics) io.err(printDiagnostic(d, { formula: query['formula'] as string | undefined, filter: query['filter'] as string | undefined, formulas: query['formulas'] as Record<string, string> | undefined }, where, s));
    if (values.json) io.out(JSON.stringify({ sql: out.sql, params: out.params, columns: out.columns, cacheKey: out.cacheKey, route: out.route, diagnostics: out.diagnostics }, null, 2));
    else {
      showCompiled(out, io);
      if (values.route) showRoute(out, io);
    }
    return 0;
  } catch (e) {
    // With --json a tool reads stdout: the diagnostics go there too, as JSON.
    if (values.json && e instanceof CompileError) {
      io.out(JSON.stringify({ diagnostics: e.diagnostics }, null, 2));
      return 1;
    }
    if (reportCompileError(e, query, where, io)) return 1;
    throw e;
  }
}
