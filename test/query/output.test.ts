import { describe, expect, it } from 'vitest';
import { compile, q, schema } from '../fixtures/query.js';
import { HOSTILE_PROPERTY, HOSTILE_TENANT } from '../fixtures/schema.js';

describe('compile output', () => {
  it('has the shape of API.md and is frozen', () => {
    const out = compile(q('SUM(amount)', { granularity: 'day', groupBy: ['country', 'source'] }), schema);
    expect(Object.keys(out).sort()).toEqual(['cacheKey', 'columns', 'diagnostics', 'params', 'sql']);
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
  it('aliases unusual group names positionally and names the column as given', () => {
    const s = { ...schema, events: [...schema.events, { productId: 'acme', name: 'x', propertyMapping: { [HOSTILE_PROPERTY]: { type: ['String'], column: 'Prop9' }, Time: { type: ['String'], column: 'Prop10' } } }] };
    const out = compile(q('COUNT(*)', { groupBy: [HOSTILE_PROPERTY, 'Time'] }), s);
    expect(out.sql).toContain('AS `__g0`');
    expect(out.sql).toContain('AS `__g1`');
    expect(out.sql).not.toContain(HOSTILE_PROPERTY);
    expect(out.columns.map((c) => c.name)).toEqual([HOSTILE_PROPERTY, 'Time', 'value']);
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
      key({ limit: 10 }),
      key({}, { ...schema, events: schema.events.map((e, i) => (i === 0 ? { ...e, propertyMapping: { ...e.propertyMapping, extra: { type: ['String'], column: 'Prop60' } } } : e)) }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toMatch(/^metricc:v1:[0-9a-f]{64}$/);
  });
});
