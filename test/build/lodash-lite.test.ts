/**
 * build/lodash-lite.ts stands in for lodash-es inside the shipped chevrotain (tsup.config.ts) and
 * in these tests (vitest.config.ts): each of its functions must answer as lodash itself does for
 * the inputs chevrotain gives it — arrays, plain objects, missing collections, function and
 * property iteratees. Checked against the real lodash-es (loaded by file path, past the alias)
 * on random inputs.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import * as lite from '../../build/lodash-lite.js';

type Lodash = Record<string, (...args: unknown[]) => unknown>;
let real: Lodash;

beforeAll(async () => {
  real = (await import(/* @vite-ignore */ pathToFileURL(createRequire(import.meta.url).resolve('lodash-es')).href)) as Lodash;
});

const liteFns = lite as unknown as Lodash;
const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '', 'A'), fc.constant(null), fc.constant(undefined), fc.boolean());
const array = fc.array(fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxLength: 6 });
const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'PATTERN', 'LABEL'), value, { maxKeys: 4 });
const collection = fc.oneof(array, object, fc.constant(null), fc.constant(undefined));
const predicate = fc.constantFrom(
  (v: unknown) => Boolean(v),
  (v: unknown) => typeof v === 'number' && v > 0,
  (_: unknown, k: unknown) => k === 1 || k === 'b',
  (v: unknown) => (v === 2 ? false : undefined),
);

function same(name: string, ...args: unknown[]): void {
  const expected = real[name]!(...args);
  const actual = liteFns[name]!(...args);
  expect(actual, `${name}(${JSON.stringify(args)})`).toEqual(expected);
}

it('is the 39 functions chevrotain imports, and nothing else', () => {
  expect(Object.keys(lite).sort()).toEqual(
    'assign clone compact defaults difference drop dropRight every filter find first flatMap flatten forEach groupBy has identity includes indexOf isArray isEmpty isFunction isObject isRegExp isString isUndefined keys last map noop pickBy reduce reject some uniq upperFirst values'.split(' '),
  );
});

it('iterates collections as lodash does (arrays by index, objects by own keys, missing as empty)', () => {
  fc.assert(
    fc.property(collection, predicate, (c, p) => {
      for (const name of ['map', 'filter', 'reject', 'find', 'some', 'every', 'flatMap', 'groupBy']) same(name, c, p);
      for (const name of ['map', 'filter', 'some', 'every', 'find', 'groupBy', 'flatMap']) same(name, c);
      for (const name of ['values', 'keys', 'isEmpty', 'includes']) same(name, c, 2);
      if (c !== null && c !== undefined && !Array.isArray(c)) same('pickBy', c, p);
      // forEach: the same visits, stopping where the iteratee returns false.
      const visits = (fn: Lodash[string] | undefined) => {
        const seen: unknown[] = [];
        fn!(c, (v: unknown, k: unknown) => {
          seen.push([v, k]);
          return v === 2 ? false : undefined;
        });
        return seen;
      };
      expect(visits(liteFns['forEach'])).toEqual(visits(real['forEach']));
      const add = (acc: unknown, v: unknown) => `${String(acc)}|${String(v)}`;
      same('reduce', c, add);
      same('reduce', c, add, 'start');
    }),
    { numRuns: 400, seed: 20_261_207 },
  );
});

it('answers the array functions as lodash does', () => {
  fc.assert(
    fc.property(array, array, fc.integer({ min: -1, max: 7 }), value, (a, b, n, v) => {
      for (const name of ['flatten', 'compact', 'uniq', 'first', 'last']) same(name, a);
      same('difference', a, b);
      same('drop', a, n);
      same('dropRight', a, n);
      same('drop', a);
      same('dropRight', a);
      same('indexOf', a, v);
      same('includes', a, v);
    }),
    { numRuns: 400, seed: 20_261_207 },
  );
});

it('answers the object and type functions as lodash does', () => {
  class Token {
    PATTERN = /a/;
    name = 'T';
  }
  const samples: unknown[] = [null, undefined, 0, 1, '', 'x', [], [1], {}, { a: 1 }, /x/g, () => 1, new Token(), new String('s'), true, new Map(), new Set([1])];
  for (const s of samples) {
    for (const name of ['isArray', 'isEmpty', 'isFunction', 'isObject', 'isRegExp', 'isString', 'isUndefined', 'identity', 'keys', 'values']) same(name, s);
    same('has', s, 'PATTERN');
    same('has', s, 'a');
    same('upperFirst', typeof s === 'string' ? s : 'abc');
    const c = lite.clone(s);
    expect(c, `clone(${String(s)})`).toEqual(real['clone']!(s));
    if (s !== null && typeof s === 'object') {
      expect(c === s).toBe(false);
      expect(Object.getPrototypeOf(c)).toBe(Object.getPrototypeOf(s));
    }
  }
  fc.assert(
    fc.property(object, object, object, (t, a, b) => {
      expect(lite.assign({ ...t }, a, b)).toEqual(real['assign']!({ ...t }, a, b));
      expect(lite.defaults({ ...t }, a, b)).toEqual(real['defaults']!({ ...t }, a, b));
    }),
    { numRuns: 300, seed: 20_261_207 },
  );
  expect(lite.noop()).toBe(undefined);
});
