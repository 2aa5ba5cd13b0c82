import { describe, expect, it } from 'vitest';
import { compile, q, schema } from '../fixtures/query.js';
import { HOSTILE_PROPERTY, HOSTILE_TENANT } from '../fixtures/schema.js';
import { queryBind } from 'chdb';
import { dataset, run } from '../fixtures/engine.js';

describe('compile output', () => {
  it('has the shape of docs/api.md and is frozen', () => {
    const out = compile(q('SUM(amount)', { granularity: 'day', groupBy: ['country', 'source'] }), schema);
    expect(Object.keys(out).sort()).toEqual(['cacheKey', 'columns', 'diagnostics', 'metrics', 'params', 'route', 'sql', 'structure']);
    expect(out.route).toEqual({ table: 'events', refused: [] });
    expect(out.structure).toEqual({ tenant: 'acme', from: '2024-01-01T00:00:00.000Z', to: '2024-01-08T00:00:00.000Z', fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 8), readsFromMs: Date.UTC(2024, 0, 1), granularity: 'day', timezone: 'UTC', bucketLocal: true });
    expect(out.metrics).toEqual([]);
    expect(out.columns).toEqual([
      { name: 'bucket', type: 'datetime' },
      { name: 'country', type: 'string' },
      { name: 'source', type: 'string' },
      { name: 'value', type: 'number' },
    ]);
    expect(Object.isFrozen(out)).toBe(true);
  });
  it('puts the tenant guard first in WHERE, as a bound parameter', () => {
    const out = compile({ ...q('COUNT(*)', { filter: "1 = 1 OR source = 'web'" }), tenant: HOSTILE_TENANT }, schema);
    expect(out.sql).toMatch(/\nWHERE ProductID = \{tenant:String\}\n {2}AND `Time` >= \{from:DateTime64\(3, 'UTC'\)\}\n {2}AND `Time` < \{to:DateTime64\(3, 'UTC'\)\}\n {2}AND \(1 = 1 OR `Source` = \{p0:String\}\)$/);
    expect(out.params['tenant']).toBe(HOSTILE_TENANT);
  });
  it('names every column of the SQL result exactly as given, whatever the name (docs/language.md §6)', () => {
    dataset();
    const odd = ['Time', 'Prop0', 'source', 'Source', 'we\\ird\\', 'a b.c', '__g0', 'ProductID'];
    const mapping = Object.fromEntries([HOSTILE_PROPERTY, ...odd.filter((n) => n !== 'source')].map((n, i) => [n, { type: ['String'], column: `Prop${20 + i}` }]));
    const s = { ...schema, events: [...schema.events, { productId: 'acme', name: 'x', propertyMapping: mapping }] };
    for (const granularity of [undefined, 'day'] as const) {
      const groupBy = [HOSTILE_PROPERTY, ...odd];
      const out = compile(q('COUNT(*)', { groupBy, ...(granularity ? { granularity } : {}) }), s);
      expect(out.columns.map((c) => c.name)).toEqual([...(granularity ? ['bucket'] : []), ...groupBy, 'value']);
      const meta = (JSON.parse(queryBind(out.sql, out.params, 'JSONCompact')) as { meta: { name: string }[] }).meta;
      expect(meta.map((m) => m.name)).toEqual(out.columns.map((c) => c.name));
      // The WHERE still reads the table's columns: the tenant's real row count per day.
      expect(out.sql).toMatch(/WHERE ProductID = \{tenant:String\}/);
    }
  });
  it('refuses group names that cannot name a column', () => {
    for (const name of ['a`b', 'tab\there', 'x'.repeat(257)]) {
      const s = { ...schema, events: [...schema.events, { productId: 'acme', name: 'x', propertyMapping: { [name]: { type: ['String'], column: 'Prop9' } } }] };
      expect(() => compile(q('COUNT(*)', { groupBy: [name] }), s)).toThrow(expect.objectContaining({ diagnostics: [expect.objectContaining({ code: 'invalid-column-name', path: 'groupBy[0]' })] }));
    }
  });
  it('gives exactly one row without groups or buckets, whatever the formula', () => {
    dataset();
    for (const [formula, expected] of [['1 + 2', 3], ['COALESCE(1 / 0, 7 / 2)', 3.5], ['COUNT(*) * 0 + 1', 1], ['SUM(amount) * 0', null]] as const) {
      for (const range of [{}, { from: '2031-01-01', to: '2031-02-01' }]) {
        const rows = run(compile(q(formula, range), schema));
        expect(rows).toHaveLength(1);
        if (formula !== 'SUM(amount) * 0' || 'from' in range) expect(rows[0]![0]).toBe(formula === 'SUM(amount) * 0' ? null : expected);
      }
    }
  });
});

describe('cache key', () => {
  const base = q('SUM(amount) / COUNT(DISTINCT user_id)', { filter: "event = 'purchase'", granularity: 'day' });
  const key = (over: Record<string, unknown>, s: unknown = schema) => compile({ ...base, ...over }, s).cacheKey;
  it('ignores spelling, whitespace and keyword case', () => {
    expect(key({ formula: 'sum( amount )/count(distinct user_id)', filter: "EVENT = 'purchase'".toLowerCase() })).toBe(key({}));
    expect(key({ formula: 'SUM(amount)\n/\tCOUNT(DISTINCT user_id)', filter: 'event == "purchase"' })).toBe(key({}));
  });
  it('changes with tenant, range, timezone, granularity, group-by, limit and mapping', () => {
    const keys = [
      key({}),
      key({ tenant: 'globex' }),
      key({ to: '2024-01-09T00:00:00Z' }),
      key({ timezone: 'Europe/Berlin' }),
      key({ granularity: 'week' }),
      key({ groupBy: ['source'] }),
      key({ groupBy: ['source'], limit: 2 }),
      key({}, { ...schema, events: schema.events.map((e, i) => (i === 0 ? { ...e, propertyMapping: { ...e.propertyMapping, extra: { type: ['String'], column: 'Prop60' } } } : e)) }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toMatch(/^metricc:v1:[0-9a-f]{64}$/);
  });
});
