/**
 * Issue 11 item 1: bucket labels are decoded from the instant the engine returns, never from
 * local wall-clock text (which is ambiguous on a fall-back night: two distinct buckets would share
 * one label). Both executors — chDB in process and @clickhouse/client through the ClickHouse-HTTP
 * test endpoint — must give identical, correct labels: DST spring-forward and fall-back for hour
 * and day granularity, and zones whose offsets (and DST shifts) are not whole hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { openEmbedded, openServer, type EmbeddedExecutor, type Executor } from '../../src/run/index.js';
import { decodeCell, isoFromInstant } from '../../src/run/decode.js';
import { schema } from '../fixtures/schema.js';
import { createTableSql, formatTime, jsonEachRow, type Row } from '../fixtures/dataset.js';
import { startFakeClickHouse, type FakeClickHouse } from '../fixtures/clickhouse-http.js';

/** Events at these instants (UTC), chosen on both sides of DST transitions. */
const INSTANTS = [
  // Europe/Berlin spring-forward 2024-03-31 02:00 → 03:00, fall-back 2024-10-27 03:00 → 02:00.
  '2024-03-30T22:30:00Z', '2024-03-31T00:30:00Z', '2024-03-31T01:30:00Z', '2024-03-31T22:30:00Z',
  '2024-10-26T21:30:00Z', '2024-10-27T00:30:00Z', '2024-10-27T01:30:00Z', '2024-10-27T23:30:00Z',
  // Australia/Adelaide (+10:30 → +09:30) fall-back 2024-04-07 03:00 → 02:00; Lord_Howe's 30-minute shift.
  '2024-04-06T15:10:00Z', '2024-04-06T15:40:00Z', '2024-04-06T16:10:00Z', '2024-04-06T16:40:00Z',
  // Asia/Kolkata (+05:30), America/Santiago (DST changes at midnight).
  '2024-01-02T04:45:00Z', '2024-04-07T02:30:00Z', '2024-04-07T03:30:00Z', '2024-09-08T03:30:00Z', '2024-09-08T04:30:00Z',
];

const rows: Row[] = INSTANTS.map((iso, i) => {
  const epochMs = Date.parse(iso);
  return { ProductID: 'acme', UserRefID: `u${i}`, EventName: 'purchase', Source: 'web', Time: formatTime(epochMs), epochMs, slots: { Prop0: '1' } };
});

let embedded: EmbeddedExecutor;
let server: Executor;
let fake: FakeClickHouse;

beforeAll(async () => {
  embedded = await openEmbedded();
  embedded.session.query(createTableSql('events'));
  embedded.session.query(`INSERT INTO events FORMAT JSONEachRow ${jsonEachRow(rows)}`);
  fake = await startFakeClickHouse(embedded.session);
  server = await openServer({ url: fake.url, env: {} });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await embedded?.close();
});

type Granularity = 'hour' | 'day';
const query = (timezone: string, granularity: Granularity, from: string, to: string) =>
  compile({ tenant: 'acme', formula: 'COUNT(*)', from, to, granularity, timezone }, schema);

async function allLabels(executor: Executor, timezone: string, granularity: Granularity, from: string, to: string): Promise<unknown[]> {
  return (await executor.run(query(timezone, granularity, from, to))).rows.map((r) => r['bucket']);
}

/** The labels of the buckets that hold rows (buckets are filled: the empty ones are checked apart). */
async function labels(executor: Executor, timezone: string, granularity: Granularity, from: string, to: string): Promise<unknown[]> {
  return (await executor.run(query(timezone, granularity, from, to))).rows.filter((r) => (r['value'] as number) > 0).map((r) => r['bucket']);
}

/** The engine's own view of each bucket: its instant and its wall-clock text in the zone. */
async function engineBuckets(timezone: string, granularity: Granularity, from: string, to: string): Promise<{ unix: number; local: string }[]> {
  const q = query(timezone, granularity, from, to);
  const sql = `SELECT toUnixTimestamp(bucket) AS unix, formatDateTime(bucket, '%Y-%m-%dT%H:%i:%S') AS local FROM (${q.sql}) ORDER BY unix FORMAT JSONEachRow`;
  const text = embedded.session.queryBind(sql, { ...q.params });
  return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { unix: number; local: string });
}

describe('hour buckets across DST (hand-checked labels)', () => {
  // [name, zone, local from, local to, labels]
  const cases: [string, string, string, string, string[]][] = [
    ['Europe/Berlin fall-back', 'Europe/Berlin', '2024-10-27T00:00:00', '2024-10-27T06:00:00', ['2024-10-27T02:00:00+02:00', '2024-10-27T02:00:00+01:00']],
    ['Europe/Berlin spring-forward', 'Europe/Berlin', '2024-03-31T00:00:00', '2024-03-31T06:00:00', ['2024-03-31T01:00:00+01:00', '2024-03-31T03:00:00+02:00']],
    ['Australia/Adelaide fall-back (+10:30 → +09:30)', 'Australia/Adelaide', '2024-04-07T00:00:00', '2024-04-07T06:00:00', ['2024-04-07T01:00:00+10:30', '2024-04-07T02:00:00+10:30', '2024-04-07T02:00:00+09:30']],
    ['Asia/Kolkata (+05:30)', 'Asia/Kolkata', '2024-01-02T08:00:00', '2024-01-02T12:00:00', ['2024-01-02T10:00:00+05:30']],
  ];
  for (const [name, tz, from, to, expected] of cases) {
    it(`${name}: every bucket has its own instant's offset, on both executors`, async () => {
      const viaEmbedded = await labels(embedded, tz, 'hour', from, to);
      expect(viaEmbedded).toEqual(expected);
      expect(await labels(server, tz, 'hour', from, to)).toEqual(viaEmbedded);
    });
  }
  it('filled hours across the Berlin fall-back: seven buckets, each its own instant', async () => {
    const all = (await embedded.run(query('Europe/Berlin', 'hour', '2024-10-27T00:00:00', '2024-10-27T06:00:00'))).rows.map((r) => r['bucket']);
    expect(all).toEqual(['2024-10-27T00:00:00+02:00', '2024-10-27T01:00:00+02:00', '2024-10-27T02:00:00+02:00', '2024-10-27T02:00:00+01:00', '2024-10-27T03:00:00+01:00', '2024-10-27T04:00:00+01:00', '2024-10-27T05:00:00+01:00']);
  });
  it('Berlin fall-back: the two buckets are the engine instants 1729987200 and 1729990800', async () => {
    const got = await labels(embedded, 'Europe/Berlin', 'hour', '2024-10-27T00:00:00', '2024-10-27T06:00:00');
    expect(got.map((l) => Date.parse(String(l)) / 1000)).toEqual([1729987200, 1729990800]);
  });
});

describe('day buckets across DST (hand-checked labels)', () => {
  it('Europe/Berlin: midnight before and after each change', async () => {
    const spring = await labels(embedded, 'Europe/Berlin', 'day', '2024-03-30', '2024-04-02');
    expect(spring).toEqual(['2024-03-30T00:00:00+01:00', '2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00']);
    const fall = await labels(embedded, 'Europe/Berlin', 'day', '2024-10-26', '2024-10-29');
    expect(fall).toEqual(['2024-10-26T00:00:00+02:00', '2024-10-27T00:00:00+02:00', '2024-10-28T00:00:00+01:00']);
    expect(await labels(server, 'Europe/Berlin', 'day', '2024-03-30', '2024-04-02')).toEqual(spring);
    expect(await labels(server, 'Europe/Berlin', 'day', '2024-10-26', '2024-10-29')).toEqual(fall);
  });
});

describe('every label names the engine instant, in the zone’s wall-clock time', () => {
  const zones = ['Europe/Berlin', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'America/New_York', 'UTC'];
  for (const tz of zones) {
    for (const granularity of ['hour', 'day'] as const) {
      it(`${tz}, ${granularity}`, async () => {
        const [from, to] = ['2024-01-01T00:00:00Z', '2024-12-31T00:00:00Z'];
        const engine = await engineBuckets(tz, granularity, from, to);
        const got = (await allLabels(embedded, tz, granularity, from, to)).map(String).sort((a, b) => Date.parse(a) - Date.parse(b));
        expect(got.map((l) => Date.parse(l) / 1000)).toEqual(engine.map((b) => b.unix));
        expect(got.map((l) => l.slice(0, 19))).toEqual(engine.map((b) => b.local));
        expect(new Set(got).size).toBe(got.length);
        expect(await allLabels(server, tz, granularity, from, to)).toEqual(await allLabels(embedded, tz, granularity, from, to));
      });
    }
  }
});

describe('isoFromInstant', () => {
  it('keeps the fraction, handles instants before 1970, refuses other text', () => {
    expect(isoFromInstant('1729987200', 'Europe/Berlin')).toBe('2024-10-27T02:00:00+02:00');
    expect(isoFromInstant('1729990800.250', 'Europe/Berlin')).toBe('2024-10-27T02:00:00.250+01:00');
    expect(isoFromInstant('-1.250', 'UTC')).toBe('1969-12-31T23:59:58.750Z');
    expect(isoFromInstant('0', 'Asia/Kolkata')).toBe('1970-01-01T05:30:00+05:30');
    expect(() => isoFromInstant('2024-10-27 02:00:00', 'UTC')).toThrow(/unexpected date-time/);
  });
  it('decodes DateTime instants by the column zone, Dates and local text as wall clocks', () => {
    expect(decodeCell('1729987200', "DateTime('Europe/Berlin')")).toBe('2024-10-27T02:00:00+02:00');
    expect(decodeCell('1729987200.000', "Nullable(DateTime64(3, 'UTC'))")).toBe('2024-10-27T00:00:00.000Z');
    expect(decodeCell('1729987200', 'DateTime', 'America/New_York')).toBe('2024-10-26T20:00:00-04:00');
    expect(decodeCell('2024-10-28', 'Date', 'Europe/Berlin')).toBe('2024-10-28T00:00:00+01:00');
  });
});
