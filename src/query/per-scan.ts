/**
 * PER (docs/language.md §6): aggregates computed once per key, and an aggregate over those values.
 * Two levels, one scan:
 *
 *   SELECT <keys>, <formulas over level-1 columns> FROM (
 *     SELECT <bucket, groups>, <key> AS __k0,
 *            <each PER aggregate, with its outer aggregate's row conditions> AS __i0 …,
 *            countIf(<outer row conditions>) > 0 AS __in0 …,      -- which keys the outer one sees
 *            <each plain aggregate>State(…) AS __p0 …               -- merged outside: exact
 *     FROM table WHERE <tenant guard> AND …
 *     GROUP BY <bucket, groups>, __k0         -- several keys: GROUPING SETS (below)
 *   ) GROUP BY <bucket, groups>
 *
 * The outer aggregate runs over one row per key: `avgOrNullIf(__i0, __k0 IS NOT NULL AND __in0)`
 * — rows whose key is missing belong to no key; its FILTER restricts the rows before they are
 * grouped by key (so it is ANDed into the inner aggregates and decides which keys it sees), and
 * what surrounds the inner aggregates (`COUNT(*) PER user_id >= 3`) is computed per key. Plain
 * aggregates beside it keep their meaning through mergeable states (`-State` inside, `-Merge`
 * outside).
 * https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-merge
 */
import { FUNCTIONS } from '../model/functions.js';
import type { Ir, IrAggregate } from '../model/ir.js';
import { perKeyIn, perKeyName, walkIr } from '../model/ir-children.js';
import { aggregateCall, emitAggregate, functionName } from '../emit/aggregate.js';
import { emitExpr, emitPredicate } from '../emit/expr.js';
import { finiteOrNull } from '../emit/scalar.js';
import { PREC, at } from '../emit/sql.js';
import { sqlNumber } from '../emit/numbers.js';
import type { EmitScope } from '../emit/scope.js';

const hasPer = (ir: Ir): boolean => perKeyIn(ir) !== undefined;

/** Every distinct PER key of the formulas (by the name it reads). */
export function perKeysOf(values: readonly Ir[]): Ir[] {
  const keys = new Map<string, Ir>();
  for (const v of values) {
    for (const node of walkIr(v)) {
      if (node.kind !== 'aggregate' || !node.perOuter) continue;
      if (!keys.has(perKeyName(node.perOuter))) keys.set(perKeyName(node.perOuter), node.perOuter);
    }
  }
  return [...keys.values()];
}

/**
 * An outer aggregate's conditions split as PER reads them: row conditions (no PER aggregate in
 * them) restrict the rows before they are grouped by key — `rows` is COUNT(*) under them, which
 * says which rows make keys — and key conditions are computed per key.
 */
export function outerConditions(o: IrAggregate): { rowConds: Ir[]; rowEvents: IrAggregate['conditionEvents']; keyConds: Ir[]; rows: IrAggregate } {
  const rowConds = o.conditions.filter((c) => !hasPer(c));
  const rowEvents = o.conditionEvents.filter((_, i) => !hasPer(o.conditions[i]!));
  const keyConds = o.conditions.filter(hasPer);
  const rows: IrAggregate = { kind: 'aggregate', fn: 'COUNT', spec: FUNCTIONS.COUNT, args: [], level: undefined, star: true, distinct: false, conditions: rowConds, conditionEvents: rowEvents, scope: o.scope, type: 'number', nullable: false };
  return { rowConds, rowEvents, keyConds, rows };
}

/**
 * Several keys (`AVG(COUNT(*) PER user_id) + AVG(COUNT(*) PER session_id)`): level 1 reads each
 * row once per key (`arrayJoin([0, 1]) AS __set`, key N's value in `__kN` on its rows, NULL on the
 * others) and groups by `<bucket, groups>, __set, __k0, __k1` — one scan; each outer aggregate
 * reads its own key's rows (`__set = N`), plain aggregates merge the states of the first key's
 * rows (each key's rows hold every event row once).
 */
export class PerScan {
  private readonly columns: string[] = [];
  private readonly byText = new Map<string, string>();
  private readonly keyIndex = new Map<string, number>();

  /** `scan`: the scope of the events' rows (level 1); `keys`: the PER keys, `__k0` … in order. */
  constructor(
    private readonly scan: EmitScope,
    private readonly keys: readonly Ir[],
  ) {
    keys.forEach((k, i) => this.keyIndex.set(perKeyName(k), i));
  }

  /** Level-1 key columns, and how level 1 groups (`groupKeys`: bucket and groups). */
  level1(groupKeys: readonly string[]): { select: string[]; groupBy: string } {
    if (this.keys.length === 1) return { select: [`${emitExpr(this.scan, this.keys[0]!).text} AS __k0`], groupBy: `GROUP BY ${[...groupKeys, '__k0'].join(', ')}` };
    // Each row once per key (`__set`), grouped by that key alone: a key that reads what a group
    // reads stays a key of its own (GROUPING SETS would merge such equal expressions).
    const select = [`arrayJoin([${this.keys.map((_, i) => i).join(', ')}]) AS __set`, ...this.keys.map((k, i) => `if(__set = ${i}, ${emitExpr(this.scan, k).text}, NULL) AS __k${i}`)];
    return { select, groupBy: `GROUP BY ${[...groupKeys, '__set', ...this.keys.map((_, i) => `__k${i}`)].join(', ')}` };
  }

  /** Level-1 rows of key `i` (always all of them with one key). */
  private inSet(i: number): string[] {
    return this.keys.length > 1 ? [`__set = ${i}`] : [];
  }

  private column(text: string, prefix: string): string {
    let name = this.byText.get(text);
    if (!name) {
      name = `${prefix}${this.columns.length}`;
      this.byText.set(text, name);
      this.columns.push(`${text} AS ${name}`);
    }
    return name;
  }

  /** Level-1 columns after the keys. */
  select(): readonly string[] {
    return this.columns;
  }

  /** How an aggregate of a formula is written over the level-1 rows. */
  readonly aggregate = (ir: IrAggregate): string => (ir.perOuter ? this.outer(ir) : this.plain(ir));

  private plain(ir: IrAggregate): string {
    const call = aggregateCall(this.scan, ir);
    const state = this.column(`${call.fn}State${call.level}(${call.args})`, '__p');
    const only = this.inSet(0);
    const text = only.length > 0 ? `${call.fn}MergeIf${call.level}(${state}, ${only[0]})` : `${call.fn}Merge${call.level}(${state})`;
    return call.finite ? finiteOrNull(text) : text;
  }

  private outer(o: IrAggregate): string {
    const { rowConds, rowEvents, keyConds, rows } = outerConditions(o);
    const inner = (ir: IrAggregate): string => this.column(emitAggregate(this.scan, { ...ir, conditions: [...ir.conditions, ...rowConds], conditionEvents: [...ir.conditionEvents, ...rowEvents] }), '__i');
    // An outer aggregate the catalogue says is a float (SUM, AVG, …) reads its per-key values as
    // Float64: ClickHouse's sum of counts would be a UInt64, which meets floats in no common type.
    const asFloat = o.spec.numeric === 'float';
    const perKey = { ...this.scan, windows: { aggregate: (ir: IrAggregate) => (ir.per ? (asFloat ? `toFloat64(${inner(ir)})` : inner(ir)) : this.plain(ir)) } };
    const presence =
      rowConds.length > 0
        ? [`${this.column(`${emitAggregate(this.scan, rows)} > 0`, '__in')}`]
        : [];
    const values = o.spec.countsRows && !o.distinct ? o.args.filter((a) => a.nullable) : o.args;
    const args = values.map((a) => emitExpr(perKey, a).text);
    const k = this.keyIndex.get(perKeyName(o.perOuter!)) ?? 0;
    const conds = [...keyConds.map((c) => at(emitPredicate(perKey, c), PREC.and + 1)), `__k${k} IS NOT NULL`, ...this.inSet(k), ...presence];
    const level = o.level !== undefined ? `(${sqlNumber(o.level)})` : '';
    const text = `${functionName(o.spec, o, true)}${level}(${[...args, conds.join(' AND ')].join(', ')})`;
    return o.spec.sql.finite ? finiteOrNull(text) : text;
  }
}
