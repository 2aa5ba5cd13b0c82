/**
 * Rollup routing (docs/rollups.md): the DDL `rollupDdl` prints runs on chDB (hostile tenant and
 * event names included); routed queries equal the raw queries row for row on chDB — a
 * differential over random routable queries (measures combined, FILTER on dimensions, group-by,
 * filters, granularities, timezones, aligned ranges); every refusal says why; a materialized view
 * keeps the rollup current when events arrive late; a mapping change stops the routing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, compile, type CompiledQuery } from '../../src/index.js';
import { rollupDdl, withMapping } from '../../src/rollup/ddl.js';
import type { RollupEntry, Schema } from '../../src/model/schema.js';
import { schema, HOSTILE_EVENT, HOSTILE_PROPERTY, HOSTILE_TENANT } from '../fixtures/schema.js';
import { dataset, rawQuery, run } from '../fixtures/engine.js';
import { formatTime, jsonEachRow, type Row } from '../fixtures/dataset.js';
import { expectRows } from '../fixtures/compare.js';

const base = schema as unknown as Schema;
const MEASURES = ['SUM(amount)', 'COUNT(*)', 'COUNT(DISTINCT user_id)', 'AVG(amount)', 'PERCENTILE(0.9, amount)', 'MAX(amount)', 'APPROX_COUNT_DISTINCT(user_id)', 'COUNT(amount)'];
const daily = withMapping(base, { table: 'r_acme_purchase_day', productId: 'acme', event: 'purchase', grain: 'day', dimensions: ['country', 'source', 'currency'], measures: MEASURES });
const hourly = withMapping(base, { table: 'r_acme_purchase_hour', productId: 'acme', event: 'purchase', grain: 'hour', dimensions: ['country'], measures: MEASURES });
const berlinDays = withMapping(base, { table: 'r_acme_purchase_berlin', productId: 'acme', event: 'purchase', grain: 'day', timezone: 'Europe/Berlin', dimensions: [], measures: ['SUM(amount)', 'COUNT(*)'] });
const hostile = withMapping(base, { table: 'r_hostile', productId: HOSTILE_TENANT, event: HOSTILE_EVENT, grain: 'day', dimensions: ['amount'], measures: [`SUM(\`${HOSTILE_PROPERTY.replace(/`/g, '``')}\`)`, 'COUNT(*)'] });
const withRollups = (...rollups: RollupEntry[]): Schema => ({ ...base, rollups });

function create(entry: RollupEntry): void {
  const ddl = rollupDdl(base, entry);
  expect(ddl.problems).toEqual([]);
  rawQuery(`DROP VIEW IF EXISTS ${entry.table}_mv`);
  rawQuery(`DROP TABLE IF EXISTS ${entry.table}`);
  for (const statement of ddl.statements) rawQuery(statement);
}

beforeAll(() => {
  dataset();
  for (const entry of [daily, hourly, berlinDays, hostile]) create(entry);
});

const routedAndRaw = (query: object, rollups: RollupEntry[]): [CompiledQuery, CompiledQuery] => [compile(query, withRollups(...rollups)), compile(query, base)];

describe('routing: only when the answer is provably the same', () => {
  const q = { tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase'", from: '2024-01-02', to: '2024-01-09' };

  it('routes a formula of measures with FILTER on dimensions, group-by and filter on dimensions', () => {
    const [routed] = routedAndRaw({ ...q, formula: "SUM(amount) FILTER (WHERE country = 'US') / COUNT(DISTINCT user_id)", filter: "event = 'purchase' AND source = 'web'", groupBy: ['currency'], granularity: 'week' }, [daily]);
    expect(routed.route).toEqual({ table: 'r_acme_purchase_day', rollup: 'r_acme_purchase_day', refused: [] });
    expect(routed.sql).toContain('sumOrNullMergeIf(m0, ');
    expect(routed.sql).toContain('uniqExactMerge(m2)');
    expect(routed.sql).toContain('FROM r_acme_purchase_day');
    expect(routed.sql).toContain('WHERE ProductID = {tenant:String}');
  });

  it('says why for each refusal', () => {
    const reason = (query: object, rollups: RollupEntry[] = [daily]) => {
      const out = compile({ ...q, ...query }, withRollups(...rollups));
      expect(out.route.rollup).toBeUndefined();
      expect(out.route.table).toBe('events');
      return out.route.refused.map((r) => r.reason).join(' | ');
    };
    expect(reason({ filter: undefined, formula: 'COUNT(*)' })).toContain('reads rows of every event');
    expect(reason({ formula: 'SUM(items)' })).toContain('not one of the rollup');
    expect(reason({ formula: 'PERCENTILE(0.5, amount)' })).toContain('not one of the rollup');
    expect(reason({ filter: "event = 'purchase' AND amount > 10" })).toContain('`amount`, which is not one of the rollup');
    expect(reason({ groupBy: ['user_id'] })).toContain('`user_id`');
    expect(reason({ filter: "event = 'purchase' AND HOUR(time) > 3" })).toContain('`time`');
    expect(reason({ from: '2024-01-02T06:00:00Z' })).toContain('midnight UTC');
    expect(reason({ granularity: 'hour' })).toContain('hour rollup');
    expect(reason({ granularity: 'day', timezone: 'Europe/Berlin' })).toContain('days of UTC');
    expect(reason({ granularity: 'day', timezone: 'Asia/Kolkata', from: '2024-01-02T00:00:00Z', to: '2024-01-09T00:00:00Z' }, [hourly])).toContain('not whole hours');
    expect(reason({ formula: 'ROLLING(SUM(amount), 2)', granularity: 'day' })).toContain('time functions');
    expect(reason({ formula: 'AVG(SUM(amount) PER user_id)' })).toContain('PER');
    expect(reason({}, [{ ...daily, measures: [] } as unknown as RollupEntry])).toContain('not a valid entry');
  });

  it('an hour rollup serves day buckets in a whole-hour zone; a Berlin day rollup serves Berlin weeks', () => {
    expect(compile({ ...q, granularity: 'day', timezone: 'Europe/Berlin', from: '2024-01-02T00:00:00+01:00', to: '2024-01-09T00:00:00+01:00' }, withRollups(hourly)).route.rollup).toBe('r_acme_purchase_hour');
    expect(compile({ ...q, granularity: 'week', timezone: 'Europe/Berlin', from: '2024-01-01', to: '2024-01-15' }, withRollups(berlinDays)).route.rollup).toBe('r_acme_purchase_berlin');
  });

  it('stops routing when the mapping moved a property the rollup read', () => {
    const moved: Schema = { ...withRollups(daily), events: base.events.map((e) => (e.productId === 'acme' && e.name === 'purchase' ? { ...e, propertyMapping: { ...e.propertyMapping, amount: { type: ['Float64'], column: 'Prop9' } } } : e)) };
    const out = compile(q, moved);
    expect(out.route.rollup).toBeUndefined();
    expect(out.route.refused[0]!.reason).toContain('is now in Prop9');
  });
});

describe('hostile declarations', () => {
  it('garbage rollup entries never crash a compile, never route another tenant, and stay fast', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('SUM(amount)', 'COUNT(*)', "SUM(amount) FILTER (WHERE country = 'US')", 'SUM(SUM(amount))', '((((', 'ROLLING(COUNT(*), 2)', 'x'.repeat(5000)));
    const entry = fc.record({
      table: fc.oneof(fc.constantFrom('r1', 'db.r2', 'r; DROP TABLE events', '`x`'), fc.string({ maxLength: 12 })),
      productId: fc.constantFrom('acme', 'globex', HOSTILE_TENANT),
      event: fc.constantFrom('purchase', 'refund', HOSTILE_EVENT, ''),
      grain: fc.constantFrom('day', 'hour', 'week', 7),
      timezone: fc.option(fc.constantFrom('UTC', 'Europe/Berlin', 'Not/AZone'), { nil: undefined }),
      dimensions: fc.array(fc.constantFrom('country', 'source', 'user_id', 'time', '__proto__', ''), { maxLength: 4 }),
      measures: fc.array(text, { maxLength: 4 }),
      mapping: fc.constantFrom({}, { amount: { column: 'Prop0', type: ['Float64'] } }, { amount: { column: 'Prop9', type: ['String'] } }, { __proto__: { column: 'Prop0', type: [] } }, 'nope'),
    }, { requiredKeys: ['productId'] });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.constantFrom('acme', 'globex'), (rollups, tenant) => {
        const t0 = performance.now();
        const out = analyze({ tenant, formula: 'SUM(amount) / COUNT(*)', filter: "event = 'purchase'", from: '2024-01-01', to: '2024-01-08', granularity: 'day' }, { ...base, rollups });
        expect(performance.now() - t0).toBeLessThan(1_000);
        const route = out.compiled?.route;
        if (route?.rollup) {
          const used = rollups.find((r) => r.table === route.rollup && r.productId === tenant);
          expect(used, 'a rollup of the asking tenant').toBeDefined();
        }
      }),
      { numRuns: 300, seed: 20261211 },
    );
  });

  it('considers a bounded number of rollups per tenant', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ ...daily, table: `r${i}`, measures: ['SUM(items)'] }));
    const out = compile({ tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase'", from: '2024-01-01', to: '2024-01-08' }, withRollups(...many, daily));
    expect(out.route.rollup).toBeUndefined();
    expect(out.route.refused[0]!.reason).toContain('only the first 100 rollups');
    expect(out.route.refused).toHaveLength(101);
  });
});

describe('routed = raw on chDB', () => {
  it('for the examples of each refusal boundary', () => {
    const cases: object[] = [
      { formula: 'SUM(amount)' },
      { formula: "COUNT(*) FILTER (WHERE country = 'US') / COUNT(*)", groupBy: ['source'] },
      { formula: 'PERCENTILE(0.9, amount) + MAX(amount)', granularity: 'week' },
      { formula: 'APPROX_COUNT_DISTINCT(user_id)', groupBy: ['country'], granularity: 'day' },
      { formula: 'AVG(amount)', filter: "event = 'purchase' AND currency IN ('USD', 'EUR')", groupBy: ['currency'] },
    ];
    for (const c of cases) {
      const [routed, raw] = routedAndRaw({ tenant: 'acme', filter: "event = 'purchase'", from: '2024-01-01', to: '2024-01-15', ...c }, [daily]);
      expect(routed.route.rollup, JSON.stringify(c)).toBe('r_acme_purchase_day');
      expectRows(run(routed), run(raw));
    }
  });

  it('day buckets in Berlin from the hour rollup, and the hostile tenant from its own rollup', () => {
    const [a, b] = routedAndRaw({ tenant: 'acme', formula: 'SUM(amount) / COUNT(*)', filter: "event = 'purchase'", granularity: 'day', timezone: 'Europe/Berlin', groupBy: ['country'], from: '2024-01-02T00:00:00+01:00', to: '2024-01-12T00:00:00+01:00' }, [hourly]);
    expect(a.route.rollup).toBe('r_acme_purchase_hour');
    expectRows(run(a), run(b));
    const prop = `\`${HOSTILE_PROPERTY.replace(/`/g, '``')}\``;
    const eventLiteral = `'${HOSTILE_EVENT.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    const [c, d] = routedAndRaw({ tenant: HOSTILE_TENANT, formula: `SUM(${prop}) / COUNT(*)`, filter: `event = ${eventLiteral}`, groupBy: ['amount'], from: '2024-01-01', to: '2024-01-15' }, [hostile]);
    expect(c.route.rollup).toBe('r_hostile');
    expectRows(run(c), run(d));
  });

  const formula = fc.array(fc.constantFrom('SUM(amount)', 'COUNT(*)', 'COUNT(DISTINCT user_id)', 'AVG(amount)', 'PERCENTILE(0.9, amount)', 'MAX(amount)', "COUNT(*) FILTER (WHERE country = 'US')", "SUM(amount) FILTER (WHERE source = 'web')", 'COUNT(amount)'), { minLength: 1, maxLength: 3 }).chain((parts) =>
    fc.array(fc.constantFrom(' + ', ' - ', ' * ', ' / '), { minLength: parts.length - 1, maxLength: parts.length - 1 }).map((ops) => parts.map((p, i) => (i === 0 ? p : `${ops[i - 1]}${p}`)).join('')),
  );
  const query = fc.record({
    formula,
    groupBy: fc.subarray(['country', 'source', 'currency'], { maxLength: 2 }),
    filter: fc.constantFrom("event = 'purchase'", "event = 'purchase' AND source <> 'ios'", "event = 'purchase' AND country IS NOT NULL", "event = 'purchase' AND (currency = 'USD' OR country = 'DE')"),
    granularity: fc.constantFrom(undefined, 'day' as const, 'week' as const, 'month' as const),
    fromDay: fc.integer({ min: 0, max: 10 }),
    days: fc.integer({ min: 1, max: 14 }),
  });

  it('a differential over random near-miss queries: each refused with a reason, and the raw answer', () => {
    dataset();
    const miss = fc.constantFrom(
      { formula: 'SUM(items)' },
      { formula: 'PERCENTILE(0.5, amount)' },
      { filter: "event = 'purchase' AND amount > 50" },
      { from: '2024-01-02T03:00:00Z' },
      { granularity: 'hour' as const },
      { timezone: 'Europe/Berlin', granularity: 'day' as const },
      { groupBy: ['user_id'] },
      { formula: 'ROLLING(SUM(amount), 2)', granularity: 'day' as const },
      { filter: undefined, formula: 'COUNT(*)' },
    );
    fc.assert(
      fc.property(query, miss, (r, m) => {
        const q = { tenant: 'acme', formula: r.formula, filter: r.filter, groupBy: r.groupBy, ...(r.granularity ? { granularity: r.granularity } : {}), from: new Date(Date.UTC(2024, 0, 1 + r.fromDay)).toISOString(), to: new Date(Date.UTC(2024, 0, 1 + r.fromDay + r.days)).toISOString(), ...m };
        const [routed, raw] = routedAndRaw(q, [daily]);
        expect(routed.route.rollup).toBeUndefined();
        expect(routed.route.refused).toHaveLength(1);
        expect(routed.sql).toBe(raw.sql);
        expectRows(run(routed), run(raw));
      }),
      { numRuns: 40, seed: 20261210 },
    );
  });

  it('a differential over random routable queries: every one routed, equal row for row', () => {
    dataset();
    fc.assert(
      fc.property(query, (r) => {
        const q = { tenant: 'acme', formula: r.formula, filter: r.filter, groupBy: r.groupBy, ...(r.granularity ? { granularity: r.granularity } : {}), from: new Date(Date.UTC(2024, 0, 1 + r.fromDay)).toISOString(), to: new Date(Date.UTC(2024, 0, 1 + r.fromDay + r.days)).toISOString() };
        const [routed, raw] = routedAndRaw(q, [daily]);
        expect(routed.route.refused).toEqual([]);
        expect(routed.route.rollup).toBe('r_acme_purchase_day');
        expectRows(run(routed), run(raw));
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });

  it('the materialized view keeps the rollup current: late events, then equal to raw', () => {
    const late: Row[] = Array.from({ length: 5 }, (_, i) => ({
      ProductID: 'acme',
      UserRefID: `late${i}`,
      EventName: 'purchase',
      Source: 'web',
      Time: formatTime(Date.UTC(2024, 0, 3, 10 + i)),
      epochMs: Date.UTC(2024, 0, 3, 10 + i),
      slots: { Prop0: String(1000 + i), Prop2: 'LATE' },
    }));
    const q = { tenant: 'acme', formula: 'SUM(amount) / COUNT(DISTINCT user_id)', filter: "event = 'purchase'", groupBy: ['country'], granularity: 'day' as const, from: '2024-01-01', to: '2024-01-08' };
    const [routed, raw] = routedAndRaw(q, [daily]);
    const before = run(routed);
    rawQuery(`INSERT INTO events FORMAT JSONEachRow ${jsonEachRow(late)}`);
    const after = run(routed);
    expect(after).not.toEqual(before);
    expect(after.some((row) => row[1] === 'LATE')).toBe(true);
    expectRows(after, run(raw));
    // Parts merged in the background change nothing either.
    rawQuery('OPTIMIZE TABLE r_acme_purchase_day FINAL');
    expectRows(run(routed), run(raw));
  });
});

describe('metricc rollup', () => {
  it('proposes rollups for the example definitions whose DDL runs on chDB and whose routed queries equal the raw ones', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { demoSchema, toQuery, MetricDefinitionSchema, CatalogueFileSchema, withCatalogue } = await import('../../src/index.js');
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const lines: string[] = [];
    const dir = join(import.meta.dirname, '../../examples');
    expect(await main(['rollup', dir, '--json'], { out: (t) => lines.push(t), err: (t) => lines.push(t) })).toBe(0);
    const proposal = JSON.parse(lines.join('\n')) as { rollups: { declaration: RollupEntry; serves: string[]; statements: string[]; problems: string[] }[]; unserved: { label: string; reason: string }[] };
    expect(proposal.rollups.length).toBeGreaterThanOrEqual(3);
    expect(proposal.unserved.find((u) => u.label.endsWith('rolling-weekly-active-users.metric.json'))?.reason).toContain('time functions');
    dataset();
    const declared: Schema = { ...(demoSchema as unknown as Schema), rollups: proposal.rollups.map((r) => r.declaration) };
    const now = new Date(JSON.parse(readFileSync(join(dir, 'metricc.config.json'), 'utf8')).now as string);
    let routed = 0;
    let nonEmpty = 0;
    for (const r of proposal.rollups) {
      expect(r.problems).toEqual([]);
      rawQuery(`DROP VIEW IF EXISTS ${r.declaration.table}_mv`);
      rawQuery(`DROP TABLE IF EXISTS ${r.declaration.table}`);
      // The demo layout is the test table's: the DDL runs over the test events.
      for (const s of r.statements) rawQuery(s);
      for (const label of r.serves) {
        const file = readdirSync(dir).find((f) => label.endsWith(f))!;
        // Over the test events' days (the examples' own ranges lie after them).
        const def = MetricDefinitionSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
        const query = { ...toQuery(def, now), from: '2024-01-01', to: '2024-01-15' };
        const catalogue = def.metrics ? CatalogueFileSchema.parse(JSON.parse(readFileSync(join(dir, def.metrics), 'utf8'))) : undefined;
        const viaRollup = compile(query, catalogue ? withCatalogue(declared, catalogue) : declared);
        expect(viaRollup.route.rollup).toBe(r.declaration.table);
        const rows = run(viaRollup);
        expectRows(rows, run(compile(query, catalogue ? withCatalogue(demoSchema, catalogue) : demoSchema)));
        nonEmpty += rows.length > 0 ? 1 : 0;
        routed++;
      }
    }
    expect(routed).toBeGreaterThanOrEqual(5);
    expect(nonEmpty).toBeGreaterThanOrEqual(3);
  });
});
