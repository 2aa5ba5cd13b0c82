/**
 * Differential testing: thousands of random well-typed queries over the demo dataset, each run
 * on chDB (through the embedded executor) and by the reference evaluator over the same rows in
 * memory; the rows must agree: exactly where the values are exact (counts, strings, integers),
 * and for floats within a tolerance that grows with the floating-point operations the formula
 * performs (each rounds; ClickHouse and JavaScript order sums and variances differently).
 * The seed is fixed unless asked otherwise, so `npm test` and CI are deterministic:
 * DIFF_SEED=n reruns one seed, DIFF_RANDOM=1 draws a new one (printed), DIFF_RUNS sets the count.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, demoSchema } from '../../src/index.js';
import { parseSource } from '../../src/syntax/parse.js';
import { tenantIndex } from '../../src/check/tenant-index.js';
import { checkQuery } from '../../src/check/check-query.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { DiagnosticSink } from '../../src/diagnostics/index.js';
import { walkIr } from '../../src/model/ir-children.js';
import type { Ir } from '../../src/model/ir.js';
import { DEMO_SLOTS } from '../../src/demo/index.js';
import type { EmbeddedExecutor } from '../../src/run/index.js';
import { openDemoEngine } from '../fixtures/demo-engine.js';
import { evaluate, type DemoRow, type V } from './evaluate.js';
import { randomQuery } from './queries.js';

const RUNS = Number(process.env['DIFF_RUNS'] ?? 3000);
const FIXED_SEED = 20_261_124;
const SEED = process.env['DIFF_SEED'] !== undefined ? Number(process.env['DIFF_SEED']) : process.env['DIFF_RANDOM'] === '1' ? (Date.now() ^ (Math.random() * 2 ** 31)) | 0 : FIXED_SEED;
const ROWS = 20_000;

let engine: EmbeddedExecutor;
let rows: DemoRow[] = [];

beforeAll(async () => {
  engine = await openDemoEngine(ROWS, 7);
  const s = engine.session;
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

/** Floating-point operations in the checked formula: each can add a rounding error. */
function floatOps(ir: Ir): number {
  let n = 0;
  for (const node of walkIr(ir)) if (node.kind === 'arith' || node.kind === 'scalar' || node.kind === 'aggregate' || node.kind === 'negate') n++;
  return n;
}

function close(a: V, b: V, relative: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + relative;
  return a === b;
}

it(`chDB agrees with the reference evaluator on ${RUNS} random queries`, async () => {
  let compiled = 0;
  let rowsCompared = 0;
  let timed = 0;
  let topN = 0;
  let several = 0;
  let perKey = 0;
  let perWindowed = 0;
  const skipped: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(randomQuery, async (query) => {
      const { compiled: out, diagnostics } = analyze(query, demoSchema);
      if (!out) {
        for (const d of diagnostics) skipped[d.code] = (skipped[d.code] ?? 0) + 1;
        return;
      }
      compiled++;
      const texts = query.formulas ? Object.entries(query.formulas) : [['value', query.formula!] as const];
      if (texts.some(([, t]) => /PREVIOUS|ROLLING|CUMULATIVE/.test(t))) timed++;
      if (query.formulas) several++;
      if (texts.some(([, t]) => / PER /.test(t))) {
        perKey++;
        // PER regrouped over a window of buckets, every group (TOTAL) or the range (top N over buckets).
        if (texts.some(([, t]) => /PREVIOUS|ROLLING|CUMULATIVE/.test(t)) || (query.groupBy && (texts.some(([, t]) => /TOTAL/.test(t)) || (query.limit !== undefined && query.granularity)))) perWindowed++;
      }
      if (query.limit !== undefined) topN++;
      const index = tenantIndex(demoSchema, query.tenant).index!;
      const formulas = texts.map(([name, text]) => ({ name, tree: { expr: parseSource(text, 'formula').expr!, text } }));
      const filter = query.filter ? { expr: parseSource(query.filter, 'filter').expr!, text: query.filter } : undefined;
      const checked = checkQuery({ formulas: query.formulas ? formulas : undefined, formula: formulas[0]!.tree, filter, groupBy: query.groupBy ?? [], granularity: query.granularity }, index, DEFAULT_LIMITS, new DiagnosticSink(), query.timezone)!;
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
      const relative = 1e-9 * (1 + Math.max(...checked.values.map((v) => floatOps(v.ir))));
      const differing = actual.flatMap((r, i) => (r.every((v, j) => close(v, expected[i]?.[j] ?? null, relative)) ? [] : [{ row: i, actual: r, expected: expected[i] }]));
      if (actual.length !== expected.length || differing.length > 0) {
        expect({ seed: SEED, formula: query.formula ?? query.formulas, sql: out.sql, rows: [actual.length, expected.length], differing: differing.slice(0, 5) }).toEqual({ seed: SEED, formula: query.formula ?? query.formulas, sql: out.sql, rows: [expected.length, expected.length], differing: [] });
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  console.log(`differential (seed ${SEED}): ${RUNS} queries generated, ${compiled} compiled and compared (${timed} with time functions, ${topN} top-N, ${several} with several formulas, ${perKey} with PER, ${perWindowed} of them over windows, TOTAL by groups or top N over buckets; ${rowsCompared} result rows); skipped by diagnostic: ${JSON.stringify(skipped)}`);
  expect(compiled).toBeGreaterThan(RUNS / 2);
}, 600_000);
