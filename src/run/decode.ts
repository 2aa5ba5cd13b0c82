/**
 * Decoding ClickHouse's `JSONCompact` output into typed rows: `meta` gives each SQL column's
 * ClickHouse type, `data` one array per row, and `statistics` the engine's own counts of rows and
 * bytes read (the same from chDB and from a server). Values are converted by type — 64-bit
 * integers may arrive as strings (before ClickHouse 25.8). Date-times are requested as instants
 * (`RESULT_SETTINGS`: `date_time_output_format = 'unix_timestamp'`) and labelled with the offset
 * of the column's timezone *at that instant*: local wall-clock text is ambiguous on a fall-back
 * night (02:00 happens twice in Berlin on 2024-10-27), an instant never is. Local text (a caller's
 * own output) is still read, with the later offset where it is ambiguous.
 */
import type { ResultColumn } from '../query/build-select.js';
import { ExecutionError, type Cell, type Row } from './executor.js';
import { offsetAt } from '../util/time.js';

const NUMERIC = /^(?:U?Int\d+|Float\d+|BFloat16|Decimal)/;
const DATETIME = /^DateTime(?:64)?(?:\((?:\d+\s*,\s*)?(?:'([^']+)')?\))?$|^Date(?:32)?$/;

function unwrap(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/s.exec(t);
    if (!m) return t;
    t = m[1]!.trim();
  }
}

function offsetMinutes(tz: string, utcMs: number): number {
  return Math.round(offsetAt(tz, utcMs) / 60_000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `+01:00`, `-03:30`, or `Z` for 0 minutes. */
function zoneText(offset: number): string {
  if (offset === 0) return 'Z';
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const EPOCH = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Seconds since the epoch as ClickHouse writes them with `date_time_output_format =
 * 'unix_timestamp'` (`1729987200`, DateTime64: `1729987200.123`) → ISO-8601 in `tz` with the
 * offset in force at that instant (`2024-10-27T02:00:00+02:00`); the fraction keeps its digits.
 */
export function isoFromInstant(text: string, tz: string): string {
  const m = EPOCH.exec(text);
  if (!m) throw new ExecutionError('decode', `unexpected date-time ${JSON.stringify(text.slice(0, 64))}`);
  const digits = m[3] ?? '';
  let seconds = Number(m[2]);
  let fraction = digits;
  if (m[1] === '-') {
    // −1.25 s is 1.75 s after −3 s: the wall clock shows whole seconds plus a positive fraction.
    const frac = digits === '' ? 0 : Number(`0.${digits}`);
    seconds = frac > 0 ? -seconds - 1 : -seconds;
    fraction = frac > 0 ? (1 - frac).toFixed(digits.length).slice(2) : digits;
  }
  if (!Number.isSafeInteger(seconds * 1000)) throw new ExecutionError('decode', `date-time out of range ${JSON.stringify(text.slice(0, 64))}`);
  const offset = offsetMinutes(tz, seconds * 1000);
  const d = new Date(seconds * 1000 + offset * 60_000);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction ? `.${fraction}` : ''}`;
  return `${date}T${time}${zoneText(offset)}`;
}

/** `2024-01-02 00:00:00[.fff]` in `tz` → `2024-01-02T00:00:00[.fff]+01:00`. */
export function isoFromLocal(text: string, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(\.\d+)?)?$/.exec(text);
  if (!m) throw new ExecutionError('decode', `unexpected date-time text ${JSON.stringify(text)}`);
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const local = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  let offset = offsetMinutes(tz, local);
  offset = offsetMinutes(tz, local - offset * 60_000);
  const time = m[4] ? `${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}` : '00:00:00';
  return `${m[1]}-${m[2]}-${m[3]}T${time}${zoneText(offset)}`;
}

export function decodeCell(value: unknown, chType: string, serverTz = 'UTC'): Cell {
  if (value === null || value === undefined) return null;
  const t = unwrap(chType);
  if (NUMERIC.test(t)) {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (t === 'Bool') return value === true || value === 1 || value === 'true';
  const dt = DATETIME.exec(t);
  if (dt) {
    const text = String(value);
    const tz = dt[1] ?? serverTz;
    // A DateTime arrives as an instant (RESULT_SETTINGS); a Date, or local text, as a wall clock.
    return t.startsWith('DateTime') && EPOCH.test(text) ? isoFromInstant(text, tz) : isoFromLocal(text, tz);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

interface JsonCompact {
  readonly meta: readonly { readonly name: string; readonly type: string }[];
  readonly data: readonly (readonly unknown[])[];
  readonly statistics?: { readonly elapsed?: number; readonly rows_read?: number | string; readonly bytes_read?: number | string };
}

export interface Decoded {
  readonly rows: Row[];
  readonly stats: { readonly elapsedMs: number; readonly rowsRead: number; readonly bytesRead: number };
}

/**
 * Rows of a `JSONCompact` document, keyed by the compiled columns (by position). `timezone` labels
 * date-times whose type names no zone (the compiled query's `tz` param; default UTC).
 */
export function decodeResult(text: string, columns: readonly ResultColumn[], timezone = 'UTC'): Decoded {
  let doc: JsonCompact;
  try {
    doc = JSON.parse(text) as JsonCompact;
  } catch (cause) {
    throw new ExecutionError('decode', 'the engine did not return a JSONCompact document', { cause });
  }
  if (doc.meta.length !== columns.length) {
    throw new ExecutionError('decode', `the engine returned ${doc.meta.length} columns, the query declares ${columns.length}`);
  }
  const rows = doc.data.map((cells) => {
    const row: Row = {};
    columns.forEach((c, i) => {
      row[c.name] = decodeCell(cells[i], doc.meta[i]!.type, timezone);
    });
    return row;
  });
  const st = doc.statistics ?? {};
  return { rows, stats: { elapsedMs: Number(st.elapsed ?? 0) * 1000, rowsRead: Number(st.rows_read ?? 0), bytesRead: Number(st.bytes_read ?? 0) } };
}

export const RESULT_FORMAT = 'JSONCompact';

/** Output settings every executor sends: date-times as instants (see `isoFromInstant`). */
export const RESULT_SETTINGS = { date_time_output_format: 'unix_timestamp' } as const;

/** The timezone a compiled query's buckets are in (its `tz` param), for types that name none. */
export function queryTimezone(params: Readonly<Record<string, unknown>>): string {
  const tz = params['tz'];
  return typeof tz === 'string' && tz !== '' ? tz : 'UTC';
}
