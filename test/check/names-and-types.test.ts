import { describe, expect, it } from 'vitest';
import { codes, compile, diags, q, schema } from '../fixtures/query.js';

describe('names (docs/language.md §3)', () => {
  it('suggests the closest name, pointing at the typo', () => {
    expect(diags('SUM(amout)')).toEqual([
      expect.objectContaining({ code: 'unknown-name', source: 'formula', start: 4, end: 9, line: 1, column: 5, suggestions: ['amount'], message: 'unknown name `amout`; did you mean `amount`?' }),
    ]);
  });
  it('suggests functions', () => {
    expect(diags('SUMM(amount)')[0]).toMatchObject({ code: 'unknown-function', start: 0, end: 4, message: 'unknown function `SUMM`; did you mean SUM?' });
    expect(diags('percentil(0.5, amount)')[0]!.suggestions).toEqual(['PERCENTILE']);
  });
  it('never treats physical columns as names', () => {
    expect(diags('COUNT(DISTINCT Prop0)')[0]).toMatchObject({ code: 'unknown-name', message: expect.stringContaining('table columns are not names') });
    expect(codes('COUNT(DISTINCT ProductID)')).toEqual(['unknown-name']);
  });
  it('function names are case-insensitive; property names are not', () => {
    expect(() => compile(q('sum(amount) + Sum(amount) + SUM(amount)'), schema)).not.toThrow();
    expect(codes('SUM(Amount)')).toEqual(['unknown-name']);
  });
  it('built-ins win over properties', () => {
    expect(compile(q('COUNT(DISTINCT event)'), schema).sql).toContain('uniqExact(EventName)');
  });
});

describe('aggregate rules', () => {
  it('rejects bare references outside aggregates', () => {
    expect(diags('amount + 1')[0]).toMatchObject({ code: 'bare-reference', start: 0, end: 6 });
    expect(codes('SUM(amount) + user_id')).toEqual(['bare-reference']);
  });
  it('allows constants', () => {
    expect(compile(q('1 + 2'), schema).sql).toContain('1 + 2 AS value');
  });
  it('rejects nested aggregates and aggregates in filters', () => {
    expect(diags('SUM(AVG(amount))')[0]).toMatchObject({ code: 'nested-aggregate', start: 4, end: 15 });
    expect(codes('COUNT(*) FILTER (WHERE SUM(amount) > 1)')).toEqual(['nested-aggregate']);
    expect(diags('COUNT(*)', { filter: 'SUM(amount) > 10' })[0]).toMatchObject({ code: 'aggregate-not-allowed', source: 'filter', start: 0, end: 11 });
  });
  it('checks *, DISTINCT and FILTER placement', () => {
    expect(codes('SUM(*)')).toEqual(['star-not-allowed']);
    expect(codes('SUM(DISTINCT amount)')).toEqual(['distinct-not-allowed']);
    expect(codes("ROUND(SUM(amount)) FILTER (WHERE event = 'purchase')")).toEqual(['filter-not-allowed']);
  });
  it('checks arity with the signature', () => {
    expect(diags('SUM(amount, amount)')[0]).toMatchObject({ code: 'wrong-arity', message: 'SUM takes 1 argument but was given 2: SUM(x)' });
    expect(codes('ROUND(SUM(amount), 1, 2)')).toEqual(['wrong-arity']);
    expect(codes('COALESCE(SUM(amount))')).toEqual(['wrong-arity']);
  });
  it('bounds the number of aggregates', () => {
    const many = Array.from({ length: 300 }, () => 'COUNT(*)').join(' + ');
    expect(codes(many, {}, schema).includes('too-many-aggregates') || codes(many).includes('nesting-too-deep')).toBe(true);
    const wide = `GREATEST(${Array.from({ length: 300 }, () => 'COUNT(*)').join(', ')})`;
    expect(codes(wide)).toEqual(['too-many-aggregates']);
  });
});

describe('types (docs/language.md §4)', () => {
  it('rejects sums of strings', () => {
    expect(diags('SUM(country)')[0]).toMatchObject({ code: 'type-mismatch', start: 4, end: 11, message: "`country` is a string, but SUM's x needs a number" });
  });
  it('rejects comparing a number-only property with a string', () => {
    expect(diags("COUNTIF(amount = 'x')", { filter: "event = 'purchase'" })[0]).toMatchObject({ code: 'type-mismatch', start: 17, end: 20 });
  });
  it('reads a multi-type property as the type its use needs', () => {
    const sql = compile(q("COUNTIF(amount = '12') + SUM(amount)", { filter: "event = 'checkout'" }), schema).sql;
    expect(sql).toContain("nullIf(Prop7, '') = {p0:String}");
    expect(sql).toContain('toFloat64OrNull(Prop7)');
  });
  it('checks PERCENTILE and ROUND constants', () => {
    expect(diags('PERCENTILE(1.5, amount)')[0]).toMatchObject({ code: 'percentile-out-of-range', start: 11, end: 14 });
    expect(codes('PERCENTILE(COUNT(*), amount)')).toEqual(['constant-required']);
    expect(codes('ROUND(SUM(amount), 1.5)')).toEqual(['constant-required']);
  });
  it('requires conditions where conditions go', () => {
    expect(diags('COUNTIF(amount)')[0]).toMatchObject({ code: 'not-a-predicate', message: expect.stringContaining('`amount > 0`') });
    expect(codes('COUNT(*)', { filter: 'source' })).toEqual(['not-a-predicate']);
  });
  it('rejects mismatched branches (ClickHouse would return a Variant)', () => {
    expect(codes("MAX(IF(source = 'ios', 'a', 1))")).toEqual(['type-mismatch']);
    expect(codes("MAX(CASE WHEN source = 'ios' THEN country ELSE items END)")).toEqual(['type-mismatch']);
  });
  it('rejects = NULL with a hint', () => {
    expect(diags('COUNTIF(amount = NULL)')[0]).toMatchObject({ code: 'not-comparable', message: expect.stringContaining('IS NULL') });
  });
  it('reads a string compared with a date-time as a date-time in the query timezone', () => {
    const out = compile(q("COUNTIF(time >= '2024-01-05')", { timezone: 'Europe/Berlin' }), schema);
    expect(out.sql).toContain("countIf(`Time` >= {p0:DateTime64(3, 'UTC')})");
    expect(out.params['p0']).toBe('2024-01-04 23:00:00.000');
    expect(diags("COUNTIF(time > 'yesterday')")[0]).toMatchObject({ code: 'type-mismatch', start: 15, end: 26, message: expect.stringContaining('is not one') });
    expect(codes("COUNTIF(time > 5)")).toEqual(['type-mismatch']);
  });
  it('keeps IN lists constant and of one type', () => {
    expect(codes('COUNTIF(amount IN (1, items))')).toEqual(['in-list-not-constant']);
    expect(codes("COUNTIF(country IN ('US', 2))")).toEqual(['type-mismatch']);
  });
});

describe('event scoping (docs/language.md §5)', () => {
  it('names the events where an out-of-scope property exists', () => {
    expect(diags("SUM(load_time) FILTER (WHERE event = 'purchase')")[0]).toMatchObject({
      code: 'property-not-in-scope',
      start: 4,
      end: 13,
      message: '`load_time` is not recorded on the event in scope here (`purchase`); it is recorded on `pageview`',
    });
    expect(codes('SUM(load_time)', { filter: "event IN ('purchase', 'refund')" })).toEqual(['property-not-in-scope']);
  });
  it('intersects the filter scope with the aggregate scope', () => {
    expect(codes("SUM(amount) FILTER (WHERE event = 'refund')", { filter: "event = 'purchase'" })).toEqual(['property-not-in-scope']);
  });
  it('warns about event names the tenant never sent, with a suggestion', () => {
    const out = compile(q('COUNT(*)', { filter: "event = 'purchse'" }), schema);
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-event', severity: 'warning', source: 'filter', start: 8, end: 17, suggestions: ['purchase'] })]);
  });
  it('reports every problem of formula and filter at once', () => {
    expect(codes('SUM(amout) + AVG(country)', { filter: 'sourc = 1' })).toEqual(['unknown-name', 'unknown-name', 'type-mismatch']);
  });
});
