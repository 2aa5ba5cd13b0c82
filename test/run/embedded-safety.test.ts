/**
 * Issue 10 item 7: the embedded executor is bounded by the engine itself — result rows, time and
 * memory limits travel with every query, a timed-out query stops in the engine (the next query
 * is not held up), and the session is clean after a failure. Issue 10 item 9: limits of 0 (which
 * mean "unlimited" in ClickHouse) are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded, openServer, ExecutionError, type EmbeddedExecutor } from '../../src/run/index.js';

let executor: EmbeddedExecutor;
const bare = (sql: string) => ({ sql, params: {}, columns: [{ name: 'value', type: 'number' as const }] });

beforeAll(async () => {
  executor = await openEmbedded({ path: mkdtempSync(join(tmpdir(), 'metricc-safety-')), safety: { max_result_rows: 1000 } });
});
afterAll(async () => {
  await executor?.close();
});

describe('the embedded executor is bounded by the engine', () => {
  it('refuses a result over max_result_rows, and the next query is clean', async () => {
    const err = await executor.run(bare('SELECT number AS value FROM numbers(5000)')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect((err as ExecutionError).code).toBe(396);
    const next = await executor.run(bare('SELECT 7 AS value'));
    expect(next.rows).toEqual([{ value: 7 }]);
  });
  it('a timeout stops the query in the engine, and the next query runs at once', async () => {
    const started = Date.now();
    const err = await executor.run(bare('SELECT count() AS value FROM numbers(1e12) WHERE sipHash64(number) = 1'), { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
    expect((err as ExecutionError).kind).toBe('timeout');
    const next = Date.now();
    const quick = await executor.run(bare('SELECT 1 AS value'));
    expect(quick.rows).toEqual([{ value: 1 }]);
    expect(Date.now() - next).toBeLessThan(1000);
    expect(next - started).toBeLessThan(5000);
  });
  it('is read-only', async () => {
    const err = await executor.run(bare('CREATE TABLE should_not_exist (x UInt8) ENGINE = Memory')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionError);
  });
});

describe('limits of 0 are refused', () => {
  for (const safety of [{ readonly: 0 }, { max_execution_time: 0 }, { max_result_rows: 0 }, { max_memory_usage: -1 }, { max_rows: 5 }]) {
    it(`server: ${JSON.stringify(safety)}`, async () => {
      await expect(openServer({ url: 'http://127.0.0.1:9', safety: safety as never })).rejects.toMatchObject({ kind: 'config' });
    });
    it(`embedded: ${JSON.stringify(safety)}`, async () => {
      await expect(openEmbedded({ path: executor.target.slice('chdb:'.length), safety: safety as never })).rejects.toMatchObject({ kind: 'config' });
    });
  }
});

describe('the server client is quiet unless asked (issue 11 item 8)', () => {
  const dead = { sql: 'SELECT 1 AS value', params: {}, columns: [{ name: 'value', type: 'number' as const }] };
  it('a server that is down is one ExecutionError and no console output', async () => {
    const writes: string[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
    for (const k of Object.keys(original) as (keyof typeof original)[]) console[k] = (...a: unknown[]) => void writes.push(a.map(String).join(' '));
    try {
      const executor = await openServer({ url: 'http://127.0.0.1:9' });
      const err = await executor.run(dead).catch((e: unknown) => e);
      await executor.close();
      expect(err).toBeInstanceOf(ExecutionError);
    } finally {
      Object.assign(console, original);
    }
    expect(writes).toEqual([]);
  });
  it('hands the client log to a function when given one', async () => {
    const entries: { level: string; message: string }[] = [];
    const executor = await openServer({ url: 'http://127.0.0.1:9', log: (e) => entries.push(e) });
    await executor.run(dead).catch(() => undefined);
    await executor.close();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]!.level).toBe('error');
  });
});
