/**
 * docs/functions.md, generated from the function catalogue so the docs cannot drift from the
 * compiler. `npm run docs` rewrites it; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, signature as callSignature, type FunctionSpec } from '../src/model/functions.js';

function signature(f: FunctionSpec): string {
  const star = f.kind === 'aggregate' && f.star ? ' / `COUNT(*)` / `COUNT(DISTINCT x)`' : '';
  return `\`${callSignature(f)}\`${star}`;
}

function types(f: FunctionSpec): string {
  const args = f.params.map((p) => `${p.name}: ${p.types === 'T' ? `T (${(f.typeVar ?? []).join(' \\| ')})` : p.role === 'predicate' ? 'condition' : p.role === 'reach' ? 'integer literal 1 … 1000' : p.types.join(' \\| ')}`);
  return `${args.join('; ')} → ${f.result}`;
}

function sql(f: FunctionSpec): string {
  if (f.kind === 'time') return f.name === 'PREVIOUS' ? '`-Merge` of the bucket states, `ROWS BETWEEN n PRECEDING AND n PRECEDING`' : f.name === 'ROLLING' ? '`-Merge` of the bucket states, `ROWS BETWEEN n − 1 PRECEDING AND CURRENT ROW`' : '`-Merge` of the bucket states, `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`';
  if (f.kind === 'aggregate') return `\`${f.sql.fn}${f.sql.orNull ? 'OrNull' : ''}\`${f.sql.distinctFn ? ` / \`${f.sql.distinctFn}\`` : ''}${f.level !== undefined ? ` (level ${f.level})` : ''}`;
  const names = f.params.map((_, i) => `$${i}`);
  const form = typeof f.sql === 'function' ? f.sql(names, () => '$tz') : `${f.sql.call}(${f.variadic ? '$*' : names.join(', ')})`;
  return `\`${form.replace(/\|/g, '\\|')}\``;
}

export function functionsDoc(): string {
  const rows = Object.values(FUNCTIONS as Record<string, FunctionSpec>).map(
    (f) => `| ${signature(f)} | ${f.kind} | ${types(f)} | ${f.help.replace(/\|/g, '\\|')} | \`${f.example}\` | ${sql(f)} |`,
  );
  return [
    '# Functions',
    '',
    '<!-- Generated from src/check/functions.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Function names are case-insensitive. Every aggregate takes an optional `FILTER (WHERE condition)`',
    'suffix (written with the `-If` combinator). Aggregates skip missing values; `COUNT` of nothing is 0,',
    'every other aggregate of nothing is missing. Time functions (PREVIOUS, ROLLING, CUMULATIVE) need a',
    'granularity and compare buckets: see [language.md §7](language.md#7-time-functions).',
    '',
    '| function | kind | types | meaning | example | ClickHouse |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && process.argv[1].endsWith('functions-doc.ts')) {
  writeFileSync(join(import.meta.dirname, '../docs/functions.md'), functionsDoc());
}
