/**
 * Instants and timezones (shared by the query's bounds and date-time literals in formulas). `from`/`to` are ISO-8601: an instant with `Z` or an offset, or a
 * date / local date-time without one, which is read in the query's timezone (so `from:
 * '2024-03-01'` with `timezone: 'Europe/Berlin'` means Berlin midnight). They reach ClickHouse as
 * `DateTime64(3, 'UTC')` parameters in the form it parses (`2024-01-02 03:04:05.000`).
 * Timezones are IANA names checked with the platform's Intl database.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const TZ_NAME = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+){0,3}$/;

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
  if (tz.length > 64 || !TZ_NAME.test(tz)) return undefined;
  try {
    const resolved = formatter(tz).resolvedOptions().timeZone;
    return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
  } catch {
    return undefined;
  }
}

/** The IANA name to use, or undefined when the platform does not know it (memoized). */
export function canonicalTimezone(tz: string): string | undefined {
  if (canonical.has(tz)) return canonical.get(tz);
  const resolved = resolveTimezone(tz);
  if (canonical.size > 1000) canonical.clear();
  canonical.set(tz, resolved);
  return resolved;
}

/** Offset of `tz` from UTC at `instant`, in milliseconds (whole seconds). */
export function offsetAt(tz: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function zoneOffset(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
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
    epochMs = local - zoneOffset(m[8]);
  } else {
    const first = local - offsetAt(tz, local);
    const second = offsetAt(tz, first);
    epochMs = local - second;
  }
  if (epochMs < MIN_MS || epochMs > MAX_MS) return { ok: false, message: `${JSON.stringify(text)} is outside the supported years 1900–2299` };
  return { ok: true, epochMs, text: clickhouseTime(epochMs) };
}
