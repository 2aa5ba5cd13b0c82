/**
 * Buckets in SQL (docs/language.md §6): the start of a row's bucket in the query's timezone
 * (weeks start on Monday), the calendar step between buckets, and the filling bounds — from the
 * bucket of `from` (or earlier, for time functions that read back) to `to`.
 */
import type { Granularity } from './query-shape.js';
import type { EmitScope } from '../emit/scope.js';
import { clickhouseTime } from '../util/time.js';

/**
 * The bucket of an instant, in the query's timezone (weeks start on Monday): an hour's start as a
 * DateTime, and a day, week or month as its Date. Calendar buckets are Dates inside the query so
 * that WITH FILL steps whole calendar days: stepping a DateTime by `INTERVAL 1 DAY` from a midnight
 * lands on a time that does not exist where DST starts at midnight (America/Havana,
 * America/Santiago, Africa/Cairo), and every later step drifts an hour. The result's `bucket` is
 * the Date's first instant (`toDateTime(date, tz)`, 01:00 on such a day), made by `outputBucket`.
 */
export const BUCKETS: Record<Granularity, (time: string, tz: string) => string> = {
  hour: (t, tz) => `toStartOfHour(${t}, ${tz})`,
  day: (t, tz) => `toDate(${t}, ${tz})`,
  week: (t, tz) => `toStartOfWeek(${t}, 1, ${tz})`,
  month: (t, tz) => `toStartOfMonth(${t}, ${tz})`,
};

export const STEPS: Record<Granularity, string> = { hour: 'HOUR', day: 'DAY', week: 'WEEK', month: 'MONTH' };

/** Whether buckets of this granularity are Dates inside the query (calendar days, weeks, months). */
export function datedBuckets(granularity: Granularity): boolean {
  return granularity !== 'hour';
}

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

/** A bucket value as the instant it starts (to compare with the time column). */
export function bucketStartInstant(scope: EmitScope, range: BucketRange, bucket: string): string {
  return datedBuckets(range.granularity) ? `toDateTime(${bucket}, ${scope.tz()})` : bucket;
}

/**
 * The end of filling (exclusive): for hours, `to` as a DateTime in the query's timezone, rounded up
 * to the second (a bucket starting before `to` overlaps the range); for dated buckets, the bucket
 * after the one holding the range's last instant.
 */
export function fillEnd(scope: EmitScope, range: BucketRange): string {
  if (datedBuckets(range.granularity)) {
    const to = scope.params.named('to', "DateTime64(3, 'UTC')", range.to);
    return `${BUCKETS[range.granularity](`${to} - INTERVAL 1 MILLISECOND`, scope.tz())} + INTERVAL 1 ${STEPS[range.granularity]}`;
  }
  const toSecond = Math.ceil(range.toMs / 1000) * 1000;
  const to = toSecond === range.toMs ? scope.params.named('to', "DateTime64(3, 'UTC')", range.to) : scope.params.named('fill_to', "DateTime64(3, 'UTC')", clickhouseTime(toSecond));
  return `toDateTime(${to}, ${scope.tz()})`;
}

/** `WITH FILL FROM … TO … STEP …`: a row for every bucket of the group, in calendar steps. */
export function withFill(scope: EmitScope, range: BucketRange, back: number): string {
  return `WITH FILL FROM ${bucketsBefore(scope, range, back)} TO ${fillEnd(scope, range)} STEP INTERVAL 1 ${STEPS[range.granularity]}`;
}
