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
import type { CheckedQuery, Ir } from '../model/ir.js';
import type { IrType } from '../model/types.js';
import { RESERVED_RESULT_NAMES, slotIndex, type Layout } from '../model/layout.js';
import { ParamCollector, type ParamValue } from '../emit/params.js';
import { emitExpr, emitPredicate } from '../emit/expr.js';
import { eventTest } from '../emit/read-property.js';
import { identifier, isPlainName, quoteAlias } from '../emit/quote.js';
import { PREC, at } from '../emit/sql.js';
import type { EmitScope } from '../emit/scope.js';
import type { Granularity } from './query-shape.js';
import { planEvents } from './plan.js';
import { irChildren } from '../model/ir-children.js';
import { clickhouseTime } from '../util/time.js';
import { SqlBudget, SqlTooLarge, utf8Length } from '../emit/sql-budget.js';
import { SharedReads } from '../emit/shared-reads.js';

export type ColumnType = Exclude<IrType, 'error' | 'null'>;

export interface ResultColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface SelectInput {
  readonly checked: CheckedQuery;
  readonly layout: Layout;
  readonly tenant: string;
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly granularity: Granularity | undefined;
  readonly limit: number | undefined;
  readonly maxSqlBytes: number;
  /** `to` in epoch ms (the last filled bucket is the last one starting before it). */
  readonly toMs: number;
}

export interface Select {
  readonly sql: string;
  readonly params: Record<string, ParamValue>;
  readonly columns: readonly ResultColumn[];
}

/** Start-of-bucket in the query's timezone, always a DateTime (weeks start on Monday). */
const BUCKETS: Record<Granularity, (time: string, tz: string) => string> = {
  hour: (t, tz) => `toStartOfHour(${t}, ${tz})`,
  day: (t, tz) => `toStartOfDay(${t}, ${tz})`,
  week: (t, tz) => `toDateTime(toStartOfWeek(${t}, 1, ${tz}), ${tz})`,
  month: (t, tz) => `toDateTime(toStartOfMonth(${t}, ${tz}), ${tz})`,
};

function columnType(ir: Ir): ColumnType {
  return ir.type === 'error' || ir.type === 'null' ? 'number' : ir.type;
}

/**
 * Whether a group may be aliased by its own name inside the query: a plain name that no
 * identifier of the query means (ClickHouse identifiers are case-sensitive: `source` is not the
 * column `Source`), else it is computed as `__g{i}` and renamed outside.
 */
function inlineAliases(names: readonly string[], layout: Layout): boolean[] {
  const taken = new Set<string>([...RESERVED_RESULT_NAMES, ...Object.values(layout.columns), ...layout.table.split('.')]);
  return names.map((name) => {
    const inline = isPlainName(name) && !taken.has(name) && slotIndex(name, layout.slots) === undefined && !name.startsWith('__');
    taken.add(name);
    return inline;
  });
}

const STEPS: Record<Granularity, string> = { hour: 'HOUR', day: 'DAY', week: 'WEEK', month: 'MONTH' };

/**
 * Filled buckets (docs/language.md §6): every bucket that overlaps [from, to) has a row. WITH FILL
 * steps calendar units in the query's timezone (DST days, months of different lengths) from the
 * bucket of `from` to `to` (exclusive, rounded up to the second: a bucket starting before `to`
 * overlaps the range); a filled row's value is the formula over no rows, computed by ClickHouse as
 * a scalar subquery (INTERPOLATE cannot fold the lambda ROUND uses).
 * https://clickhouse.com/docs/sql-reference/statements/select/order-by#order-by-expr-with-fill-modifier
 */
function fillClause(input: SelectInput, empty: EmitScope, value: Ir, marked: boolean): string {
  const granularity = input.granularity!;
  const start = BUCKETS[granularity](empty.params.named('from', "DateTime64(3, 'UTC')", input.from), empty.tz());
  const toSecond = Math.ceil(input.toMs / 1000) * 1000;
  const to = toSecond === input.toMs ? empty.params.named('to', "DateTime64(3, 'UTC')", input.to) : empty.params.named('fill_to', "DateTime64(3, 'UTC')", clickhouseTime(toSecond));
  const valueOverNoRows = emitExpr(empty, value).text;
  return `WITH FILL FROM ${start} TO toDateTime(${to}, ${empty.tz()}) STEP INTERVAL 1 ${STEPS[granularity]} INTERPOLATE (value AS (SELECT ${valueOverNoRows})${marked ? ', __real AS 0' : ''})`;
}

function indent(sql: string): string[] {
  return sql.split('\n').map((l) => `  ${l}`);
}

function containsAggregate(ir: Ir): boolean {
  const stack: Ir[] = [ir];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'aggregate') return true;
    stack.push(...irChildren(node));
  }
  return false;
}

export function buildSelect(input: SelectInput): Select {
  const { checked, layout } = input;
  const params = new ParamCollector();
  const plan = planEvents(checked);
  let tz: string | undefined;
  const budget = new SqlBudget(input.maxSqlBytes);
  const reads = new SharedReads(budget);
  const scope: EmitScope = {
    params,
    layout,
    rowEvents: plan.rowEvents,
    tz: () => (tz ??= params.named('tz', 'String', input.timezone)),
    budget,
    reads,
  };
  const time = identifier(layout.columns.time);

  const select: string[] = [];
  const keys: string[] = [];
  const columns: ResultColumn[] = [];
  if (input.granularity) {
    select.push(`${BUCKETS[input.granularity](time, scope.tz())} AS bucket`);
    keys.push('bucket');
    columns.push({ name: 'bucket', type: 'datetime' });
  }
  const inline = inlineAliases(checked.groups.map((g) => g.name), layout);
  const renames: string[] = [];
  checked.groups.forEach((g, i) => {
    const alias = inline[i] ? quoteAlias(g.name) : `__g${i}`;
    select.push(`${emitExpr(scope, g.expr).text} AS ${alias}`);
    keys.push(alias);
    renames.push(inline[i] ? alias : `${alias} AS ${quoteAlias(g.name)}`);
    columns.push({ name: g.name, type: columnType(g.expr) });
  });
  select.push(`${emitExpr(scope, checked.value).text} AS value`);
  columns.push({ name: 'value', type: columnType(checked.value) });

  const where = [
    `${identifier(layout.columns.tenant)} = ${params.named('tenant', 'String', input.tenant)}`,
    `${time} >= ${params.named('from', "DateTime64(3, 'UTC')", input.from)}`,
    `${time} < ${params.named('to', "DateTime64(3, 'UTC')", input.to)}`,
  ];
  if (plan.pushed) where.push(eventTest(scope, plan.pushed));
  if (checked.filter) where.push(at(emitPredicate({ ...scope, rowEvents: checked.filterScope }, checked.filter), PREC.and + 1));

  const scan = [`FROM ${identifier(layout.table, true)}`, `WHERE ${where.join('\n  AND ')}`];
  let lines: string[];
  if (keys.length === 0 && !containsAggregate(checked.value)) {
    lines = [`SELECT ${select.join(', ')}`, 'FROM (', ...indent(reads.resolve(['SELECT count()', ...scan].join('\n'))), ')'];
  } else if (input.granularity) {
    // The grouped rows first, then the filling over plain result columns (ClickHouse cannot fill
    // around a lambda, which ROUND uses). WITH FILL fills within each group of the sort keys
    // before the bucket, so a grouped query fills ordered by its groups and is ordered by bucket
    // outside.
    // Without any grouped row, WITH FILL would still make up one group of default keys: a
    // `__real` marker on the real rows lets the outer query drop such a made-up result whole.
    const groupKeys = keys.slice(1);
    const marker = groupKeys.length > 0 ? ['1 AS __real'] : [];
    const grouped = indent(reads.resolve([`SELECT ${[...select, ...marker].join(', ')}`, ...scan, `GROUP BY ${keys.join(', ')}`].join('\n')));
    const fill = fillClause(input, { ...scope, overNoRows: true }, checked.value, groupKeys.length > 0);
    const filled = [`SELECT ${[...keys, 'value', ...(marker.length > 0 ? ['__real'] : [])].join(', ')}`, 'FROM (', ...grouped, ')', `ORDER BY ${[...groupKeys, 'bucket'].join(', ')} ${fill}`];
    lines = groupKeys.length === 0 ? filled : [`SELECT ${['bucket', ...renames, 'value'].join(', ')}`, 'FROM (', ...indent(filled.join('\n')), ')', 'QUALIFY max(__real) OVER () = 1', `ORDER BY ${keys.join(', ')}`];
  } else {
    lines = [`SELECT ${select.join(', ')}`, ...scan, ...(keys.length > 0 ? [`GROUP BY ${keys.join(', ')}`] : [])];
    const renamed = renames.some((r, i) => r !== keys[(input.granularity ? 1 : 0) + i]);
    if (renamed) {
      const outer = [...(input.granularity ? ['bucket'] : []), ...renames, 'value'];
      lines = [`SELECT ${outer.join(', ')}`, 'FROM (', ...indent(reads.resolve(lines.join('\n'))), ')'];
    } else {
      lines = reads.resolve(lines.join('\n')).split('\n');
    }
    if (keys.length > 0) lines.push(`ORDER BY ${keys.join(', ')}`);
  }
  if (input.limit !== undefined) lines.push(`LIMIT ${input.limit}`);
  const sql = lines.join('\n');
  if (utf8Length(sql) > input.maxSqlBytes) throw new SqlTooLarge(input.maxSqlBytes);
  return { sql, params: params.params(), columns };
}
