/**
 * Decoding ClickHouse's `JSONCompact` output into typed rows: `meta` gives each SQL column's
 * ClickHouse type, `data` one array per row, and `statistics` the engine's own counts of rows and
 * bytes read (the same from chDB and from a server). Values are converted by type — 64-bit
 * integers may arrive as strings (before ClickHouse 25.8), date-times arrive as text in the
 * column's timezone and leave as ISO-8601 with the offset.
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

/** `2024-01-02 00:00:00[.fff]` in `tz` → `2024-01-02T00:00:00[.fff]+01:00`. */
export function isoFromLocal(text: string, tz: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(\.\d+)?)?$/.exec(text);
  if (!m) throw new ExecutionError('decode', `unexpected date-time text ${JSON.stringify(text)}`);
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const local = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  let offset = offsetMinutes(tz, local);
  offset = offsetMinutes(tz, local - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = offset === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const time = m[4] ? `${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}` : '00:00:00';
  return `${m[1]}-${m[2]}-${m[3]}T${time}${zone}`;
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
  if (dt) return isoFromLocal(String(value), dt[1] ?? serverTz);
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

/** Rows of a `JSONCompact` document, keyed by the compiled columns (by position). */
export function decodeResult(text: string, columns: readonly ResultColumn[]): Decoded {
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
      row[c.name] = decodeCell(cells[i], doc.meta[i]!.type);
    });
    return row;
  });
  const st = doc.statistics ?? {};
  return { rows, stats: { elapsedMs: Number(st.elapsed ?? 0) * 1000, rowsRead: Number(st.rows_read ?? 0), bytesRead: Number(st.bytes_read ?? 0) } };
}

export const RESULT_FORMAT = 'JSONCompact';
