/**
 * Named metrics (docs/language.md §6): references, filters, scoping, tenant catalogues, the
 * diagnostics at the reference, bounds, the cache key, and — on chDB — a property: a formula with
 * references gives the same rows as the same formula inlined by hand (each metric's filter
 * written into every aggregate inside it as a FILTER).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, check, compile, demoSchema } from '../../src/index.js';
import type { EmbeddedExecutor } from '../../src/run/index.js';
import { openDemoEngine } from '../fixtures/demo-engine.js';

const q = { tenant: 'acme', from: '2024-01-01', to: '2024-01-15', granularity: 'day' } as const;
const withMetrics = (metrics: unknown[]) => ({ ...demoSchema, metrics });
const CATALOGUE = [
  { name: 'revenue', formula: 'SUM(amount)', filter: "event = 'purchase'", description: 'Purchase revenue' },
  { name: 'active_users', formula: 'COUNT(DISTINCT user_id)' },
  { name: 'arpu', formula: 'revenue / active_users' },
  { name: 'ios_revenue', formula: 'revenue', filter: "source = 'ios'" },
  { name: 'revenue', formula: 'SUM(amount) * 100', filter: "event = 'purchase'", productId: 'globex' },
  { name: 'loop_a', formula: 'loop_b + 1' },
  { name: 'loop_b', formula: 'loop_a * 2' },
  { name: 'unparsable', formula: 'SUM(amount' },
  { name: 'typo', formula: 'SUM(amont)' },
  { name: 'not even an entry', formula: 42 },
];
const schema = withMetrics(CATALOGUE);
const diags = (formula: string, extra: Record<string, unknown> = {}, s: unknown = schema) => check({ ...q, formula, ...extra }, s).diagnostics;

describe('named metrics', () => {
  it('inline their formulas: a reference compiles as the formula written in place', () => {
    expect(compile({ ...q, formula: 'arpu' }, schema).sql).toBe(compile({ ...q, formula: "SUM(amount) FILTER (WHERE event = 'purchase') / COUNT(DISTINCT user_id)" }, demoSchema).sql);
  });
  it("apply a metric's filter to every aggregate inside it, referenced metrics included", () => {
    expect(compile({ ...q, formula: 'ios_revenue' }, schema).sql).toBe(compile({ ...q, formula: "SUM(amount) FILTER (WHERE source = 'ios' AND event = 'purchase')" }, demoSchema).sql);
  });
  it("scope the properties inside a metric by its filter's event tests", () => {
    // `amount` is kept in different slots per event; the metric's filter pins `purchase`.
    const out = compile({ ...q, formula: 'revenue' }, schema);
    expect(out.sql).toContain('EventName = {p0:String}');
    expect(out.params['p0']).toBe('purchase');
  });
  it("prefer the tenant's own metric over a shared one of the same name", () => {
    expect(compile({ ...q, tenant: 'globex', formula: 'revenue' }, schema).sql).toContain(' * 100');
    expect(compile({ ...q, formula: 'revenue' }, schema).sql).not.toContain(' * 100');
  });
  it('are names outside aggregates only: inside an aggregate a name is a property', () => {
    const s = withMetrics([{ name: 'amount', formula: 'COUNT(*)' }]);
    expect(compile({ ...q, formula: 'SUM(amount)' }, s).sql).toBe(compile({ ...q, formula: 'SUM(amount)' }, demoSchema).sql);
    expect(compile({ ...q, formula: 'amount + 1' }, s).sql).toBe(compile({ ...q, formula: 'COUNT(*) + 1' }, demoSchema).sql);
  });
  it('report a cycle naming its chain, at the reference', () => {
    expect(diags('1 + loop_a').map((d) => [d.code, d.start, d.end, d.metric, d.message])).toEqual([
      ['metric-cycle', 4, 10, 'loop_b', 'in metric `loop_b` (via `loop_a`): the metric references itself: `loop_a` → `loop_b` → `loop_a`'],
    ]);
  });
  it('nest to depth 16, and no deeper', () => {
    const chain = (n: number) => withMetrics(Array.from({ length: n }, (_, i) => ({ name: `m${i}`, formula: i === n - 1 ? 'COUNT(*)' : `m${i + 1} + 1` })));
    expect(diags('m0', {}, chain(16))).toEqual([]);
    expect(diags('m0', {}, chain(17)).map((d) => d.code)).toEqual(['metric-too-deep']);
  });
  it('point problems inside a metric at the reference, naming the metric', () => {
    expect(diags('COUNT(*) + typo').map((d) => [d.code, d.start, d.end, d.metric])).toEqual([['unknown-name', 11, 15, 'typo']]);
    expect(diags('unparsable').map((d) => [d.code, d.start, d.end])).toEqual([['invalid-metric', 0, 10]]);
    expect(diags('`not even an entry`').map((d) => d.code)).toEqual(['invalid-metric']);
  });
  it('never fail a compile over a broken entry nobody references', () => {
    expect(diags('revenue / active_users')).toEqual([]);
  });
  it('suggest the nearest metric names for an unknown name, and say to wrap a property in an aggregate', () => {
    const [unknown] = diags('revenu');
    expect(unknown).toMatchObject({ code: 'unknown-name', suggestions: expect.arrayContaining(['revenue']) });
    expect(unknown!.message).toContain('did you mean the metric `revenue`?');
    expect(diags('amount')[0]!.message).toContain('wrap it in an aggregate');
  });
  it('bound the text a formula expands to', () => {
    // Each reference doubles the text below it: 2^10 copies of a 20,000-character metric.
    const list = Array.from({ length: 2000 }, (_, i) => `'s${i}'`).join(', ');
    const s = withMetrics([{ name: 'big', formula: `COUNT(*) FILTER (WHERE source IN (${list}))` }, ...Array.from({ length: 10 }, (_, i) => ({ name: `x${i}`, formula: i === 0 ? 'big + big' : `x${i - 1} + x${i - 1}` }))]);
    const started = Date.now();
    const codes = diags('x9', {}, s).map((d) => d.code);
    expect(codes).toContain('metrics-too-large');
    // Tiny metrics that double at every level: 2^16 references, stopped by the reference bound.
    const doubling = withMetrics(Array.from({ length: 16 }, (_, i) => ({ name: `d${i}`, formula: i === 15 ? 'COUNT(*)' : `d${i + 1} + d${i + 1}` })));
    expect(diags('d0', {}, doubling).map((d) => d.code)).toContain('metrics-too-large');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
  it('change the cache key of exactly the queries that reach an edited metric', () => {
    const edited = withMetrics(CATALOGUE.map((m) => (m.name === 'active_users' ? { ...m, formula: 'COUNT(DISTINCT user_id) + 0' } : m)));
    const key = (formula: string, s: unknown) => compile({ ...q, formula }, s).cacheKey;
    expect(key('arpu', edited)).not.toBe(key('arpu', schema));
    expect(key('revenue', edited)).toBe(key('revenue', schema));
  });
});

describe('a formula with references runs like its hand-inlined form (chDB)', () => {
  let engine: EmbeddedExecutor;
  beforeAll(async () => {
    engine = await openDemoEngine(20_000, 11);
  });
  afterAll(async () => {
    await engine?.close();
  });

  interface Agg {
    readonly call: string;
    readonly filter: string | undefined;
  }
  interface Metric {
    readonly aggs: readonly Agg[];
    readonly ops: readonly string[];
    readonly filter: string | undefined;
    /** Reference the previous metric (by name) as a last term. */
    readonly refPrevious: boolean;
  }
  const pred = fc.constantFrom("event = 'purchase'", "source = 'ios'", "event IN ('page_view', 'purchase')", "source != 'web'", 'HOUR(time) >= 12');
  const agg: fc.Arbitrary<Agg> = fc.record({
    call: fc.constantFrom('COUNT(*)', 'COUNT(DISTINCT user_id)', "SUM(amount) FILTER (WHERE event = 'purchase')", 'AVG(load_time)', 'MAX(amount)', 'PERCENTILE(0.5, load_time)'),
    filter: fc.option(pred, { nil: undefined }),
  });
  const metric: fc.Arbitrary<Metric> = fc.record({
    aggs: fc.array(agg, { minLength: 1, maxLength: 3 }),
    ops: fc.array(fc.constantFrom(' + ', ' - ', ' / '), { minLength: 2, maxLength: 2 }),
    filter: fc.option(pred, { nil: undefined }),
    refPrevious: fc.boolean(),
  });
  const both = (a: string | undefined, b: string | undefined) => (a && b ? `(${a}) AND (${b})` : (a ?? b));
  /** An aggregate written with a FILTER; its own FILTER already in the call is kept by AND. */
  const render = (a: Agg, extra: string | undefined) => {
    const f = both(a.filter, extra);
    if (!f) return a.call;
    const m = /^(.*) FILTER \(WHERE (.*)\)$/.exec(a.call);
    return m ? `${m[1]} FILTER (WHERE (${m[2]}) AND (${f}))` : `${a.call} FILTER (WHERE ${f})`;
  };

  it('for random catalogues of up to four metrics, nested and filtered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(metric, { minLength: 1, maxLength: 4 }), fc.constantFrom('day', 'week', undefined), fc.boolean(), async (metrics, granularity, grouped) => {
        const entries = metrics.map((m, i) => {
          const terms = m.aggs.map((a) => render(a, undefined));
          if (m.refPrevious && i > 0) terms.push(`m${i - 1}`);
          return { name: `m${i}`, formula: terms.map((t, j) => (j === 0 ? t : `${m.ops[(j - 1) % 2]}${t}`)).join(''), ...(m.filter ? { filter: m.filter } : {}) };
        });
        // By hand: each metric's text with its filter pushed into every aggregate, references replaced by their inlined text.
        const inlined: string[] = [];
        metrics.forEach((m, i) => {
          const terms = m.aggs.map((a) => render(a, m.filter));
          // A referenced metric's aggregates take the referencing metric's filter too.
          if (m.refPrevious && i > 0) terms.push(`(${inlineWith(i - 1, m.filter)})`);
          inlined.push(terms.map((t, j) => (j === 0 ? t : `${m.ops[(j - 1) % 2]}${t}`)).join(''));
        });
        function inlineWith(k: number, outer: string | undefined): string {
          const m = metrics[k]!;
          const terms = m.aggs.map((a) => render(a, both(m.filter, outer)));
          if (m.refPrevious && k > 0) terms.push(`(${inlineWith(k - 1, both(m.filter, outer))})`);
          return terms.map((t, j) => (j === 0 ? t : `${m.ops[(j - 1) % 2]}${t}`)).join('');
        }
        const last = metrics.length - 1;
        const base = { ...q, ...(granularity ? { granularity } : { granularity: undefined }), ...(grouped ? { groupBy: ['source'] } : {}) };
        const referenced = analyze({ ...base, formula: `m${last} * 2` }, withMetrics(entries));
        const byHand = analyze({ ...base, formula: `(${inlineWith(last, undefined)}) * 2` }, demoSchema);
        expect(referenced.diagnostics.map((d) => d.code)).toEqual(byHand.diagnostics.map((d) => d.code));
        if (!referenced.compiled || !byHand.compiled) return;
        const a = await engine.run(referenced.compiled);
        const b = await engine.run(byHand.compiled);
        // Equal up to float summation order (the engine sums in parallel threads).
        const close = (x: unknown, y: unknown) => x === y || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)));
        expect(a.rows.length).toBe(b.rows.length);
        a.rows.forEach((row, i) => {
          for (const c of referenced.compiled!.columns) if (!close(row[c.name], b.rows[i]![c.name])) expect(row).toEqual(b.rows[i]);
        });
      }),
      { numRuns: 60, seed: 20_261_206 },
    );
  }, 120_000);
});
