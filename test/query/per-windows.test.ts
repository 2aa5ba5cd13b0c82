/**
 * PER has two independent forms (docs/language.md §6): two levels grouped by key (per-scan.ts),
 * and per-key map states merged over bucket rows (per-windows.ts), used where time functions,
 * TOTAL by groups or a top-N limit over buckets need keys regrouped over several rows. On the
 * demo data, `ROLLING(m, 1)` (the map form over one bucket) must equal `m` (the two-level form)
 * for every kind of key the language allows — strings, LowCardinality columns, booleans, numbers,
 * date-times, nullable properties — and every aggregate inside and outside, with FILTERs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compile, demoSchema, type CompiledQuery } from '../../src/index.js';
import type { EmbeddedExecutor } from '../../src/run/index.js';
import { openDemoEngine } from '../fixtures/demo-engine.js';

let engine: EmbeddedExecutor;

beforeAll(async () => {
  engine = await openDemoEngine(20_000, 11);
});

afterAll(async () => {
  await engine?.close();
});

const KEYS = ['user_id', 'source', 'event', 'country', 'is_first', 'amount', 'items', 'time', '$session_id'];
const INNER = ['COUNT(*)', 'SUM(amount)', 'COUNT(DISTINCT source)', 'PERCENTILE(0.9, amount)', 'STDDEV(amount)', "COUNT(*) FILTER (WHERE event = 'purchase')", 'MIN(country)'];
const OUTER = (inner: string, key: string): string[] =>
  inner.startsWith('MIN(')
    ? [`MAX(${inner} PER ${key})`, `COUNT(${inner} PER ${key})`]
    : [`AVG(${inner} PER ${key})`, `MEDIAN(${inner} PER ${key})`, `COUNTIF(${inner} PER ${key} >= 2)`, `SUM(${inner} PER ${key}) FILTER (WHERE source = 'ios')`, `COUNT(DISTINCT ${inner} PER ${key})`];

async function rows(c: CompiledQuery): Promise<unknown[][]> {
  const r = await engine.run(c);
  return r.rows.map((row) => c.columns.map((col) => row[col.name]));
}

const close = (a: unknown, b: unknown) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

it('the map form over one bucket equals the two-level form, for every kind of key and aggregate', async () => {
  const base = { tenant: 'acme', from: '2024-01-02T00:00:00Z', to: '2024-01-06T00:00:00Z', granularity: 'day', timezone: 'Asia/Kolkata' };
  let compared = 0;
  for (const key of KEYS) {
    for (const inner of INNER) {
      for (const formula of OUTER(inner, key)) {
        const plain = compile({ ...base, formula }, demoSchema);
        const mapped = compile({ ...base, formula: `ROLLING(${formula}, 1)` }, demoSchema);
        expect(mapped.sql, formula).toContain('Map');
        expect(plain.sql, formula).not.toContain('Map');
        const [a, b] = [await rows(plain), await rows(mapped)];
        expect(b.length, formula).toBe(a.length);
        a.forEach((r, i) => r.forEach((v, j) => expect(close(v, b[i]![j]), `${formula} row ${i}: ${String(v)} vs ${String(b[i]![j])}`).toBe(true)));
        compared++;
      }
    }
  }
  expect(compared).toBe(KEYS.length * (6 * 5 + 2));
}, 300_000);

it('also by group, where TOTAL regroups keys over every group', async () => {
  const base = { tenant: 'acme', from: '2024-01-02T00:00:00Z', to: '2024-01-05T00:00:00Z', granularity: 'day', groupBy: ['source'] };
  for (const key of ['user_id', 'country', 'amount', 'is_first']) {
    const formula = `AVG(COUNT(*) PER ${key})`;
    const plain = await rows(compile({ ...base, formula }, demoSchema));
    const mapped = await rows(compile({ ...base, formula: `ROLLING(${formula}, 1) + 0 * TOTAL(${formula})` }, demoSchema));
    expect(mapped.map((r) => r.slice(0, 2))).toEqual(plain.map((r) => r.slice(0, 2)));
    plain.forEach((r, i) => expect(close(r[2], mapped[i]![2]), `${key} row ${i}`).toBe(true));
  }
}, 120_000);

it('keys numbers as the two-level form, group-by and COUNT(DISTINCT) do: 0 and -0 are two keys', async () => {
  engine.session.query("INSERT INTO events (ProductID, UserRefID, EventName, Source, Time, Prop0) VALUES ('acme', 'zz1', 'purchase', 'web', '2023-06-01 01:00:00', '-0'), ('acme', 'zz2', 'purchase', 'web', '2023-06-01 02:00:00', '0')");
  const base = { tenant: 'acme', from: '2023-06-01', to: '2023-06-02', granularity: 'day', filter: "user_id IN ('zz1', 'zz2')" };
  const value = async (formula: string) => (await rows(compile({ ...base, formula }, demoSchema)))[0]![1];
  expect(await value('COUNT(DISTINCT amount)')).toBe(2);
  expect(await value('COUNT(COUNT(*) PER amount)')).toBe(2);
  expect(await value('ROLLING(COUNT(COUNT(*) PER amount), 1)')).toBe(2);
  expect(await value('CUMULATIVE(MAX(COUNT(*) PER amount))')).toBe(1);
});
