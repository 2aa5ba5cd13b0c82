/**
 * Measuring a query on the embedded engine for the benchmarks: the engine's own statistics (rows
 * and bytes read) and the median time of `runs` runs after one warm-up, plus a result comparison
 * that tolerates float summation order.
 */
import type { EmbeddedSession } from '../src/run/index.js';

export interface Measure {
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly ms: number;
  readonly result: string;
}

export function measurer(session: EmbeddedSession, runs: number): (sql: string, params?: Record<string, unknown>) => Promise<Measure> {
  return async (sql, params = {}) => {
    const times: number[] = [];
    let last: { rows_read: number; bytes_read: number } = { rows_read: 0, bytes_read: 0 };
    let result = '';
    for (let i = 0; i < runs + 1; i++) {
      const r = await session.queryBindAsync(sql, params as Record<string, string>, { format: 'JSONCompact' });
      const doc = JSON.parse(r.text()) as { data: unknown[]; statistics: { elapsed: number; rows_read: number; bytes_read: number } };
      if (i > 0) times.push(doc.statistics.elapsed * 1000); // the first run warms caches
      last = doc.statistics;
      result = JSON.stringify(doc.data);
    }
    times.sort((a, b) => a - b);
    return { rowsRead: last.rows_read, bytesRead: last.bytes_read, ms: times[Math.floor(times.length / 2)]!, result };
  };
}

/** Results agree up to float summation order (1e-9 relative). */
export function sameResult(a: string, b: string): boolean {
  const x = JSON.parse(a) as unknown[][];
  const y = JSON.parse(b) as unknown[][];
  return x.length === y.length && x.every((row, i) => row.every((v, j) => {
    const w = y[i]![j];
    return typeof v === 'number' && typeof w === 'number' ? Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), Math.abs(w)) : v === w;
  }));
}
