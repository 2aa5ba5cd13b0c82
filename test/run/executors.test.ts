/**
 * Executors end to end: every golden case on the embedded executor (typed rows, checked against
 * the oracle), the same through @clickhouse/client → the ClickHouse-HTTP test endpoint → chDB
 * (identical rows), safety settings on the wire, typed errors, cancellation and timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { openEmbedded, openServer, ExecutionError, type EmbeddedExecutor, type Executor } from '../../src/run/index.js';
import { schema } from '../fixtures/schema.js';
import { createTableSql, generateRows, jsonEachRow } from '../fixtures/dataset.js';
import { startFakeClickHouse, type FakeClickHouse } from '../fixtures/clickhouse-http.js';
import { expectRows } from '../fixtures/compare.js';
import { CASES } from '../golden/cases.js';

let embedded: EmbeddedExecutor;
let server: Executor;
let fake: FakeClickHouse;
const rows = generateRows();

beforeAll(async () => {
  embedded = await openEmbedded();
  embedded.session.query('DROP TABLE IF EXISTS events');
  embedded.session.query(createTableSql('events'));
  embedded.session.query(`INSERT INTO events FORMAT JSONEachRow ${jsonEachRow(rows)}`);
  fake = await startFakeClickHouse(embedded.session);
  server = await openServer({ url: fake.url, env: {} });
});

afterAll(async () => {
  await server.close();
  await fake.close();
  await embedded.close();
});

const asArrays = (result: { rows: readonly Record<string, unknown>[]; columns: readonly { name: string }[] }) =>
  result.rows.map((r) => result.columns.map((c) => r[c.name]));

const isoToEngineText = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.replace('T', ' ').replace(/(?:Z|[+-]\d{2}:\d{2})$/, '') : v);

describe('embedded executor (chDB)', () => {
  for (const c of CASES) {
    it(`golden case ${c.name}: typed rows equal the oracle`, async () => {
      const out = compile(c.query, schema);
      const result = await embedded.run(out);
      expect(result.columns).toEqual(out.columns);
      expectRows(asArrays(result).map((r) => r.map(isoToEngineText)), c.expected(rows));
      expect(result.stats.rowsRead).toBeGreaterThan(0);
    });
  }
  it('returns buckets as ISO strings with the offset of the query timezone', async () => {
    const out = compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-02', to: '2024-01-04', granularity: 'day', timezone: 'Europe/Berlin' }, schema);
    const result = await embedded.run(out);
    expect(result.rows.map((r) => r['bucket'])).toEqual(['2024-01-02T00:00:00+01:00', '2024-01-03T00:00:00+01:00']);
    expect(typeof result.rows[0]!['value']).toBe('number');
    expect(result.stats.rowsRead).toBeGreaterThan(result.rows.length * 10);
    expect(result.stats.bytesRead).toBeGreaterThan(result.stats.rowsRead);
  });
  it('refuses a second data directory in the same process, saying why', async () => {
    await expect(openEmbedded({ path: '/tmp/metricc-other-dir' })).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('one data directory per process') });
  });
  it('reports engine errors with the ClickHouse code, never a raw stack', async () => {
    const err = await embedded.run({ sql: 'SELECT nope FROM missing_table', params: {}, columns: [{ name: 'value', type: 'number' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect(err).toMatchObject({ kind: 'engine', code: 60 });
  });
});

describe('server executor (@clickhouse/client → ClickHouse HTTP → chDB)', () => {
  for (const c of CASES) {
    it(`golden case ${c.name}: same rows as the embedded executor`, async () => {
      const out = compile(c.query, schema);
      const [viaServer, viaEmbedded] = [await server.run(out), await embedded.run(out)];
      expectRows(asArrays(viaServer), asArrays(viaEmbedded));
      expect(viaServer.stats.rowsRead).toBe(viaEmbedded.stats.rowsRead);
    });
  }
  it('sends params as query_params and the safety settings with every query', async () => {
    const out = compile({ tenant: 'acme', formula: "COUNTIF(country = 'it''s \\\\ \"q\"\t')", from: '2024-01-01', to: '2024-01-08' }, schema);
    await server.run(out);
    const last = fake.received[fake.received.length - 1]!;
    expect(last.sql).toBe(out.sql);
    const asText = (v: unknown) => (Array.isArray(v) ? `[${v.map((x) => `'${x}'`).join(',')}]` : String(v));
    expect(last.params).toEqual(Object.fromEntries(Object.entries(out.params).map(([k, v]) => [k, asText(v)])));
    expect(Object.values(last.params)).toContain('it\'s \\ "q"\t');
    expect(last.settings).toMatchObject({ readonly: '2', max_execution_time: '30', max_result_rows: '1000000', result_overflow_mode: 'throw', max_memory_usage: '4000000000' });
  });
  it('enforces result limits on the server', async () => {
    const limited = await openServer({ url: fake.url, env: {}, safety: { max_result_rows: 3 } });
    const out = compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-08', granularity: 'hour' }, schema);
    await expect(limited.run(out)).rejects.toMatchObject({ kind: 'engine', code: 396 });
    await limited.close();
  });
  it('turns server errors into typed errors with the code', async () => {
    const err = await server.run({ sql: 'SELECT FROM WHERE', params: {}, columns: [{ name: 'value', type: 'number' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect(err).toMatchObject({ kind: 'engine', code: 62 });
  });
  it('reads CLICKHOUSE_URL and friends from the environment', async () => {
    const viaEnv = await openServer({ env: { CLICKHOUSE_URL: fake.url, CLICKHOUSE_USER: 'default', CLICKHOUSE_DATABASE: 'default' } });
    expect(viaEnv.target).toBe(`clickhouse:${fake.url}/default`);
    const out = compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-08' }, schema);
    expect((await viaEnv.run(out)).rows).toEqual((await embedded.run(out)).rows);
    await viaEnv.close();
  });
});

// Last: chDB cannot interrupt a running query (an aborted call settles at once while the engine
// finishes in the background) and runs parameterized queries one at a time.
describe('cancellation', () => {
  it('is cancellable and has a timeout', async () => {
    const heavy = { sql: 'SELECT count() AS value FROM numbers(300000000) WHERE sipHash64(number) % 7 = 1', params: {}, columns: [{ name: 'value', type: 'number' as const }] };
    const controller = new AbortController();
    controller.abort();
    await expect(embedded.run(heavy, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    await expect(embedded.run(heavy, { timeoutMs: 50 })).rejects.toMatchObject({ kind: 'timeout' });
  });
});
