/**
 * Assembling the SELECT (docs/language.md §6):
 *
 *   [WITH <shared reads>]
 *   SELECT [bucket,] [group columns,] value FROM table
 *   WHERE <tenant guard> AND <time range> [AND <pushed events>] [AND (<filter>)]
 *   [GROUP BY …] [ORDER BY …] [LIMIT n]
 *
 * Two shapes keep docs/language.md §6's promises where the plain SELECT would break them:
 * - Exactly one row without groups: a formula with no aggregate (`1 + 2`) would otherwise give a
 *   row per event, and none over an empty range. Its value is computed over a one-row aggregate
 *   of the same guarded scan: `SELECT 1 + 2 AS value FROM (SELECT count() FROM … WHERE …)`.
 * - Result columns named exactly as given: ClickHouse aliases are global, so a group named like a
 *   column the query reads (`Time`, `Source`, `Prop0`) would change what WHERE means. Such groups
 *   are computed as `__g0` … inside, and renamed by an outer SELECT that reads only the result.
 *
 * The tenant guard is built here and nowhere else: the first conjunct of WHERE, a plain
 * comparison of the tenant column with a bound parameter (it prunes through the primary key).
 * The time range is half-open, `from <= time < to`, on the raw time column so partitions prune.
 * Aliases are metricc's own or group-by names that pass a strict identifier check and match no
 * table column (ClickHouse aliases are global and would otherwise shadow a column in WHERE).
 */
import { emitExpr } from '../emit/expr.js';
import { identifier, quoteAlias } from '../emit/quote.js';
import type { EmitScope } from '../emit/scope.js';
import { datedBuckets, withFill } from './buckets.js';
import { windowedLines } from './windowed-select.js';
import { PerScan, perKeysOf } from './per-scan.js';
import { SqlTooLarge, utf8Length } from '../emit/sql-budget.js';
import { bucketRange, containsKind, inRange, indent, selectParts, type Select, type SelectInput, type SelectParts } from './select-parts.js';

export type { ColumnType, ResultColumn, Select, SelectInput } from './select-parts.js';

/**
 * Filled buckets (docs/language.md §6): every bucket that overlaps [from, to) has a row. WITH FILL
 * steps calendar units in the query's timezone (DST days, months of different lengths) from the
 * bucket of `from` to `to`; a filled row's values are the formulas over no rows, computed by
 * ClickHouse as scalar subqueries (INTERPOLATE cannot fold the lambda ROUND uses).
 * https://clickhouse.com/docs/sql-reference/statements/select/order-by#order-by-expr-with-fill-modifier
 */
function fillClause(input: SelectInput, empty: EmitScope, values: SelectParts['values'], marked: boolean): string {
  const interpolate = values.map((v) => `${v.alias} AS (SELECT ${emitExpr(empty, v.ir).text})`);
  return `${withFill(empty, bucketRange(input), 0)} INTERPOLATE (${[...interpolate, ...(marked ? ['__real AS 0'] : [])].join(', ')})`;
}

export function buildSelect(input: SelectInput): Select {
  const { checked } = input;
  // Top N groups over buckets rank each group by its value over the whole range: merged from the
  // same per-bucket states the time functions use.
  const topN = input.limit !== undefined && checked.groups.length > 0;
  // TOTAL with groups merges the groups' states over every group (docs/language.md §6).
  const windowed = checked.timeFunctions || (topN && input.granularity !== undefined) || (checked.total && checked.groups.length > 0);
  const perKeys = windowed ? [] : perKeysOf(checked.values.map((v) => v.ir));
  const perKey = perKeys[0];
  const parts = selectParts(input, !windowed && !perKey);
  const { scope, keys, renames, values } = parts;
  const params = scope.params;
  const aliases = values.map((v) => v.alias);
  const results = values.map((v) => v.rename);
  let lines: string[];
  let columns = parts.columns;
  if (input.part === 'empty') {
    const empty = { ...scope, overNoRows: true };
    lines = [`SELECT ${values.map((v, i) => `(SELECT ${emitExpr(empty, v.ir).text}) AS ${v.alias === 'value' ? 'value' : quoteAlias(checked.values[i]!.name)}`).join(', ')}`];
    columns = columns.slice(columns.length - values.length);
  } else if (windowed) {
    lines = windowedLines(input, parts);
  } else if (keys.length === 0 && !values.some((v) => containsKind(v.ir, 'aggregate'))) {
    // One row whatever the formulas (none aggregates): computed over a one-row aggregate of the scan.
    const select = values.map((v, i) => `${emitExpr(scope, v.ir).text} AS ${v.alias === 'value' ? 'value' : quoteAlias(checked.values[i]!.name)}`);
    const scan = scanLines(input, parts);
    lines = [`SELECT ${select.join(', ')}`, 'FROM (', ...indent(parts.reads.resolve(['SELECT count()', ...scan].join('\n'))), ')'];
  } else {
    let select: string[];
    let scan: string[];
    let reads = parts.reads;
    if (perKey) {
      // PER: the formulas over a first level grouped by key as well (per-scan.ts).
      const per = new PerScan(scope, perKeys);
      select = [...keys, ...values.map((v) => `${emitExpr({ ...scope, windows: { aggregate: per.aggregate } }, v.ir).text} AS ${v.alias}`)];
      const grouping = per.level1(keys);
      const level1 = [`SELECT ${[...parts.select, ...grouping.select, ...per.select()].join(', ')}`, ...scanLines(input, parts), grouping.groupBy];
      scan = ['FROM (', ...indent(parts.reads.resolve(level1.join('\n'))), ')'];
      reads = { resolve: (sql) => sql };
    } else {
      select = [...parts.select, ...values.map((v) => `${emitExpr(scope, v.ir).text} AS ${v.alias}`)];
      scan = scanLines(input, parts);
    }
    if (input.granularity && input.part !== 'rows') {
      // The grouped rows first, then the filling over plain result columns (ClickHouse cannot fill
      // around a lambda, which ROUND uses). WITH FILL fills within each group of the sort keys
      // before the bucket, so a grouped query fills ordered by its groups and is ordered by bucket
      // outside.
      // Without any grouped row, WITH FILL would still make up one group of default keys: a
      // `__real` marker on the real rows lets the outer query drop such a made-up result whole.
      const groupKeys = keys.slice(1);
      const marker = groupKeys.length > 0 ? ['1 AS __real'] : [];
      const grouped = indent(reads.resolve([`SELECT ${[...select, ...marker].join(', ')}`, ...scan, `GROUP BY ${keys.join(', ')}`].join('\n')));
      const fill = fillClause(input, { ...scope, overNoRows: true }, values, groupKeys.length > 0);
      const filled = [`SELECT ${[...keys, ...aliases, ...(marker.length > 0 ? ['__real'] : [])].join(', ')}`, 'FROM (', ...grouped, ')', `ORDER BY ${[...groupKeys, 'bucket'].join(', ')} ${fill}`];
      const renamedValues = results.some((r, i) => r !== aliases[i]);
      lines =
        groupKeys.length === 0 && !renamedValues
          ? filled
          : [`SELECT ${['bucket', ...renames, ...results].join(', ')}`, 'FROM (', ...indent(filled.join('\n')), ')', ...(marker.length > 0 ? ['QUALIFY max(__real) OVER () = 1'] : []), `ORDER BY ${keys.join(', ')}`];
    } else if (topN) {
      // Top N groups (docs/language.md §6): the largest values of the first formula first, missing
      // last, ties to the smaller key (a missing key is the largest); then in key order.
      const ranked = [`SELECT ${select.join(', ')}`, ...scan, `GROUP BY ${keys.join(', ')}`, `ORDER BY ${aliases[0]} DESC NULLS LAST, ${keys.map((k) => `${k} ASC NULLS LAST`).join(', ')}`, `LIMIT ${input.limit}`];
      lines = [`SELECT ${[...renames, ...results].join(', ')}`, 'FROM (', ...indent(reads.resolve(ranked.join('\n'))), ')', `ORDER BY ${keys.join(', ')}`];
    } else {
      lines = [`SELECT ${select.join(', ')}`, ...scan, ...(keys.length > 0 ? [`GROUP BY ${keys.join(', ')}`] : [])];
      const renamed = renames.some((r, i) => r !== keys[(input.granularity ? 1 : 0) + i]) || results.some((r, i) => r !== aliases[i]);
      if (renamed) {
        const outer = [...(input.granularity ? ['bucket'] : []), ...renames, ...results];
        lines = [`SELECT ${outer.join(', ')}`, 'FROM (', ...indent(reads.resolve(lines.join('\n'))), ')'];
      } else {
        lines = reads.resolve(lines.join('\n')).split('\n');
      }
      if (keys.length > 0) lines.push(`ORDER BY ${keys.join(', ')}`);
    }
  }
  // Dated buckets (days, weeks, months) are Dates inside; the result's `bucket` is the instant each starts.
  if (input.granularity && datedBuckets(input.granularity) && input.part !== 'empty') lines = outputBucket(lines, parts, checked.groups.map((g) => quoteAlias(g.name)));
  const sql = lines.join('\n');
  if (utf8Length(sql) > input.maxSqlBytes) throw new SqlTooLarge(input.maxSqlBytes);
  return { sql, params: params.params(), columns };
}

/**
 * The result over dated buckets: `bucket` as the first instant of its Date in the query's timezone
 * (01:00 on a day whose midnight DST skips), every other column as it is, in the result's order.
 */
function outputBucket(lines: readonly string[], parts: SelectParts, groups: readonly string[]): string[] {
  const others = parts.columns.slice(1).map((c) => quoteAlias(c.name));
  // Ordered again by the same keys (the engine drops the inner sort as redundant).
  return [`SELECT ${[`toDateTime(bucket, ${parts.scope.tz()}) AS bucket`, ...others].join(', ')}`, 'FROM (', ...indent(lines.join('\n')), ')', `ORDER BY ${['bucket', ...groups].join(', ')}`];
}

/** FROM and the guarded WHERE over [from, to). */
function scanLines(input: SelectInput, parts: SelectParts): string[] {
  return [`FROM ${identifier(parts.scope.layout.table, true)}`, parts.where(inRange(input, parts))];
}
