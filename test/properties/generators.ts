/** fast-check generators: formula trees, token soup, and well-typed formulas over the test schema. */
import fc from 'fast-check';
import type { Expr } from '../../src/ast/nodes.js';
import { printString } from '../../src/ast/print.js';
import { isKeyword } from '../../src/ast/keywords.js';

const span = { start: 0, end: 0 };
const plainName = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}(\.[a-z]{1,3})?$/);
const anyName = fc.oneof(plainName, fc.string({ minLength: 1, maxLength: 8 }));
// Function names are identifiers; keywords (`in`, `end`, …) cannot name a call.
const fnName = fc.oneof(fc.constantFrom('SUM', 'count', 'Percentile', 'IF', 'x'), fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/).filter((n) => !isKeyword(n)));

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).map((v): Expr => ({ kind: 'number', value: Math.abs(v) + 0, span })),
  fc.string({ maxLength: 8 }).map((value): Expr => ({ kind: 'string', value, span })),
  fc.boolean().map((value): Expr => ({ kind: 'boolean', value, span })),
  fc.constant<Expr>({ kind: 'null', span }),
  anyName.map((name): Expr => ({ kind: 'name', name, quoted: false, span })),
);

export const exprTree: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => {
  const e = tie('e');
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ op: fc.constantFrom('-', '+', 'not'), operand: e }).map((r): Expr => ({ kind: 'unary', op: r.op as '-' | '+' | 'not', operand: r.operand, span })),
      fc.record({ op: fc.constantFrom('+', '-', '*', '/', '%', 'and', 'or'), left: e, right: e }).map((r): Expr => ({ kind: 'binary', op: r.op as '+', left: r.left, right: r.right, span })),
      fc.record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>='), left: e, right: e }).map((r): Expr => ({ kind: 'compare', op: r.op as '=', left: r.left, right: r.right, span })),
      fc.record({ negated: fc.boolean(), operand: e, list: fc.array(e, { minLength: 1, maxLength: 3 }) }).map((r): Expr => ({ kind: 'in', ...r, span })),
      fc.record({ negated: fc.boolean(), operand: e, low: e, high: e }).map((r): Expr => ({ kind: 'between', ...r, span })),
      fc.record({ negated: fc.boolean(), caseInsensitive: fc.boolean(), operand: e, pattern: e }).map((r): Expr => ({ kind: 'like', ...r, span })),
      fc.record({ negated: fc.boolean(), operand: e }).map((r): Expr => ({ kind: 'isNull', ...r, span })),
      fc
        .record({ name: fnName, star: fc.boolean(), distinct: fc.boolean(), args: fc.array(e, { minLength: 1, maxLength: 3 }), filter: fc.option(e, { nil: undefined }) })
        .map((r): Expr => ({ kind: 'call', name: r.name, nameSpan: span, star: r.star, distinct: r.star ? false : r.distinct, args: r.star ? [] : r.args, filter: r.filter, span })),
      fc
        .record({ branches: fc.array(fc.record({ when: e, then: e }), { minLength: 1, maxLength: 2 }), otherwise: fc.option(e, { nil: undefined }) })
        .map((r): Expr => ({ kind: 'case', ...r, span })),
    ),
  };
}).e;

const TOKENS = [
  'SUM(', 'COUNT(', 'amount', 'country', ')', '(', ' + ', ' - ', ' * ', ' / ', ' AND ', ' OR ', 'NOT ', "'x'", "'it''s'", 'CASE ', 'WHEN ', 'THEN ', 'ELSE ', 'END',
  ', ', '*', 'DISTINCT ', ' FILTER ', '(WHERE ', 'event', ' = ', ' IN ', ' BETWEEN ', ' LIKE ', 'NULL', ' IS ', '`a`', '`', '1e3', '.', '"', "'", '\\', '1', ';', '--', '/*',
  '\n', ' ', 'user_id', 'PERCENTILE(0.5, ', '0x', '$', 'é', '\u0000',
];

/** Random text built from the language's own tokens, to reach deep parser paths. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(''));

const NUMERIC = ['amount', 'load_time', 'items'];
const lit = (s: string) => printString(s);
const predicate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('purchase', 'refund', 'pageview', 'signup', 'checkout', 'nope').map((e) => `event = ${lit(e)}`),
  fc.constantFrom("event IN ('purchase', 'refund')", "event = 'purchase' OR event = 'pageview'", '1 = 1', 'TRUE', 'NOT FALSE', "source IN ('ios', 'web')"),
  fc.string({ maxLength: 12 }).map((s) => `country = ${lit(s)}`),
  fc.string({ maxLength: 12 }).map((s) => `country != ${lit(s)} OR 1 = 1`),
  fc.integer({ min: -10, max: 300 }).map((n) => `amount > ${n}`),
  fc.constantFrom('country IS NULL', "url LIKE '%pricing%'", 'load_time BETWEEN 1 AND 100', 'is_first'),
);
const aggregate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('COUNT(*)', 'COUNT(DISTINCT user_id)', 'MEDIAN(amount)', 'COUNT(country)', 'APPROX_COUNT_DISTINCT(country)'),
  fc.constantFrom(...NUMERIC).chain((p) => fc.constantFrom(`SUM(${p})`, `AVG(${p})`, `MIN(${p})`, `MAX(${p})`, `PERCENTILE(0.9, ${p})`, `STDDEV(${p})`)),
  predicate.map((p) => `COUNTIF(${p})`),
);
const filtered: fc.Arbitrary<string> = fc.tuple(aggregate, fc.option(predicate, { nil: undefined })).map(([a, p]) => (p ? `${a} FILTER (WHERE ${p})` : a));

/** Well-formed formulas over the acme schema (some fail scoping on purpose: that is fine). */
export const formula: fc.Arbitrary<string> = fc
  .array(fc.tuple(filtered, fc.constantFrom(' + ', ' - ', ' * ', ' / ')), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([a, op], i) => (i === 0 ? a : `${op}${a}`)).join(''));

export const filterText: fc.Arbitrary<string | undefined> = fc.option(
  fc.array(predicate, { minLength: 1, maxLength: 3 }).chain((ps) => fc.constantFrom(' AND ', ' OR ').map((j) => ps.join(j))),
  { nil: undefined },
);
