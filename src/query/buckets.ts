/**
 * Buckets in SQL (docs/language.md §6): the start of a row's bucket in the query's timezone
 * (weeks start on Monday), the calendar step between buckets, and the filling bounds — from the
 * bucket of `from` (or earlier, for time functions that read back) to `to`.
 */
import type { Granularity } from './query-shape.js';
import type { EmitScope } from '../emit/scope.js';
import { clickhouseTime } from '../util/time.js';

/** Start-of-bucket in the query's timezone, always a DateTime (weeks start on Monday). */
export const BUCKETS: Record<Granularity, (time: string, tz: string) => string> = {
  hour: (t, tz) => `toStartOfHour(${t}, ${tz})`,
  day: (t, tz) => `toStartOfDay(${t}, ${tz})`,
  week: (t, tz) => `toDateTime(toStartOfWeek(${t}, 1, ${tz}), ${tz})`,
  month: (t, tz) => `toDateTime(toStartOfMonth(${t}, ${tz}), ${tz})`,
};

export const STEPS: Record<Granularity, string> = { hour: 'HOUR', day: 'DAY', week: 'WEEK', month: 'MONTH' };

export interface BucketRange {
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
  readonly toMs: number;
}

/** The bucket of `from`: the first bucket of the result. */
export function firstBucket(scope: EmitScope, range: BucketRange): string {
  return BUCKETS[range.granularity](scope.params.named('from', "DateTime64(3, 'UTC')", range.from), scope.tz());
}

/** `back` calendar buckets before the first (the same expression when `back` is 0). */
export function bucketsBefore(scope: EmitScope, range: BucketRange, back: number): string {
  const first = firstBucket(scope, range);
  return back === 0 ? first : `${first} - INTERVAL ${back} ${STEPS[range.granularity]}`;
}

/**
 * The end of filling: `to` as a DateTime in the query's timezone, rounded up to the second (a
 * bucket starting before `to` overlaps the range).
 */
export function fillEnd(scope: EmitScope, range: BucketRange): string {
  const toSecond = Math.ceil(range.toMs / 1000) * 1000;
  const to = toSecond === range.toMs ? scope.params.named('to', "DateTime64(3, 'UTC')", range.to) : scope.params.named('fill_to', "DateTime64(3, 'UTC')", clickhouseTime(toSecond));
  return `toDateTime(${to}, ${scope.tz()})`;
}

/** `WITH FILL FROM … TO … STEP …`: a row for every bucket of the group, in calendar steps. */
export function withFill(scope: EmitScope, range: BucketRange, back: number): string {
  return `WITH FILL FROM ${bucketsBefore(scope, range, back)} TO ${fillEnd(scope, range)} STEP INTERVAL 1 ${STEPS[range.granularity]}`;
}
