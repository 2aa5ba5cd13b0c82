/**
 * The shape of a query with time functions (docs/language.md §7): exact for every aggregate, in
 * one scan.
 *
 *   SELECT bucket, <groups renamed>, <formula over merged states> AS value
 *   FROM (
 *     SELECT <bucket> AS bucket, <groups> AS __g0…, <aggregate>State(…) AS __s0…, <bucket of the range> AS __real
 *     FROM table
 *     WHERE <tenant guard> AND <range reaching back> AND <pushed events> AND (<filter>)
 *     GROUP BY bucket, __g0…
 *     ORDER BY __g0…, bucket WITH FILL FROM <first bucket read> TO <to> STEP INTERVAL 1 <unit>
 *   )
 *   WINDOW __w0 AS (PARTITION BY __g0… ORDER BY bucket ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)…
 *   QUALIFY bucket >= <bucket of from> AND max(__real) OVER (PARTITION BY __g0…) = 1
 *   ORDER BY bucket, <groups>
 *
 * Inside: one row per bucket and group holding each aggregate's mergeable state (`uniqExactState`,
 * `sumOrNullIfState`, `quantileExactInclusiveOrNullIfState(0.95)`), filled so that every calendar
 * bucket of the query's timezone has a row (an empty state where nothing happened). Outside, a
 * time function's aggregates are their states merged over a window of bucket rows (`-Merge …
 * OVER`): ROLLING(COUNT(DISTINCT user_id), 7) is the distinct count of the 7 buckets' users, a
 * rolling percentile the percentile of the window's values — never a sum of per-bucket results.
 * Aggregates outside time functions are their own bucket's state, finalized. Filled rows make
 * ROWS frames count calendar buckets (DST days, months of different lengths, empty buckets).
 *
 * Rows before `from` are read for the buckets PREVIOUS and ROLLING reach back to, whole; the
 * bucket that overlaps `from` contributes only its rows from `from` on. CUMULATIVE starts at the
 * range's first bucket (its window is partitioned by `bucket >= <first>`). The earlier buckets
 * are dropped by QUALIFY after the windows are computed. A group appears when a row of it in
 * [from, to) is read (one only reached by a window does not).
 * https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-state
 */
import type { IrAggregate } from '../model/ir.js';
import type { Frame } from '../emit/scope.js';
import { aggregateCall } from '../emit/aggregate.js';
import { perOverFrame } from './per-windows.js';
import { emitExpr } from '../emit/expr.js';
import { finiteOrNull } from '../emit/scalar.js';
import { identifier } from '../emit/quote.js';
import { bucketStartInstant, bucketsBefore, firstBucket, withFill } from './buckets.js';
import { startsBucket } from '../util/time.js';
import { bucketRange, inRange, indent, type SelectInput, type SelectParts } from './select-parts.js';

/** `n PRECEDING` / `CURRENT ROW` for a bound `n` buckets back. */
function bound(back: number): string {
  return back === 0 ? 'CURRENT ROW' : `${back} PRECEDING`;
}

/** Named windows, one per distinct frame. */
class Windows {
  private readonly names = new Map<string, string>();
  private readonly definitions: string[] = [];

  constructor(
    /** The group keys. */
    private readonly groups: readonly string[],
    /** Whether rows are buckets (ordered by `bucket`), else one row per group. */
    private readonly bucketed: boolean,
    /** The range's first bucket, when earlier buckets are read (they are a partition of their own). */
    private readonly rangeStart: string | undefined,
  ) {}

  /** The window of a frame, or undefined when the frame is the row itself. */
  name(frame: Frame): string | undefined {
    const inRange = this.rangeStart ? [`bucket >= ${this.rangeStart}`] : [];
    let spec: string;
    switch (frame.kind) {
      case 'buckets':
        if (frame.first === 0 && frame.last === 0) return undefined;
        // CUMULATIVE starts at the range's first bucket.
        spec = `${by(frame.first === undefined ? [...this.groups, ...inRange] : this.groups)}ORDER BY bucket ROWS BETWEEN ${frame.first === undefined ? 'UNBOUNDED PRECEDING' : bound(frame.first)} AND ${bound(frame.last)}`;
        break;
      case 'range':
        if (!this.bucketed) return undefined;
        spec = by([...this.groups, ...inRange]).trim();
        break;
      case 'total':
        spec = by(this.bucketed ? ['bucket'] : []).trim();
        break;
      case 'rangeTotal':
        spec = by(inRange).trim();
        break;
    }
    let name = this.names.get(spec);
    if (!name) {
      name = `__w${this.names.size}`;
      this.names.set(spec, name);
      this.definitions.push(`${name} AS (${spec})`);
    }
    return name;
  }

  clause(): string[] {
    return this.definitions.length > 0 ? [`WINDOW ${this.definitions.join(',\n  ')}`] : [];
  }
}

function by(partition: readonly string[]): string {
  return partition.length > 0 ? `PARTITION BY ${partition.join(', ')} ` : '';
}

/** Per-bucket aggregate states, one column per distinct state. */
class States {
  private readonly columns = new Map<string, string>();

  column(state: string): string {
    let name = this.columns.get(state);
    if (!name) {
      name = `__s${this.columns.size}`;
      this.columns.set(state, name);
    }
    return name;
  }

  select(): string[] {
    return [...this.columns.entries()].map(([state, name]) => `${state} AS ${name}`);
  }
}

export function windowedLines(input: SelectInput, parts: SelectParts): string[] {
  const { checked } = input;
  const { scope, reads, keys, renames, time } = parts;
  const bucketed = input.granularity !== undefined;
  const range = bucketed ? bucketRange(input) : undefined;
  const reach = checked.reach;
  const groupKeys = bucketed ? keys.slice(1) : keys;
  const states = new States();
  const windows = new Windows(groupKeys, bucketed, reach > 0 && range ? firstBucket(scope, range) : undefined);
  const merge = (column: string, fn: string, level: string, frame: Frame | undefined): string => {
    const window = frame === undefined ? undefined : windows.name(frame);
    return window === undefined ? `finalizeAggregation(${column})` : `${fn}Merge${level}(${column}) OVER ${window}`;
  };
  const plain = (ir: IrAggregate, frame: Frame | undefined): string => {
    // The state is written in the scan's scope (its rows' events), the merge over bucket rows.
    const call = aggregateCall(scope, ir);
    const text = merge(states.column(`${call.fn}State${call.level}(${call.args})`), call.fn, call.level, frame);
    return call.finite ? finiteOrNull(text) : text;
  };
  // PER: the inner aggregates' states per key, merged over the frame like any state (per-windows.ts).
  const host = { state: (text: string) => states.column(text), merge, plain };
  const aggregate = (ir: IrAggregate, frame: Frame | undefined): string => (ir.perOuter ? perOverFrame(scope, ir, frame, host) : plain(ir, frame));
  // Each formula over the bucket rows, named by its own name (this level reads only metricc's columns).
  const valueSelect = parts.values.map((v) => `${emitExpr({ ...scope, windows: { aggregate } }, v.ir).text} AS ${v.alias}`);
  const aliases = parts.values.map((v) => v.alias);
  // A top-N limit ranks groups by the first formula over the whole range (time functions read as their argument).
  const topN = input.limit !== undefined && groupKeys.length > 0;
  const rank = topN ? emitExpr({ ...scope, windows: { aggregate }, frame: { kind: 'range' } }, parts.values[0]!.ir).text : undefined;

  const params = scope.params;
  const from = () => params.named('from', "DateTime64(3, 'UTC')", input.from);
  const to = () => params.named('to', "DateTime64(3, 'UTC')", input.to);
  // The first bucket's rows before `from` are not read (when `from` starts a bucket there are none).
  const partial = range !== undefined && !startsBucket(input.fromMs, range.granularity, input.timezone);
  const where = parts.where(
    reach === 0 || !range
      ? inRange(input, parts)
      : () => [`${time} >= ${bucketStartInstant(scope, range, bucketsBefore(scope, range, reach))}`, `${time} < ${to()}`, ...(partial ? [`(${time} < ${bucketStartInstant(scope, range, firstBucket(scope, range))} OR ${time} >= ${from()})`] : [])],
  );
  // A group appears when a row of [from, to) carries it (docs/language.md §6), not when a window
  // only reaches its earlier rows: `__real` marks bucket rows of the range (WITH FILL's rows, and
  // the one group of default keys it makes up when no row is grouped, hold 0), and a group
  // without one is dropped after the windows are computed (per group only when rows before `from`
  // are read; otherwise every real row is of the range and only a made-up group lacks one).
  const first = reach > 0 && range ? firstBucket(scope, range) : undefined;
  const marker = bucketed && groupKeys.length > 0 ? [first ? `toUInt8(bucket >= ${first}) AS __real` : '1 AS __real'] : [];
  const scan = [
    `SELECT ${[...parts.select, ...states.select(), ...marker].join(', ')}`,
    `FROM ${identifier(input.layout.table, true)}`,
    where,
    `GROUP BY ${keys.join(', ')}`,
    ...(range ? [`ORDER BY ${[...groupKeys, 'bucket'].join(', ')} ${withFill(scope, range, reach)}`] : []),
  ];
  const qualify = [...(first ? [`bucket >= ${first}`] : []), ...(marker.length > 0 ? [`max(__real) OVER (${first ? by(groupKeys).trim() : ''}) = 1`] : [])];
  const bucketKey = bucketed ? ['bucket'] : [];
  const resultKeys = [...bucketKey, ...renames.map((r) => r.replace(/^__g\d+ AS /, ''))];
  const windowed = [
    'FROM (',
    ...indent(reads.resolve(scan.join('\n'))),
    ')',
    ...windows.clause(),
    ...(qualify.length > 0 ? [`QUALIFY ${qualify.join(' AND ')}`] : []),
  ];
  const order = resultKeys.length > 0 ? [`ORDER BY ${resultKeys.join(', ')}`] : [];
  const results = parts.values.map((v) => v.rename);
  const renamed = results.some((r, i) => r !== aliases[i]);
  if (rank === undefined) {
    const lines = [`SELECT ${[...bucketKey, ...renames, ...valueSelect].join(', ')}`, ...windowed];
    // A formula named like metricc's own columns is computed as `__f{i}` and named outside.
    if (!renamed) return [...lines, ...order];
    return [`SELECT ${[...resultKeys, ...results].join(', ')}`, 'FROM (', ...indent(lines.join('\n')), ')', ...order];
  }
  // Top N groups: ranked by their value over the range, largest first, missing last; ties go to
  // the smaller key (a missing key is the largest). A kept group keeps all its buckets.
  const ranked = [`SELECT ${[...bucketKey, ...groupKeys, ...valueSelect, `${rank} AS __rank`].join(', ')}`, ...windowed];
  return [
    `SELECT ${[...bucketKey, ...renames, ...results].join(', ')}`,
    'FROM (',
    ...indent(ranked.join('\n')),
    ')',
    `QUALIFY dense_rank() OVER (ORDER BY __rank DESC NULLS LAST, ${groupKeys.map((k) => `${k} ASC NULLS LAST`).join(', ')}) <= ${input.limit}`,
    ...order,
  ];
}
