/**
 * Issue 11 item 14: the DDL `metricc ddl` prints creates a table on the real engine, and the SQL
 * of every example metric runs against it (with rows in it, and the right answer for one).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryBind } from 'chdb';
import { compile, eventsTableDdl, MetricDefinitionSchema, toQuery, DEMO_NOW, CatalogueFileSchema, withCatalogue } from '../../src/index.js';
import { rawQuery } from '../fixtures/engine.js';

const ROOT = join(import.meta.dirname, '../..');
const exampleSchema = JSON.parse(readFileSync(join(ROOT, 'examples/demo.schema.json'), 'utf8'));

describe('the events-table DDL', () => {
  it('creates the table on chDB, and every example runs against it', () => {
    const schema = { ...exampleSchema, table: 'ddl_test.events' };
    rawQuery('CREATE DATABASE IF NOT EXISTS ddl_test');
    rawQuery('DROP TABLE IF EXISTS ddl_test.events');
    for (const statement of eventsTableDdl(schema, { ttlDays: 36_500 })) rawQuery(statement);
    const described = rawQuery('DESCRIBE TABLE ddl_test.events', 'TSV');
    expect(described).toContain("Time\tDateTime64(3, \\'UTC\\')");
    expect(described).toMatch(/ProductID\tLowCardinality\(String\)/);
    rawQuery("INSERT INTO ddl_test.events (ProductID, EventName, UserRefID, Source, Time, Prop0) VALUES ('acme', 'purchase', 'u1', 'web', '2024-03-20 10:00:00', '12.5'), ('acme', 'purchase', 'u2', 'ios', '2024-03-21 10:00:00', '7.5'), ('globex', 'purchase', 'u3', 'web', '2024-03-21 10:00:00', '99')");
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.metric.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const def = MetricDefinitionSchema.parse(JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')));
      const catalogue = def.metrics ? CatalogueFileSchema.parse(JSON.parse(readFileSync(join(ROOT, 'examples', def.metrics), 'utf8'))) : undefined;
      const out = compile(toQuery(def, new Date(DEMO_NOW)), catalogue ? withCatalogue(schema, catalogue) : schema);
      expect(() => queryBind(out.sql, out.params, 'JSONCompact'), file).not.toThrow();
    }
    const buyers = compile({ tenant: 'acme', formula: 'COUNT(*) * 10 + COUNT(DISTINCT user_id)', filter: "event = 'purchase'", from: '2024-03-01', to: '2024-04-01' }, schema);
    expect(JSON.parse(queryBind(buyers.sql, buyers.params, 'JSONCompact')).data).toEqual([[22]]);
  });
  it('on a cluster: replicated tables and a Distributed table sharded by user', () => {
    const [local, distributed] = eventsTableDdl(exampleSchema, { cluster: 'prod', partition: 'day' });
    expect(local).toMatch(/^CREATE TABLE IF NOT EXISTS events_local ON CLUSTER prod \(/);
    expect(local).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')");
    expect(local).toContain('PARTITION BY toDate(`Time`)');
    expect(distributed).toContain("ENGINE = Distributed(prod, currentDatabase(), 'events_local', cityHash64(UserRefID))");
    // The statements parse as ClickHouse SQL.
    for (const s of [local!, distributed!]) expect(() => queryBind('SELECT formatQuery({q:String})', { q: s }, 'TSV')).not.toThrow();
  });
  it('refuses a cluster name or TTL it cannot write safely', () => {
    expect(() => eventsTableDdl(exampleSchema, { cluster: "x') --" })).toThrow(RangeError);
    expect(() => eventsTableDdl(exampleSchema, { ttlDays: 0 })).toThrow(RangeError);
  });
});
