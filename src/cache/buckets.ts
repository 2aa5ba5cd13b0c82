/**
 * Incremental caching of bucketed queries (docs/api.md, "Incremental caching"): the rows of each
 * closed bucket are kept apart; a query reads the buckets it finds and asks the engine only for
 * contiguous runs of the rest, then merges. The compiled query says whether its buckets can be
 * split (`incremental`, src/compile.ts) and compiles the runs; this module plans, merges and
 * checks — the engine's own bucket labels must be exactly the planned ones, else the whole query
 * runs as it is (a zone whose calendar the engine steps differently is never merged wrongly).
 */
import type { Cell, Row, RunResult, Runnable } from '../run/executor.js';

type ResultColumn = RunResult['columns'][number];
import { isoFromInstant } from '../run/decode.js';
import { bucketStart, nextBucketStart, type BucketUnit } from '../util/time.js';

/** The part of a compiled query's `incremental` this module uses (structural: no compiler import). */
export interface BucketPlan {
  readonly key: string;
  readonly reach: number;
  readonly groups: readonly string[];
  readonly filled: boolean;
  rows(fromMs: number, toMs: number): Runnable;
  empty(): Runnable;
}

export interface BucketShape {
  readonly fromMs: number;
  readonly toMs: number;
  readonly granularity: BucketUnit;
  readonly timezone: string;
}

export interface Bucket {
  readonly start: number;
  readonly end: number;
  /** Where the rows its value reads start: `reach` buckets earlier (time functions), else its start. */
  readonly reads: number;
  /** Its value does not depend on the query's own ends, so it can be kept for other ranges. */
  readonly whole: boolean;
}

/**
 * The buckets of [from, to): a bucket is whole unless it holds an unaligned `from` (it starts
 * there), follows it within `reach` (its window reads that bucket), or holds an unaligned `to`.
 */
export function planBuckets(shape: BucketShape, reach: number): Bucket[] {
  const out: Bucket[] = [];
  const first = bucketStart(shape.fromMs, shape.granularity, shape.timezone);
  const edge = first === shape.fromMs ? 0 : reach + 1;
  // Every bucket start from `reach` buckets before the first: bucket i reads from starts[i].
  const starts: number[] = [first];
  for (let i = 0; i < reach; i++) starts.unshift(bucketStart(starts[0]! - 1, shape.granularity, shape.timezone));
  for (let start = first; start < shape.toMs; ) {
    const end = nextBucketStart(start, shape.granularity, shape.timezone);
    out.push({ start, end, reads: starts[out.length]!, whole: out.length >= edge && end <= shape.toMs });
    starts.push(end);
    start = end;
  }
  return out;
}

/** Contiguous runs of bucket indexes [first, last] not found. */
export function missingRuns(found: readonly boolean[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < found.length; i++) {
    if (found[i]) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** The range a run of buckets is compiled for: bucket starts, or the query's own ends. */
export function runRange(buckets: readonly Bucket[], run: [number, number], shape: BucketShape): [number, number] {
  const from = run[0] === 0 ? shape.fromMs : buckets[run[0]]!.start;
  const to = run[1] === buckets.length - 1 ? shape.toMs : buckets[run[1]]!.end;
  return [from, to];
}

/** A row's bucket as an instant (labels are ISO-8601 with the offset). */
function bucketOf(row: Row): number {
  return typeof row['bucket'] === 'string' ? Date.parse(row['bucket']) : NaN;
}

/**
 * The fresh rows of a run, by bucket index; undefined when the engine's buckets are not the
 * planned ones (or a filled run misses one).
 */
export function splitRun(result: RunResult, buckets: readonly Bucket[], run: [number, number], filled: boolean): Row[][] | undefined {
  const index = new Map<number, number>();
  for (let i = run[0]; i <= run[1]; i++) index.set(buckets[i]!.start, i);
  const out: Row[][] = Array.from({ length: run[1] - run[0] + 1 }, () => []);
  for (const row of result.rows) {
    const i = index.get(bucketOf(row));
    if (i === undefined) return undefined;
    out[i - run[0]]!.push(row);
  }
  if (filled && out.some((rows) => rows.length !== 1)) return undefined;
  return out;
}

/** ClickHouse's ORDER BY on a key column: ascending, missing last; strings by their UTF-8 bytes. */
function compareCell(a: Cell, b: Cell, type: ResultColumn['type']): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (type === 'datetime') return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  // Code point order is UTF-8 byte order (UTF-16 code unit order is not, past U+FFFF).
  const xs = [...x];
  const ys = [...y];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const d = xs[i]!.codePointAt(0)! - ys[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return xs.length - ys.length;
}

/**
 * The merged rows, as the whole query would return them: each bucket's rows; without groups,
 * one row per bucket; with groups, every group that has rows in some bucket gets every bucket
 * (docs/language.md §6), ordered by bucket then keys. `empty` gives the values a bucket or group
 * without rows shows (asked only when one is needed).
 */
export async function mergeBuckets(
  perBucket: readonly (readonly Row[])[],
  buckets: readonly Bucket[],
  plan: Pick<BucketPlan, 'groups' | 'filled'>,
  columns: readonly ResultColumn[],
  timezone: string,
  empty: () => Promise<Row>,
): Promise<Row[]> {
  if (plan.filled) return perBucket.flat();
  const groupTypes = plan.groups.map((g) => columns.find((c) => c.name === g)!.type);
  const groups = new Map<string, Cell[]>();
  const keyOf = (row: Row) => JSON.stringify(plan.groups.map((g) => row[g] ?? null));
  for (const rows of perBucket) for (const row of rows) if (!groups.has(keyOf(row))) groups.set(keyOf(row), plan.groups.map((g) => row[g] ?? null));
  if (plan.groups.length === 0) groups.set('[]', []);
  const ordered = [...groups.entries()].sort(([, a], [, b]) => {
    for (let i = 0; i < a.length; i++) {
      const d = compareCell(a[i]!, b[i]!, groupTypes[i]!);
      if (d !== 0) return d;
    }
    return 0;
  });
  let filler: Row | undefined;
  const out: Row[] = [];
  for (let i = 0; i < buckets.length; i++) {
    const byKey = new Map(perBucket[i]!.map((row) => [keyOf(row), row] as const));
    for (const [key, values] of ordered) {
      const row = byKey.get(key);
      if (row) {
        out.push(row);
        continue;
      }
      filler ??= await empty();
      const made: Row = { bucket: isoFromInstant(String(buckets[i]!.start / 1000), timezone) };
      plan.groups.forEach((g, j) => (made[g] = values[j]!));
      for (const c of columns) if (!(c.name in made)) made[c.name] = filler[c.name] ?? null;
      out.push(made);
    }
  }
  return out;
}
