/**
 * The events table for a schema's slot layout (docs/ddl.md). The choices follow what this layout
 * needs at billions of events a day:
 * - `ORDER BY (tenant, event, user, time)`: every metricc query starts with `tenant = …` and
 *   usually pins events, so both prune through the primary key; user before time keeps one
 *   user's rows together for distinct counts and per-user work.
 * - `PARTITION BY toYYYYMM(time)` (or `toDate` for high volume with a short TTL): the time range
 *   prunes through partitions, not the key (docs/clickhouse-notes.md, "Layout and pruning").
 * - LowCardinality for tenant, event and source (few distinct values); ZSTD on the slots (text of
 *   many kinds, mostly empty); Delta + ZSTD on time (sorted within a user).
 * - On a cluster: ReplicatedMergeTree on each node and a Distributed table sharded by a hash of
 *   the user, so a user's rows live on one shard. What metricc emits is the same either way.
 */
import { identifier } from '../emit/quote.js';
import type { Schema } from '../model/schema.js';

export interface DdlOptions {
  /** A cluster name: replicated tables on every node plus the Distributed table. */
  readonly cluster?: string;
  /** Partition by calendar month (default) or day. */
  readonly partition?: 'month' | 'day';
  /** Drop rows older than this many days. */
  readonly ttlDays?: number;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function columns(schema: Schema): string[] {
  const c = schema.columns;
  const slots = Array.from({ length: schema.slots.count }, (_, i) => `  ${identifier(`${schema.slots.prefix}${i}`)} String CODEC(ZSTD(1))`);
  return [
    `  ${identifier(c.tenant)} LowCardinality(String)`,
    `  ${identifier(c.event)} LowCardinality(String)`,
    `  ${identifier(c.user)} String`,
    `  ${identifier(c.source)} LowCardinality(String)`,
    `  ${identifier(c.time)} DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1))`,
    ...slots,
  ];
}

function tail(schema: Schema, options: DdlOptions): string[] {
  const c = schema.columns;
  const time = identifier(c.time);
  const partition = options.partition === 'day' ? `toDate(${time})` : `toYYYYMM(${time})`;
  return [
    `PARTITION BY ${partition}`,
    `ORDER BY (${[c.tenant, c.event, c.user, c.time].map((n) => identifier(n)).join(', ')})`,
    // A Date, not a DateTime: DateTime ends in 2106, so a long TTL on it would wrap and expire
    // every row at once.
    ...(options.ttlDays !== undefined ? [`TTL toDate(${time}) + INTERVAL ${options.ttlDays} DAY`] : []),
  ];
}

/** The statements that create the events table `schema.table` (one, or two on a cluster). */
export function eventsTableDdl(schema: Schema, options: DdlOptions = {}): string[] {
  if (options.cluster !== undefined && !PLAIN.test(options.cluster)) throw new RangeError('the cluster name must be a plain identifier');
  if (options.ttlDays !== undefined && !(Number.isInteger(options.ttlDays) && options.ttlDays > 0 && options.ttlDays <= 36_500)) throw new RangeError('ttlDays must be a whole number of days, 1 to 36,500');
  const table = identifier(schema.table, true);
  const body = `(\n${columns(schema).join(',\n')}\n)`;
  if (options.cluster === undefined) {
    return [`CREATE TABLE IF NOT EXISTS ${table} ${body}\nENGINE = MergeTree\n${tail(schema, options).join('\n')}`];
  }
  const cluster = identifier(options.cluster);
  const parts = schema.table.split('.');
  const local = identifier([...parts.slice(0, -1), `${parts[parts.length - 1]}_local`].join('.'), true);
  const database = parts.length > 1 ? `'${parts[0]}'` : 'currentDatabase()';
  const localName = `'${parts[parts.length - 1]}_local'`;
  return [
    `CREATE TABLE IF NOT EXISTS ${local} ON CLUSTER ${cluster} ${body}\nENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')\n${tail(schema, options).join('\n')}`,
    `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER ${cluster} AS ${local}\nENGINE = Distributed(${cluster}, ${database}, ${localName}, cityHash64(${identifier(schema.columns.user)}))`,
  ];
}
