/**
 * Instants and timezones (shared by the query's bounds and date-time literals in formulas). `from`/`to` are ISO-8601: an instant with `Z` or an offset, or a
 * date / local date-time without one, which is read in the query's timezone (so `from:
 * '2024-03-01'` with `timezone: 'Europe/Berlin'` means Berlin midnight). They reach ClickHouse as
 * `DateTime64(3, 'UTC')` parameters in the form it parses (`2024-01-02 03:04:05.000`).
 * Timezones are the names the ClickHouse engine loads (`system.time_zones`, spelled exactly as it
 * spells them) that the platform's Intl database also knows: a name either side lacks would
 * compile and then fail, or compute bounds the engine disagrees with.
 */
import { CLICKHOUSE_TIMEZONES } from './engine-words.js';
import { suggest } from '../diagnostics/suggest.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const ENGINE_ZONES = new Set(CLICKHOUSE_TIMEZONES);
/** Offsets people actually have: −14:00 … +14:00, minutes 00–59. */
const MAX_OFFSET_MINUTES = 14 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(tz, f);
  }
  return f;
}

const canonical = new Map<string, string | undefined>();

function resolveTimezone(tz: string): string | undefined {
  if (!ENGINE_ZONES.has(tz)) return undefined;
  try {
    formatter(tz);
    return tz;
  } catch {
    return undefined;
  }
}

/** Zone names close to `tz`: the same name in another case first, then near spellings. */
export function timezoneSuggestions(tz: string): string[] {
  const lower = tz.toLowerCase();
  const sameCase = CLICKHOUSE_TIMEZONES.filter((z) => z.toLowerCase() === lower && canonicalTimezone(z) !== undefined);
  if (sameCase.length > 0) return sameCase.slice(0, 1);
  return suggest(tz.slice(0, 64), CLICKHOUSE_TIMEZONES.filter((z) => canonicalTimezone(z) !== undefined));
}

/** The timezone name to use, or undefined when the engine or the platform lacks it (memoized). */
export function canonicalTimezone(tz: string): string | undefined {
  if (canonical.has(tz)) return canonical.get(tz);
  const resolved = resolveTimezone(tz);
  if (canonical.size > 1000) canonical.clear();
  canonical.set(tz, resolved);
  return resolved;
}

/** Offset of `tz` from UTC at `instant`, in milliseconds (whole seconds). */
export function offsetAt(tz: string, instant: number): number {
  if (tz === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The offset in milliseconds, or undefined for one no place has (`+25:00`, `+14:60`). */
function zoneOffset(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

export type InstantResult = { readonly ok: true; readonly epochMs: number; readonly text: string } | { readonly ok: false; readonly message: string };

const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** ClickHouse's DateTime64 text for an instant: `YYYY-MM-DD HH:MM:SS.mmm` (UTC). */
export function clickhouseTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

export function parseInstant(text: string, tz: string): InstantResult {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, message: `${JSON.stringify(text.slice(0, 40))} is not an ISO-8601 date or time such as 2024-03-01 or 2024-03-01T12:00:00Z` };
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const local = Date.UTC(y!, mo! - 1, d!, h, mi, s, ms);
  const check = new Date(local);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { ok: false, message: `${JSON.stringify(text)} is not a real date and time` };
  }
  let epochMs: number;
  if (m[8]) {
    const offset = zoneOffset(m[8]);
    if (offset === undefined) return { ok: false, message: `${JSON.stringify(text)} has the offset ${m[8]}, which is not a real UTC offset (−14:00 to +14:00)` };
    epochMs = local - offset;
  } else {
    const first = local - offsetAt(tz, local);
    const second = offsetAt(tz, first);
    epochMs = local - second;
  }
  if (epochMs < MIN_MS || epochMs > MAX_MS) return { ok: false, message: `${JSON.stringify(text)} is outside the supported years 1900–2299` };
  return { ok: true, epochMs, text: clickhouseTime(epochMs) };
}

/**
 * Whether `instant` starts a calendar bucket in `tz`: an hour (minute, second and millisecond 0
 * in local time), a day (also hour 0), a week (also a Monday) or a month (also day 1).
 */
export function startsBucket(instant: number, unit: 'hour' | 'day' | 'week' | 'month', tz: string): boolean {
  const local = new Date(instant + offsetAt(tz, instant));
  if (local.getUTCMinutes() !== 0 || local.getUTCSeconds() !== 0 || local.getUTCMilliseconds() !== 0) return false;
  if (unit === 'hour') return true;
  if (local.getUTCHours() !== 0) return false;
  return unit === 'day' || (unit === 'week' ? local.getUTCDay() === 1 : local.getUTCDate() === 1);
}

export type BucketUnit = 'hour' | 'day' | 'week' | 'month';

/** Local wall-clock time of `instant` in `tz`, as epoch ms of the same wall-clock reading in UTC. */
function localMs(tz: string, instant: number): number {
  return instant + offsetAt(tz, instant);
}

function truncateLocal(local: number, unit: BucketUnit): number {
  const d = new Date(local);
  d.setUTCMinutes(0, 0, 0);
  if (unit === 'hour') return d.getTime();
  d.setUTCHours(0);
  if (unit === 'day') return d.getTime();
  if (unit === 'week') return d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  d.setUTCDate(1);
  return d.getTime();
}

/**
 * The start of the calendar bucket holding `instant` in `tz` (weeks start on Monday), as the
 * engine's `toStartOfHour`/`toStartOfDay`/`toStartOfWeek(…, 1)`/`toStartOfMonth` compute it: the
 * instant whose local time is the truncated local time, at the offset in force then; where that
 * local time does not exist (a DST gap at midnight), the first instant after the gap.
 */
export function bucketStart(instant: number, unit: BucketUnit, tz: string): number {
  const target = truncateLocal(localMs(tz, instant), unit);
  // Offsets in force around the target: the earliest instant showing that local time wins (a
  // fall-back repeats an hour; the engine's bucket starts at its first occurrence).
  let best = Infinity;
  let guess = target - offsetAt(tz, instant);
  for (const probe of [guess, guess - 3 * 3_600_000, guess + 3 * 3_600_000, instant]) {
    const at = target - offsetAt(tz, probe);
    if (at <= instant && localMs(tz, at) === target && at < best) best = at;
  }
  if (best !== Infinity) return best;
  // No instant shows that local time (a DST gap at midnight): the bucket starts where the gap ends.
  for (let i = 0; i < 4; i++) guess = target - offsetAt(tz, guess);
  const a = target - offsetAt(tz, guess);
  const b = target - offsetAt(tz, a);
  return Math.max(a, b) <= instant ? Math.max(a, b) : Math.min(a, b);
}

/** Shorter than any bucket of the unit, and the probing step after it. */
const BUCKET_PROBE: Record<BucketUnit, [number, number]> = {
  hour: [15 * 60_000, 15 * 60_000],
  day: [20 * 3_600_000, 3_600_000],
  week: [6 * 86_400_000 + 20 * 3_600_000, 3_600_000],
  month: [27 * 86_400_000, 3_600_000],
};

/** The start of the bucket after the one starting at `start`. */
export function nextBucketStart(start: number, unit: BucketUnit, tz: string): number {
  const [first, step] = BUCKET_PROBE[unit];
  for (let probe = start + first; ; probe += step) {
    const b = bucketStart(probe, unit, tz);
    if (b > start) return b;
  }
}
