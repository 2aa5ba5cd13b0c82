/**
 * Issue 10's property: every recursive construct and every error-recovery path, driven to and
 * past the default bounds, gives SQL within the SQL bound or a CompileError with at most 101
 * diagnostics — never another exception, a hang or unbounded output. Random compositions of
 * wrappers (each one a construct that recurses: parentheses, unary minus, NOT, CASE, IF,
 * COALESCE, NULLIF, GREATEST, LEAST, ROUND, SQRT, FILTER, BETWEEN, IN, AND/OR chains) around
 * random leaves, at random depths up to past the nesting bound, with random garbage spliced in.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, CompileError, compile, DEFAULT_LIMITS } from '../../src/index.js';
import { schema } from '../fixtures/schema.js';

const RANGE = { from: '2024-01-01', to: '2024-02-01' };

const WRAPPERS: ((x: string) => string)[] = [
  (x) => `(${x})`,
  (x) => `-${x}`,
  (x) => `CASE WHEN amount > 1 THEN ${x} ELSE 0 END`,
  (x) => `IF(amount > 2, ${x}, 1)`,
  (x) => `COALESCE(${x}, amount, 0)`,
  (x) => `NULLIF(${x}, 3)`,
  (x) => `GREATEST(${x}, amount)`,
  (x) => `LEAST(amount, ${x})`,
  (x) => `ROUND(${x}, 2)`,
  (x) => `SQRT(${x})`,
  (x) => `${x} + amount * 2`,
  (x) => `ABS(${x})`,
];
const PREDICATE_WRAPPERS: ((p: string) => string)[] = [
  (p) => `NOT (${p})`,
  (p) => `(${p}) AND amount > 0`,
  (p) => `(${p}) OR amount BETWEEN 1 AND 5`,
  (p) => `CASE WHEN ${p} THEN TRUE ELSE FALSE END`,
  (p) => `IF(${p}, country IN ('US', 'DE'), FALSE)`,
];
const GARBAGE = ['CASE WHEN END', ')', '(', ',', 'END', 'THEN', '#', "'", '`', '1 < 2 <', 'FILTER (WHERE', 'AND', 'NOT', '\u0000', '\u202e'];

const value = fc.record({ wrappers: fc.array(fc.nat(WRAPPERS.length - 1), { maxLength: 80 }), preds: fc.array(fc.nat(PREDICATE_WRAPPERS.length - 1), { maxLength: 40 }), agg: fc.constantFrom('SUM', 'AVG', 'MAX', 'MEDIAN') });

function build(v: { wrappers: number[]; preds: number[]; agg: string }): string {
  let x = 'amount';
  for (const w of v.wrappers) x = WRAPPERS[w]!(x);
  let p = "event = 'purchase'";
  for (const w of v.preds) p = PREDICATE_WRAPPERS[w]!(p);
  return `${v.agg}(${x}) FILTER (WHERE ${p})`;
}

function outcome(query: Record<string, unknown>): 'sql' | 'diagnostics' {
  try {
    const out = compile(query, schema);
    expect(Buffer.byteLength(out.sql)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSqlBytes);
    return 'sql';
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    expect(e.diagnostics.length).toBeGreaterThan(0);
    expect(e.diagnostics.length).toBeLessThanOrEqual(101);
    return 'diagnostics';
  }
}

describe('bounds hold for every recursive construct and recovery path', () => {
  it('random nestings up to and past the bounds: SQL within the bound or diagnostics', () => {
    let sql = 0;
    fc.assert(
      fc.property(value, fc.nat(3), (v, repeat) => {
        const one = build(v);
        const formula = Array.from({ length: repeat + 1 }, () => one).join(' / ');
        if (outcome({ tenant: 'acme', formula, ...RANGE }) === 'sql') sql++;
        outcome({ tenant: 'acme', formula: 'COUNT(*)', filter: `${v.preds.length > 0 ? build(v).replace(/^[A-Z]+\(/, 'amount > (').replace(/\) FILTER \(WHERE /, ') AND (') + ')' : 'TRUE'}`, ...RANGE });
      }),
      { numRuns: 300 },
    );
    expect(sql).toBeGreaterThan(50);
  });
  it('garbage spliced into deep formulas: recovery never escapes the bounds', () => {
    fc.assert(
      fc.property(value, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...GARBAGE)), { minLength: 1, maxLength: 30 }), fc.nat(400), (v, cuts, times) => {
        let text = build(v);
        for (const [at, junk] of cuts) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + junk + text.slice(i);
        }
        const repeated = text.repeat(1 + (times % 8)).slice(0, DEFAULT_LIMITS.maxLength);
        expect(outcome({ tenant: 'acme', formula: repeated, ...RANGE })).toBeDefined();
        const { diagnostics } = analyze({ tenant: 'acme', formula: 'COUNT(*)', filter: repeated, ...RANGE }, schema);
        expect(diagnostics.length).toBeLessThanOrEqual(101);
      }),
      { numRuns: 300 },
    );
  });
  it('each garbage unit repeated to the length bound, in formula and filter', () => {
    for (const unit of GARBAGE) {
      const text = (unit + ' ').repeat(Math.floor(DEFAULT_LIMITS.maxLength / (unit.length + 1)));
      expect(outcome({ tenant: 'acme', formula: text, ...RANGE })).toBe('diagnostics');
      expect(outcome({ tenant: 'acme', formula: 'COUNT(*)', filter: text, ...RANGE })).toBe('diagnostics');
    }
  });
});
