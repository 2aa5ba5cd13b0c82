/**
 * PER inside a query over bucket rows (time functions, TOTAL by groups, top N over buckets;
 * docs/language.md §7): each bucket row keeps, per inner aggregate, a *map state* — the inner
 * aggregate's state per key (ClickHouse's -Map combinator) — so a frame of buckets merges the
 * keys' states exactly like any other state: a user active on three days of a 7-day window is
 * one key whose inner aggregate runs over the three days' rows.
 *
 *   <inner>Map[If]State(map(<key>, <value>), <key present> AND <outer's row conditions>) AS __sN
 *   …
 *   arrayReduce('<outer>If', arrayMap((__v0, …) -> <per-key argument>, mapValues(<merged __sN>), …),
 *                            arrayMap((__v0, …) -> <per-key condition>, …))
 *
 * Every map of one outer aggregate holds the same keys (the rows that pass its row conditions
 * with a present key; an inner FILTER makes a value missing, not a key: `if(cond, x, NULL)`), and
 * a merged map lists its keys in order, so the maps' values line up key by key.
 * https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-map
 */
import type { Ir, IrAggregate } from '../model/ir.js';
import { aggregateParts, functionName } from '../emit/aggregate.js';
import { emitExpr, emitPredicate } from '../emit/expr.js';
import { finiteOrNull } from '../emit/scalar.js';
import { PREC, at } from '../emit/sql.js';
import { sqlNumber } from '../emit/numbers.js';
import type { EmitScope, Frame } from '../emit/scope.js';
import { outerConditions } from './per-scan.js';

/** What the bucket-row query lends: state columns, their merge over a frame, plain aggregates. */
export interface PerWindowHost {
  /** The column holding a per-bucket state (one per distinct state text). */
  state(text: string): string;
  /** A state column merged over a frame (`<fn>Merge(col) OVER w`, or finalized for the row itself). */
  merge(column: string, fn: string, level: string, frame: Frame | undefined): string;
  /** A plain aggregate over a frame. */
  plain(ir: IrAggregate, frame: Frame | undefined): string;
}

/**
 * A map key from a key value: ClickHouse's -Map takes strings, integers and booleans as keys, so
 * a number is keyed by its bits (so 0 and -0 are two keys, as GROUP BY and COUNT(DISTINCT) see them) and a date-time by its milliseconds (a `DateTime` time column as well as `DateTime64`).
 */
function mapKey(text: string, key: Ir): string {
  const present = key.nullable ? `assumeNotNull(${text})` : text;
  if (key.type === 'number') return `reinterpretAsUInt64(toFloat64(${present}))`;
  if (key.type === 'datetime') return `toUnixTimestamp64Milli(toDateTime64(${present}, 3))`;
  return present;
}

/** The outer aggregate of PER aggregates over a frame of bucket rows. */
export function perOverFrame(scan: EmitScope, o: IrAggregate, frame: Frame | undefined, host: PerWindowHost): string {
  const key = o.perOuter!;
  const { keyConds, rows: rowsAggregate } = outerConditions(o);
  // Which rows make a key: its value is present and the outer aggregate's row conditions hold.
  const rows = aggregateParts(scan, rowsAggregate);
  const keyText = emitExpr(scan, key).text;
  const presence = [...(key.nullable ? [`isNotNull(${keyText})`] : []), ...(rows.condition !== undefined ? [rows.condition] : [])].join(' AND ');
  const merged: string[] = [];
  const variables = new Map<string, string>();
  const inner = (ir: IrAggregate): string => {
    const p = aggregateParts(scan, ir);
    if (p.values.length > 1) throw new Error('internal: a PER aggregate with several values');
    const v = p.values[0] ?? '1';
    const value = p.condition === undefined ? v : `if(${p.condition}, ${v}, NULL)`;
    const fn = `${p.base}Map${presence ? 'If' : ''}`;
    const column = host.state(`${fn}State${p.level}(map(${mapKey(keyText, key)}, ${value})${presence ? `, ${presence}` : ''})`);
    const values = `mapValues(${host.merge(column, fn, p.level, frame)})`;
    let name = variables.get(values);
    if (!name) {
      name = `__v${variables.size}`;
      variables.set(values, name);
      merged.push(values);
    }
    return p.finite ? finiteOrNull(name) : name;
  };
  // An outer aggregate the catalogue says is a float reads its per-key values as Float64 (a
  // count's are integers, which meet floats in no common type).
  const asFloat = (ir: IrAggregate) => o.spec.numeric === 'float' && ir.spec.numeric !== 'float';
  const perKey: EmitScope = { ...scan, windows: { aggregate: (ir) => (ir.per ? (asFloat(ir) ? `toFloat64(${inner(ir)})` : inner(ir)) : host.plain(ir, frame)) } };
  const args = o.args.map((a) => emitExpr(perKey, a).text);
  const conds = keyConds.map((c) => at(emitPredicate(perKey, c), PREC.and + 1));
  const lambda = (body: string) => {
    const names = [...variables.values()];
    return names.length === 1 && body === names[0] ? merged[0]! : `arrayMap((${names.join(', ')}) -> ${body}, ${merged.join(', ')})`;
  };
  const arrays = [...args.map(lambda), ...(conds.length > 0 ? [lambda(conds.join(' AND '))] : [])];
  const fn = `${functionName(o.spec, o, conds.length > 0)}${o.level !== undefined ? `(${sqlNumber(o.level)})` : ''}`;
  if (!/^[A-Za-z]+(\([0-9.e+-]+\))?$/.test(fn)) throw new Error(`internal: an aggregate name ${fn}`);
  const text = `arrayReduce('${fn}', ${arrays.join(', ')})`;
  return o.spec.sql.finite ? finiteOrNull(text) : text;
}
