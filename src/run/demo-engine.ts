/**
 * The demo dataset on the embedded engine: builds it in a data directory (reused when it is
 * already there with the same size and seed), reporting progress while it loads in chunks.
 */
import { demoInsertSql, demoTableSql } from '../demo/generate.js';
import { asExecutionError, openEmbedded, type EmbeddedExecutor } from './embedded.js';
import { sha256Hex } from '../util/sha256.js';

export interface DemoOptions {
  /** Data directory to build in / reuse. */
  readonly path: string;
  readonly rows?: number;
  readonly seed?: number;
  readonly onProgress?: (loaded: number, total: number) => void;
}

export const DEFAULT_DEMO_ROWS = 200_000;

export async function openDemo(options: DemoOptions): Promise<{ executor: EmbeddedExecutor; reused: boolean; rows: number }> {
  const rows = options.rows ?? DEFAULT_DEMO_ROWS;
  const seed = options.seed ?? 1;
  const executor = await openEmbedded({ path: options.path });
  try {
    return { executor, reused: await load(executor, rows, seed, options.onProgress), rows };
  } catch (e) {
    // Never a raw driver error (a full disk, a read-only directory): one ExecutionError.
    await executor.close();
    throw asExecutionError(e);
  }
}

/** Builds the dataset unless this generator's stamp is there; true when it was reused. */
async function load(executor: EmbeddedExecutor, rows: number, seed: number, onProgress: DemoOptions['onProgress']): Promise<boolean> {
  const s = executor.session;
  // Reuse only what this exact generator built: its SQL's hash is part of the stamp.
  const stamp = `${rows}:${seed}:${sha256Hex(demoTableSql('events') + demoInsertSql(1, seed)).slice(0, 16)}`;
  s.query('CREATE TABLE IF NOT EXISTS metricc_demo_meta (stamp String) ENGINE = MergeTree ORDER BY tuple()');
  const meta = s.query('SELECT stamp FROM metricc_demo_meta LIMIT 1', 'TSV').trim();
  const have = s.query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events'", 'TSV').trim() === '1';
  if (have && meta === stamp) return true;
  s.query('DROP TABLE IF EXISTS events');
  s.query('DROP TABLE IF EXISTS metricc_demo_meta');
  s.query('CREATE TABLE metricc_demo_meta (stamp String) ENGINE = MergeTree ORDER BY tuple()');
  s.query(demoTableSql('events'));
  const chunk = 250_000;
  for (let offset = 0; offset < rows; offset += chunk) {
    const n = Math.min(chunk, rows - offset);
    await s.queryAsync(demoInsertSql(n, seed, 'events', offset));
    onProgress?.(offset + n, rows);
  }
  s.query(`INSERT INTO metricc_demo_meta VALUES ('${stamp}')`);
  return false;
}
