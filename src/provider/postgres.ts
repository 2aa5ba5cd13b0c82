/**
 * A loader over PostgreSQL: every document one row of a table, as JSONB. `pg` is an optional peer
 * dependency — the loader takes any client or pool with `query(text, values)` (pg's `Pool`,
 * `Client`, or a wrapper of your own). Table (create it with `postgresDocumentsTableSql`):
 *
 *   product_id text   — the tenant; '' for catalogue entries shared by every tenant
 *   kind       text   — 'event' (a mapping document) or 'metric' (a catalogue entry)
 *   name       text   — the event's or the metric's name
 *   document   jsonb  — the document itself
 *   updated_at timestamptz
 *
 * The row is the authority on whose document it is: an event document's `productId` is the row's
 * `product_id` (a document naming another tenant cannot reach that tenant).
 */
import type { TenantDocuments, TenantLoader } from './tenant-compiler.js';

/** The part of a `pg` client or pool the loader uses. */
export interface PgQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

export interface PostgresLoaderOptions {
  readonly client: PgQueryable;
  /** `table` or `schema.table`, plain identifiers (default `metricc_documents`). */
  readonly table?: string;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}(?:\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

function quotedTable(table: string): string {
  if (!TABLE.test(table)) throw new TypeError(`metricc: the documents table must be \`table\` or \`schema.table\` of plain identifiers, not ${JSON.stringify(table.slice(0, 80))}`);
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

/** The documents table (idempotent). */
export function postgresDocumentsTableSql(table = 'metricc_documents'): string {
  const t = quotedTable(table);
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (`,
    `  product_id text NOT NULL,`,
    `  kind text NOT NULL CHECK (kind IN ('event', 'metric')),`,
    `  name text NOT NULL,`,
    `  document jsonb NOT NULL,`,
    `  updated_at timestamptz NOT NULL DEFAULT now(),`,
    `  PRIMARY KEY (product_id, kind, name)`,
    `)`,
  ].join('\n');
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function postgresLoader(options: PostgresLoaderOptions): TenantLoader {
  const table = quotedTable(options.table ?? 'metricc_documents');
  // One statement, the tenant a bound parameter; shared catalogue entries come along.
  const sql = `SELECT product_id, kind, document FROM ${table} WHERE product_id = $1 OR (product_id = '' AND kind = 'metric') ORDER BY kind, product_id, name`;
  return {
    async loadTenant(tenant: string): Promise<TenantDocuments> {
      const { rows } = await options.client.query(sql, [tenant]);
      const events: unknown[] = [];
      const metrics: unknown[] = [];
      for (const row of rows) {
        const doc = asObject(row['document']);
        if (row['kind'] === 'event') {
          // Not an object: passed on as it is, for the compiler to report.
          events.push(doc ? { ...doc, productId: row['product_id'] } : row['document']);
        } else if (row['kind'] === 'metric') {
          if (!doc) metrics.push(row['document']);
          else if (row['product_id'] === '') {
            const { productId: _ignored, ...shared } = doc;
            metrics.push(shared);
          } else metrics.push({ ...doc, productId: row['product_id'] });
        }
      }
      return { events, metrics };
    },
  };
}
