/**
 * Issue 11 items 4 and 5: chained comparisons and XOR are named wherever they appear, one mistake
 * gives one diagnostic (no follow-on errors), and ROUND rounds halves away from zero — checked on
 * the engine against values written by hand.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.js';
import { compile, q, schema } from '../fixtures/query.js';
import { dataset, run } from '../fixtures/engine.js';

const codes = (formula: string, s: unknown = schema) => check(q(formula), s).diagnostics.map((d) => `${d.code}@${d.start}`);

describe('one mistake, one diagnostic', () => {
  it('a chained comparison is chained-comparison wherever it is', () => {
    expect(codes('COUNTIF(1 < amount < 5)')).toEqual(['chained-comparison@19']);
    expect(codes('SUM(amount) FILTER (WHERE 1 < amount < 5)')).toEqual(['chained-comparison@37']);
    expect(codes('SUM(IF(1 < amount < 5, 1, 0))')).toEqual(['chained-comparison@18']);
    expect(codes('COUNTIF((1 < amount < 5))')).toEqual(['chained-comparison@20']);
    expect(codes('COUNTIF(amount = 1 = 2)')).toEqual(['chained-comparison@19']);
    expect(codes('COUNTIF(amount BETWEEN 1 AND 2 < 3)')).toEqual(['chained-comparison@31']);
    expect(codes('1 < 2 < 3')).toEqual(['chained-comparison@6']);
  });
  it('XOR says what to write', () => {
    const d = check(q('COUNTIF(amount = 1 XOR amount = 2)'), schema).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain('(a OR b) AND NOT (a AND b)');
  });
  it('an unknown function is not also a bare reference', () => {
    expect(codes('SUMM(amount)')).toEqual(['unknown-function@0']);
    expect(codes('SUMM(amout)')).toEqual(['unknown-function@0', 'unknown-name@5']);
  });
  it('a property whose mapping entry was rejected is not also an unknown name', () => {
    const s = { ...schema, events: [...schema.events, { productId: 'acme', name: 'x', propertyMapping: { broken: { type: ['String'], column: 'Prop999' } } }] };
    const d = check(q('COUNT(DISTINCT broken)', { groupBy: ['broken'] }), s).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['invalid-slot']);
  });
  it('a real unmatched ) is still reported', () => {
    expect(codes('SUM(amount))')).toEqual(['unmatched-close-paren@11']);
  });
});

describe('ROUND: halves away from zero (docs/functions.md)', () => {
  it('matches hand-written values on the engine', () => {
    dataset();
    const cases: [string, number][] = [
      ['ROUND(2.5)', 3],
      ['ROUND(-2.5)', -3],
      ['ROUND(0.5)', 1],
      ['ROUND(1.5)', 2],
      ['ROUND(1.005, 2)', 1.01],
      ['ROUND(2.675, 2)', 2.68],
      ['ROUND(0.125, 2)', 0.13],
      ['ROUND(-0.125, 2)', -0.13],
      ['ROUND(250, -2)', 300],
      ['ROUND(-250, -2)', -300],
      ['ROUND(1e30)', 1e30],
      // Just below 1e22, through Decimal128: read back through its text, not the engine's
      // Decimal → Float64 conversion (which gave 4.6999999999999995e21).
      ['ROUND(4.7e21)', 4.7e21],
      ['ROUND(9.9e21, 2)', 9.9e21],
      ['ROUND(123456789.987654321, 5)', 123456789.98765],
      ['ROUND(2.4999)', 2],
      ['ROUND(COUNT(*) * 0 + 7 / 2)', 4],
      ['GREATEST(ROUND(COUNT(*) / 2), COUNT(*))', -1],
    ];
    for (const [formula, expected] of cases) {
      const value = run(compile(q(formula), schema))[0]![0];
      if (expected === -1) expect(typeof value).toBe('number');
      else expect([formula, value]).toEqual([formula, expected]);
    }
  });
  it('nesting ROUND stays linear in the SQL', () => {
    const deep = compile(q('ROUND('.repeat(40) + 'SUM(amount)' + ', 2)'.repeat(40)), schema);
    expect(deep.sql.length).toBeLessThan(10_000);
  });
});
