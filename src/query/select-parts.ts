/**
 * What every shape of the SELECT shares (docs/language.md §6): the input, the emit scope, the key
 * columns (bucket, then groups) with their aliases and renames, the result columns, and the
 * guarded WHERE. The tenant guard is built here and nowhere else: the first conjunct of WHERE, a
 * plain comparison of the tenant column with a bound parameter (it prunes through the primary
 * key); the filter is ANDed after it, parenthesized.
 */
import type { CheckedQuery, Ir, IrAggregate } from '../model/ir.js';
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
import { walkIr } from '../model/ir-children.js';
import { BUCKETS, type BucketRange } from './buckets.js';
import { SqlBudget } from '../emit/sql-budget.js';
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
  /** `from` in epoch ms. */
  readonly fromMs: number;
  /**
   * For incremental caching (src/cache/buckets.ts), never in a user's query: `rows` — the
   * bucketed rows that have rows in scope only, unfilled; `empty` — one row of the value columns
   * over no rows (what filling gives a bucket or group without rows).
   */
  readonly part?: 'rows' | 'empty';
  /**
   * Read a rollup instead of the events table (docs/rollups.md; decided by src/route): its table
   * and time column, and each aggregate as a merge of its state column.
   */
  readonly route?: RollupRead;
}

export interface RollupRead {
  readonly table: string;
  readonly time: string;
  merge(scope: EmitScope, ir: IrAggregate): string;
}

export interface Select {
  readonly sql: string;
  readonly params: Record<string, ParamValue>;
  readonly columns: readonly ResultColumn[];
}

export function columnType(ir: Ir): ColumnType {
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

export function bucketRange(input: SelectInput): BucketRange {
  return { granularity: input.granularity!, from: input.from, to: input.to, toMs: input.toMs };
}

export function indent(sql: string): string[] {
  return sql.split('\n').map((l) => `  ${l}`);
}

/** The half-open range `from <= time < to` as WHERE conjuncts (the parameters registered when called). */
export function inRange(input: SelectInput, parts: Pick<SelectParts, 'time' | 'scope'>): () => string[] {
  const { time, scope } = parts;
  return () => [`${time} >= ${scope.params.named('from', "DateTime64(3, 'UTC')", input.from)}`, `${time} < ${scope.params.named('to', "DateTime64(3, 'UTC')", input.to)}`];
}

/** A window that starts at the range's start (CUMULATIVE): the value depends on `from`. */
export function readsFromStart(ir: Ir): boolean {
  for (const node of walkIr(ir)) if (node.kind === 'time' && node.first === undefined) return true;
  return false;
}

export function containsKind(ir: Ir, kind: Ir['kind']): boolean {
  for (const node of walkIr(ir)) if (node.kind === kind) return true;
  return false;
}

/** The parts every shape shares: the emit scope, the keys and columns, the guarded scan. */
export interface SelectParts {
  readonly scope: EmitScope;
  readonly reads: { resolve(sql: string): string };
  /** Key expressions with aliases (`… AS bucket`, `… AS country` / `… AS __g0`). */
  readonly select: readonly string[];
  /** The aliases of the keys: `bucket` first when bucketed, then the groups'. */
  readonly keys: readonly string[];
  /** Per group, its result column as read from the keys (`country`, `__g0 AS \`Time\``). */
  readonly renames: readonly string[];
  readonly columns: readonly ResultColumn[];
  /**
   * WHERE: the tenant guard first (a plain comparison of the tenant column with a bound
   * parameter), then the time range given, then the pushed events and the filter.
   */
  readonly where: (range: () => readonly string[]) => string;
  /** The time column. */
  readonly time: string;
  /** The value columns: each formula with its alias inside and its result column outside. */
  readonly values: readonly ValueColumn[];
}

export interface ValueColumn {
  readonly ir: Ir;
  /** Its alias where it is computed (`value`, `revenue`, `__v0`). */
  readonly alias: string;
  /** Its result column as read from the alias (`revenue`, `__v0 AS \`Time\``). */
  readonly rename: string;
}

export function selectParts(input: SelectInput, inlineGroups: boolean): SelectParts {
  const { checked, route } = input;
  const layout: Layout = route ? { ...input.layout, table: route.table, columns: { ...input.layout.columns, time: route.time } } : input.layout;
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
    ...(route ? { windows: { aggregate: (ir: IrAggregate) => route.merge(scope, ir) } } : {}),
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
  const names = [...checked.groups.map((g) => g.name), ...checked.values.map((v) => v.name)];
  const inlineAll = inlineAliases(names, layout);
  const inline = inlineGroups ? inlineAll : checked.groups.map(() => false);
  const renames: string[] = [];
  checked.groups.forEach((g, i) => {
    const alias = inline[i] ? quoteAlias(g.name) : `__g${i}`;
    select.push(`${emitExpr(scope, g.expr).text} AS ${alias}`);
    keys.push(alias);
    renames.push(inline[i] ? alias : `${alias} AS ${quoteAlias(g.name)}`);
    columns.push({ name: g.name, type: columnType(g.expr) });
  });
  // One formula is the column `value`. Several are named by their keys: by their own name where
  // the scan's aliases cannot collide with a column the query reads (or, over bucket rows, always:
  // that level reads only metricc's own columns), else `__v{i}` renamed outside.
  const single = checked.values.length === 1 && checked.values[0]!.name === 'value';
  const values = checked.values.map((v, i): ValueColumn => {
    columns.push({ name: v.name, type: columnType(v.ir) });
    if (single) return { ir: v.ir, alias: 'value', rename: 'value' };
    const own = quoteAlias(v.name);
    // A name like metricc's own aliases (`__s0`, `__v0`, `__real`) is computed as `__f{i}` everywhere.
    if (v.name.startsWith('__')) return { ir: v.ir, alias: `__f${i}`, rename: `__f${i} AS ${own}` };
    if (!inlineGroups || inlineAll[checked.groups.length + i]) return { ir: v.ir, alias: own, rename: own };
    return { ir: v.ir, alias: `__v${i}`, rename: `__v${i} AS ${own}` };
  });
  const where = (range: () => readonly string[]): string => {
    const conjuncts = [`${identifier(layout.columns.tenant)} = ${params.named('tenant', 'String', input.tenant)}`, ...range()];
    if (plan.pushed) conjuncts.push(eventTest(scope, plan.pushed));
    if (checked.filter) conjuncts.push(at(emitPredicate({ ...scope, rowEvents: checked.filterScope }, checked.filter), PREC.and + 1));
    return `WHERE ${conjuncts.join('\n  AND ')}`;
  };
  return { scope, reads, select, keys, renames, columns, where, time, values };
}

