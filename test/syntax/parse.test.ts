import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/syntax/parse.js';
import { shape } from '../fixtures/shape.js';

function ok(text: string): string {
  const r = parseSource(text, 'formula');
  expect(r.diagnostics).toEqual([]);
  return shape(r.expr!);
}

function errors(text: string) {
  const r = parseSource(text, 'formula');
  expect(r.expr).toBeUndefined();
  return r.diagnostics.map((d) => ({ code: d.code, start: d.start, end: d.end, message: d.message }));
}

describe('literals', () => {
  it('reads every number form as a number', () => {
    expect(['12', '3.5', '.5', '1e3', '2.5E-4', '7.'].map(ok)).toEqual(['12', '3.5', '0.5', '1000', '0.00025', '7']);
  });
  it('reads both quotes, escapes and doubled quotes', () => {
    expect(ok(`'it''s'`)).toBe(JSON.stringify("it's"));
    expect(ok(`"say ""hi"""`)).toBe(JSON.stringify('say "hi"'));
    expect(ok(String.raw`'a\\b\'c\"d\ne\rf\tg\0h\u00e9'`)).toBe(JSON.stringify('a\\b\'c"d\ne\rf\tg\0hé'));
  });
  it('points at an unknown escape', () => {
    expect(errors(String.raw`'ab\qc'`)).toEqual([{ code: 'unknown-escape', start: 3, end: 5, message: expect.stringContaining('unknown escape `\\q`') }]);
    expect(errors(String.raw`'\u12'`)[0]).toMatchObject({ code: 'unknown-escape', start: 1, end: 3 });
  });
  it('points at an unterminated string from its quote to the end', () => {
    expect(errors(`SUM(x) + 'abc`)).toEqual([{ code: 'unterminated-string', start: 9, end: 13, message: expect.stringContaining('never closed') }]);
  });
});

describe('names and keywords', () => {
  it('reads dotted and $ identifiers and backtick names', () => {
    expect(ok('item.sku')).toBe('item.sku');
    expect(ok('$browser')).toBe('$browser');
    expect(ok('`cart value`')).toBe('`cart value`');
    expect(ok('`a``b`')).toBe('`a`b`');
  });
  it('keywords are case-insensitive and do not swallow longer names', () => {
    expect(ok('android and NOT origin')).toBe('(and android (not origin))');
    expect(ok('a iS nOt NuLl')).toBe('(is-not-null a)');
    expect(ok('index IN (1)')).toBe('(in index [1])');
  });
  it('rejects an empty quoted name and an unterminated one', () => {
    expect(errors('``')[0]).toMatchObject({ code: 'empty-quoted-name', start: 0, end: 2 });
    expect(errors('SUM(`abc')[0]).toMatchObject({ code: 'unterminated-quoted-name', start: 4 });
  });
});

describe('precedence (docs/language.md §2)', () => {
  it('orders OR < AND < NOT < comparison < + - < * / % < unary', () => {
    expect(ok('a OR b AND NOT c = d + e * -f')).toBe('(or a (and b (not (= c (+ d (* e (- f)))))))');
  });
  it('is left-associative for + - * / %', () => {
    expect(ok('a - b - c')).toBe('(- (- a b) c)');
    expect(ok('a / b * c % d')).toBe('(% (* (/ a b) c) d)');
  });
  it('normalizes == and <>', () => {
    expect(ok('a == b')).toBe('(= a b)');
    expect(ok('a <> b')).toBe('(!= a b)');
  });
  it('parses every comparison form', () => {
    expect(ok("x NOT IN ('a', 'b')")).toBe('(not-in x ["a" "b"])');
    expect(ok('x BETWEEN 1 AND 2 AND y')).toBe('(and (between x 1 2) y)');
    expect(ok('x NOT BETWEEN 1 + 1 AND 2')).toBe('(not-between x (+ 1 1) 2)');
    expect(ok("x NOT LIKE 'a%' OR x ILIKE 'b%'")).toBe('(or (not-like x "a%") (ilike x "b%"))');
    expect(ok('x IS NULL')).toBe('(is-null x)');
  });
  it('parses calls, COUNT(*), DISTINCT, FILTER and CASE', () => {
    expect(ok('count(*)')).toBe('(COUNT *)');
    expect(ok('COUNT(DISTINCT user_id)')).toBe('(COUNT distinct user_id)');
    expect(ok("-SUM(x) FILTER (WHERE event = 'a')")).toBe('(- (SUM x filter (= event "a")))');
    expect(ok('CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END')).toBe('(case [a 1] [b 2] else 3)');
    expect(ok('PERCENTILE(0.95, load_time)')).toBe('(PERCENTILE 0.95 load_time)');
  });
  it('records spans in UTF-16 offsets', () => {
    const r = parseSource("'é😀' = SUM(x)", 'formula');
    const e = r.expr!;
    expect(e.kind === 'compare' && [e.left.span, e.right.span]).toEqual([{ start: 0, end: 5 }, { start: 8, end: 14 }]);
  });
});

describe('syntax errors in plain words, at the right place', () => {
  it('names the unclosed call', () => {
    expect(errors('SUM(amount')).toEqual([{ code: 'missing-close-paren', start: 10, end: 10, message: 'missing `)` to close `SUM(` opened at 1:4; found the end of the formula' }]);
  });
  it('reports an unmatched )', () => {
    expect(errors('SUM(amount))')).toEqual([{ code: 'unmatched-close-paren', start: 11, end: 12, message: 'this `)` has no matching `(`' }]);
  });
  it('reports chained comparisons', () => {
    expect(errors('a = b = c')[0]).toMatchObject({ code: 'chained-comparison', start: 6, end: 7 });
  });
  it('reports a missing operator', () => {
    expect(errors('SUM(a) SUM(b)')[0]).toMatchObject({ code: 'missing-operator', start: 7, end: 10 });
  });
  it('reports an early end', () => {
    expect(errors('1 +')[0]).toMatchObject({ code: 'unexpected-end', start: 3, end: 3 });
    expect(errors('CASE WHEN a THEN 1')[0]).toMatchObject({ code: 'unexpected-end', message: 'the formula ends too early: expected `END`' });
  });
  it('reports stray characters with a hint', () => {
    expect(errors('SUM(a); DROP')[0]).toMatchObject({ code: 'unexpected-character', start: 6, end: 7, message: expect.stringContaining('one expression') });
  });
  it('reports several syntax errors at once (recovery)', () => {
    const found = errors('SUM(a +) + AVG(b *)');
    expect(found.map((d) => d.start)).toEqual([7, 18]);
  });
  it('gives line and column', () => {
    const r = parseSource('SUM(a)\n  + (b', 'formula');
    expect(r.diagnostics[0]).toMatchObject({ line: 2, column: 7 });
  });
  it('never uses chevrotain token-type jargon', () => {
    for (const bad of ['(', ')', 'SUM(', 'a IN', 'a IN ()', 'a BETWEEN 1', 'CASE END', 'SUM(x) FILTER (a)', ',', '* 2', 'NOT', "'", '`']) {
      for (const d of parseSource(bad, 'formula').diagnostics) {
        expect(d.message).not.toMatch(/RParen|LParen|Identifier|NumberLit|StringLit|EOF|-->|token of type/);
      }
    }
  });
  it('names the empty list precisely', () => {
    expect(errors('COUNT(DISTINCT)')[0]).toMatchObject({ start: 14, message: 'DISTINCT needs a value, as in `COUNT(DISTINCT user_id)`, but found `)`' });
    expect(errors('x IN ()')[0]).toMatchObject({ start: 6, message: expect.stringContaining('an IN list needs at least one value') });
    expect(errors('CASE END')[0]).toMatchObject({ start: 5, message: expect.stringContaining('CASE needs at least one') });
    expect(errors('SUM(,)')[0]).toMatchObject({ start: 4, end: 5, message: 'expected an argument before this `,`' });
    expect(errors("SUM(a) FILTER (WHERE event = 'x'")[0]).toMatchObject({ code: 'missing-close-paren', message: expect.stringContaining('`FILTER (` opened at 1:15') });
  });
  it('calls an empty formula empty', () => {
    expect(errors('   ')[0]).toMatchObject({ code: 'empty-formula' });
  });
});

describe('bounds', () => {
  it('refuses 10,000 nested parentheses without recursion', () => {
    const text = '('.repeat(10_000) + '1' + ')'.repeat(10_000);
    expect(errors(text)[0]).toMatchObject({ code: 'nesting-too-deep', start: 64, end: 65 });
  });
  it('refuses thousands of nested CASEs, prefix operators and chained operators', () => {
    expect(errors('CASE WHEN a THEN '.repeat(3_000) + '1' + ' END'.repeat(3_000))[0]!.code).toBe('nesting-too-deep');
    expect(errors('-'.repeat(10_000) + '1')[0]!.code).toBe('nesting-too-deep');
    expect(errors('NOT '.repeat(10_000) + 'a')[0]!.code).toBe('nesting-too-deep');
    expect(errors(Array.from({ length: 10_000 }, () => 'a').join(' + '))[0]!.code).toBe('nesting-too-deep');
  });
  it('accepts nesting up to the bound', () => {
    expect(parseSource('('.repeat(64) + '1' + ')'.repeat(64), 'formula').diagnostics).toEqual([]);
  });
  it('refuses text past the length bound', () => {
    const r = parseSource('1+'.repeat(200_000) + '1', 'formula');
    expect(r.diagnostics[0]).toMatchObject({ code: 'input-too-long', start: 65_536 });
  });
});
