/**
 * Differential testing: thousands of random well-typed queries over the demo dataset, each run
 * on chDB (through the embedded executor) and by the reference evaluator over the same rows in
 * memory; the rows must agree (floats to 1e-9 relative). DIFF_RUNS sets the number of queries,
 * DIFF_SEED reruns a failure (fast-check prints the seed and the shrunk query).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, demoSchema } from '../../src/index.js';
import { parseSource } from '../../src/syntax/parse.js';
import { tenantIndex } from '../../src/check/tenant-index.js';
import { checkQuery } from '../../src/check/check-query.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { DiagnosticSink } from '../../src/diagnostics/index.js';
import { demoInsertSql, demoTableSql, DEMO_SLOTS } from '../../src/demo/index.js';
import { openEmbedded, type EmbeddedExecutor } from '../../src/run/index.js';
import { evaluate, type DemoRow, type V } from './evaluate.js';
import { randomQuery } from './queries.js';

const RUNS = Number(process.env['DIFF_RUNS'] ?? 3000);
const SEED = process.env['DIFF_SEED'] !== undefined ? Number(process.env['DIFF_SEED']) : undefined;
const ROWS = 20_000;

let engine: EmbeddedExecutor;
let rows: DemoRow[] = [];

beforeAll(async () => {
  engine = await openEmbedded();
  const s = engine.session;
  s.query('DROP TABLE IF EXISTS events');
  s.query(demoTableSql('events'));
  s.query(demoInsertSql(ROWS, 7));
  const text = s.query(`SELECT ProductID, UserRefID, EventName, Source, toUnixTimestamp64Milli(Time), ${Array.from({ length: DEMO_SLOTS }, (_, i) => `Prop${i}`).join(', ')} FROM events`, 'JSONCompact');
  rows = (JSON.parse(text) as { data: [string, string, string, string, string | number, ...string[]][] }).data.map(([tenant, user, event, source, ms, ...slots]) => ({
    tenant,
    user,
    event,
    source,
    timeMs: Number(ms),
    slots,
  }));
});

afterAll(async () => {
  await engine.close();
});

function close(a: V, b: V): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
  return a === b;
}

it(`chDB agrees with the reference evaluator on ${RUNS} random queries`, async () => {
  let compiled = 0;
  let rowsCompared = 0;
  const skipped: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(randomQuery, async (query) => {
      const { compiled: out, diagnostics } = analyze(query, demoSchema);
      if (!out) {
        for (const d of diagnostics) skipped[d.code] = (skipped[d.code] ?? 0) + 1;
        return;
      }
      compiled++;
      const index = tenantIndex(demoSchema, query.tenant).index!;
      const formula = { expr: parseSource(query.formula, 'formula').expr!, text: query.formula };
      const filter = query.filter ? { expr: parseSource(query.filter, 'filter').expr!, text: query.filter } : undefined;
      const checked = checkQuery({ formula, filter, groupBy: query.groupBy ?? [] }, index, DEFAULT_LIMITS, new DiagnosticSink(), query.timezone)!;
      const expected = evaluate(checked, rows, {
        tenant: query.tenant,
        fromMs: Date.parse(query.from),
        toMs: Date.parse(query.to),
        tz: query.timezone,
        granularity: query.granularity as never,
        limit: query.limit,
      }).map((r) => r.map((v, i) => (out.columns[i]!.type === 'datetime' && typeof v === 'number' ? new Date(v).toISOString() : v)));
      const result = await engine.run(out);
      const actual = result.rows.map((r) => out.columns.map((c) => r[c.name] ?? null));
      rowsCompared += actual.length;
      const same = actual.length === expected.length && actual.every((r, i) => r.every((v, j) => close(v, expected[i]![j]!)));
      if (!same) expect({ sql: out.sql, params: out.params, actual }).toEqual({ sql: out.sql, params: out.params, actual: expected });
    }),
    { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
  );
  console.log(`differential: ${RUNS} queries generated, ${compiled} compiled and compared (${rowsCompared} result rows); skipped by diagnostic: ${JSON.stringify(skipped)}`);
  expect(compiled).toBeGreaterThan(RUNS / 2);
}, 600_000);
