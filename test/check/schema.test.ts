import { describe, expect, it } from 'vitest';
import { check, compile, q, schema } from '../fixtures/query.js';
import { CompileError } from '../../src/index.js';

function withDoc(propertyMapping: Record<string, { type: string[]; column: string }>, extra: Partial<typeof schema> = {}) {
  return { ...schema, ...extra, events: [...schema.events, { productId: 'acme', name: 'poisoned', propertyMapping }] };
}

describe('poisoned mapping documents are rejected', () => {
  for (const column of ['ProductID', 'Prop0) OR 1=1 --', 'Prop100', 'Prop01', 'prop3', 'Prop-1', ' Prop3', 'Prop3 ', '']) {
    it(`column ${JSON.stringify(column)}`, () => {
      const s = withDoc({ evil: { type: ['String'], column } });
      const d = check(q('COUNT(*)'), s).diagnostics;
      expect(d).toEqual([expect.objectContaining({ code: 'invalid-slot', source: 'schema', severity: 'error', path: 'events[8].propertyMapping."evil".column' })]);
      expect(() => compile(q('COUNT(*)'), s)).toThrow(CompileError);
    });
  }
  it('two properties in one slot', () => {
    const s = withDoc({ a: { type: ['String'], column: 'Prop1' }, b: { type: ['String'], column: 'Prop1' } });
    expect(check(q('COUNT(*)'), s).diagnostics.map((d) => d.code)).toEqual(['slot-conflict']);
  });
  it('an unknown type and an empty type list', () => {
    const s = withDoc({ a: { type: ['Float64); DROP TABLE x'], column: 'Prop1' }, b: { type: [], column: 'Prop2' } });
    expect(check(q('COUNT(*)'), s).diagnostics.map((d) => d.code)).toEqual(['unknown-type', 'unknown-type']);
  });
  it('an event described twice', () => {
    const s = { ...schema, events: [...schema.events, schema.events[0]!] };
    expect(check(q('COUNT(*)'), s).diagnostics.map((d) => d.code)).toEqual(['duplicate-event']);
  });
  it('other tenants’ documents are not read', () => {
    const s = { ...schema, events: [...schema.events, { productId: 'other', name: 'x', propertyMapping: { evil: { type: ['String'], column: 'ProductID' } } }] };
    expect(check(q('COUNT(*)'), s).diagnostics).toEqual([]);
  });
  it('a malformed layout is a schema diagnostic, never a TypeError', () => {
    for (const bad of [null, 42, {}, { ...schema, table: 'events; DROP' }, { ...schema, slots: { prefix: 'Prop', count: 0 } }, { ...schema, columns: { ...schema.columns, tenant: 'a b' } }]) {
      const d = check(q('COUNT(*)'), bad).diagnostics;
      expect(d.length).toBeGreaterThan(0);
      expect(d.every((x) => x.source === 'schema' && x.code === 'invalid-schema')).toBe(true);
    }
  });
  it('built-in columns may not look like slots', () => {
    const d = check(q('COUNT(*)'), { ...schema, columns: { ...schema.columns, user: 'Prop7' } }).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['invalid-schema']);
  });
  it('warns when the tenant has no documents, yet built-ins still work', () => {
    const out = compile({ ...q('COUNT(DISTINCT user_id)'), tenant: 'nobody' }, schema);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['unknown-tenant']);
  });
});

describe('query shape', () => {
  it('unknown fields, bad types and missing fields are query diagnostics', () => {
    expect(check({ ...q('COUNT(*)'), groupby: ['x'] }, schema).diagnostics[0]).toMatchObject({ code: 'invalid-query', source: 'query', message: 'unknown query field `groupby`' });
    expect(check({ ...q('COUNT(*)'), limit: -1 }, schema).diagnostics[0]).toMatchObject({ code: 'invalid-query', path: 'limit' });
    expect(check({ formula: 'COUNT(*)' }, schema).diagnostics.length).toBeGreaterThan(0);
    expect(check(undefined, schema).diagnostics[0]!.code).toBe('invalid-query');
  });
  it('times and timezones', () => {
    expect(check(q('COUNT(*)', { from: 'yesterday' }), schema).diagnostics[0]).toMatchObject({ code: 'invalid-time', path: 'from' });
    expect(check(q('COUNT(*)', { from: '2024-02-30' }), schema).diagnostics[0]).toMatchObject({ code: 'invalid-time' });
    expect(check(q('COUNT(*)', { from: '2024-01-08T00:00:00Z' }), schema).diagnostics[0]).toMatchObject({ code: 'empty-range' });
    expect(check(q('COUNT(*)', { timezone: "UTC'); DROP" }), schema).diagnostics[0]).toMatchObject({ code: 'invalid-timezone' });
    expect(check(q('COUNT(*)', { timezone: 'Mars/Olympus' }), schema).diagnostics[0]).toMatchObject({ code: 'invalid-timezone' });
  });
  it('reads a local date in the query timezone', () => {
    const out = compile(q('COUNT(*)', { from: '2024-03-01', to: '2024-03-31T12:30:00', timezone: 'Europe/Berlin' }), schema);
    expect(out.params).toMatchObject({ from: '2024-02-29 23:00:00.000', to: '2024-03-31 10:30:00.000' });
    expect(compile(q('COUNT(*)', { to: '2024-01-08T00:00:00.5+05:30' }), schema).params['to']).toBe('2024-01-07 18:30:00.500');
  });
  it('group-by names: unknown, duplicate, reserved', () => {
    expect(check(q('COUNT(*)', { groupBy: ['contry'] }), schema).diagnostics[0]).toMatchObject({ code: 'unknown-name', source: 'query', path: 'groupBy[0]', suggestions: ['country'] });
    expect(check(q('COUNT(*)', { groupBy: ['source', 'source'] }), schema).diagnostics[0]).toMatchObject({ code: 'duplicate-group-by', path: 'groupBy[1]' });
    expect(check(q('COUNT(*)', { groupBy: ['value'] }), schema).diagnostics[0]).toMatchObject({ code: 'reserved-group-by' });
    expect(check(q('COUNT(*)', { groupBy: ['load_time'], filter: "event = 'purchase'" }), schema).diagnostics[0]).toMatchObject({ code: 'property-not-in-scope' });
  });
});
