/**
 * The 39 lodash functions chevrotain 11 imports from `lodash-es`, written for how chevrotain calls
 * them: on arrays and plain objects, with function (or absent) iteratees. The build and the tests
 * put this module in place of `lodash-es` (tsup.config.ts, vitest.config.ts), so the compiler
 * core does not carry lodash's generic machinery (iteratee shorthands, deep equality, deep clone)
 * into browser bundles. Semantics kept from lodash: array-likes iterate by index and other
 * objects by own enumerable keys; `forEach` stops when the iteratee returns `false`; `reduce`
 * without an initial value starts from the first element; missing collections are empty.
 * test/build/lodash-lite.test.ts checks each function against lodash itself.
 */

type Collection = ArrayLike<unknown> | Record<PropertyKey, unknown> | null | undefined;
type Iteratee = ((value: any, key: any, collection: any) => unknown) | PropertyKey | undefined;

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return x != null && typeof x !== 'function' && typeof (x as ArrayLike<unknown>).length === 'number' && Number.isInteger((x as ArrayLike<unknown>).length) && (x as ArrayLike<unknown>).length >= 0;
}

function callback(f: Iteratee): (value: any, key: any, collection: any) => unknown {
  if (typeof f === 'function') return f;
  if (f === undefined || f === null) return (v) => v;
  return (v) => (v == null ? undefined : (v as Record<PropertyKey, unknown>)[f]);
}

function each(collection: Collection, f: (value: any, key: any) => unknown): void {
  if (collection == null) return;
  if (isArrayLike(collection)) {
    for (let i = 0; i < collection.length; i++) if (f(collection[i], i) === false) return;
    return;
  }
  for (const k of Object.keys(collection)) if (f((collection as Record<string, unknown>)[k], k) === false) return;
}

export function forEach<C extends Collection>(collection: C, f: Iteratee): C {
  const cb = callback(f);
  each(collection, (v, k) => cb(v, k, collection));
  return collection;
}

export function map(collection: Collection, f?: Iteratee): any[] {
  const cb = callback(f);
  const out: unknown[] = [];
  each(collection, (v, k) => {
    out.push(cb(v, k, collection));
  });
  return out;
}

export function filter(collection: Collection, f?: Iteratee): any[] {
  const cb = callback(f);
  const out: unknown[] = [];
  each(collection, (v, k) => {
    if (cb(v, k, collection)) out.push(v);
  });
  return out;
}

export function reject(collection: Collection, f?: Iteratee): any[] {
  const cb = callback(f);
  return filter(collection, (v: unknown, k: unknown, c: unknown) => !cb(v, k, c));
}

export function find(collection: Collection, f?: Iteratee): any {
  const cb = callback(f);
  let found: unknown;
  each(collection, (v, k) => {
    if (cb(v, k, collection)) {
      found = v;
      return false;
    }
    return undefined;
  });
  return found;
}

export function some(collection: Collection, f?: Iteratee): boolean {
  const cb = callback(f);
  let result = false;
  each(collection, (v, k) => {
    if (cb(v, k, collection)) {
      result = true;
      return false;
    }
    return undefined;
  });
  return result;
}

export function every(collection: Collection, f?: Iteratee): boolean {
  const cb = callback(f);
  let result = true;
  each(collection, (v, k) => {
    if (!cb(v, k, collection)) {
      result = false;
      return false;
    }
    return undefined;
  });
  return result;
}

export function reduce(collection: Collection, f: (acc: any, value: any, key: any, collection: any) => unknown, ...init: unknown[]): any {
  let started = init.length > 0;
  let acc = init[0];
  each(collection, (v, k) => {
    if (!started) {
      acc = v;
      started = true;
    } else {
      acc = f(acc, v, k, collection);
    }
  });
  return acc;
}

export function flatMap(collection: Collection, f?: Iteratee): any[] {
  return flatten(map(collection, f));
}

export function groupBy(collection: Collection, f?: Iteratee): Record<string, any[]> {
  const cb = callback(f);
  const out: Record<string, unknown[]> = {};
  each(collection, (v, k) => {
    // lodash calls groupBy's iteratee with the value alone.
    const key = String(cb(v, undefined, undefined));
    if (Object.prototype.hasOwnProperty.call(out, key)) out[key]!.push(v);
    else out[key] = [v];
  });
  return out;
}

export function pickBy(object: Record<PropertyKey, unknown> | null | undefined, f?: Iteratee): Record<string, any> {
  const cb = callback(f);
  const out: Record<string, unknown> = {};
  if (object == null) return out;
  for (const k in object) if (cb(object[k], k, object)) out[k] = object[k];
  return out;
}

export function flatten(array: ArrayLike<unknown> | null | undefined): any[] {
  const out: unknown[] = [];
  if (array == null) return out;
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

export function compact(array: ArrayLike<unknown> | null | undefined): any[] {
  return filter(array, (v: unknown) => v);
}

export function difference(array: ArrayLike<unknown> | null | undefined, ...others: ArrayLike<unknown>[]): any[] {
  if (!isArrayLike(array)) return [];
  const exclude = new Set(others.flatMap((o) => (isArrayLike(o) ? Array.from(o) : [])));
  return Array.from(array).filter((v) => !exclude.has(v));
}

export function uniq(array: ArrayLike<unknown> | null | undefined): any[] {
  return array == null ? [] : [...new Set(Array.from(array))];
}

export function drop(array: ArrayLike<unknown> | null | undefined, n = 1): any[] {
  return array == null ? [] : Array.from(array).slice(Math.max(0, Math.trunc(n) || 0));
}

export function dropRight(array: ArrayLike<unknown> | null | undefined, n = 1): any[] {
  if (array == null) return [];
  const end = array.length - (Math.trunc(n) || 0);
  return Array.from(array).slice(0, Math.max(0, end));
}

export function first(array: ArrayLike<unknown> | null | undefined): any {
  return array != null && array.length > 0 ? array[0] : undefined;
}

export function last(array: ArrayLike<unknown> | null | undefined): any {
  return array != null && array.length > 0 ? array[array.length - 1] : undefined;
}

export function includes(collection: Collection | string, value: unknown): boolean {
  if (collection == null) return false;
  if (typeof collection === 'string') return collection.indexOf(value as string) !== -1;
  const items = isArrayLike(collection) ? Array.from(collection) : Object.values(collection);
  return items.includes(value);
}

export function indexOf(array: ArrayLike<unknown> | null | undefined, value: unknown): number {
  return array == null ? -1 : Array.from(array).findIndex((v) => v === value || (v !== v && value !== value));
}

export function has(object: unknown, key: PropertyKey): boolean {
  return object != null && Object.prototype.hasOwnProperty.call(object, key);
}

export function keys(object: unknown): string[] {
  if (object == null) return [];
  return Object.keys(Object(object));
}

export function values(object: unknown): any[] {
  if (object == null) return [];
  return Object.values(Object(object));
}

export function isEmpty(value: unknown): boolean {
  if (value == null) return true;
  if (isArrayLike(value)) return value.length === 0;
  if (value instanceof Map || value instanceof Set) return value.size === 0;
  return Object.keys(value).length === 0;
}

export function clone<T>(value: T): T {
  // lodash cannot clone a function: it answers an empty object.
  if (typeof value === 'function') return {} as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice() as T;
  if (value instanceof RegExp) {
    const copy = new RegExp(value.source, value.flags);
    copy.lastIndex = value.lastIndex;
    return copy as T;
  }
  if (value instanceof String || value instanceof Number || value instanceof Boolean) return Object(value.valueOf()) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Map) return new Map(value) as T;
  if (value instanceof Set) return new Set(value) as T;
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, value) as T;
}

export function assign(target: Record<PropertyKey, unknown>, ...sources: unknown[]): any {
  return Object.assign(target, ...sources.filter((s) => s != null));
}

export function defaults(target: Record<PropertyKey, unknown>, ...sources: unknown[]): any {
  const object = Object(target) as Record<string, unknown>;
  for (const source of sources) {
    if (source == null) continue;
    for (const k in source as Record<string, unknown>) {
      const current = object[k];
      if (current === undefined || (current === (Object.prototype as Record<string, unknown>)[k] && !Object.prototype.hasOwnProperty.call(object, k))) object[k] = (source as Record<string, unknown>)[k];
    }
  }
  return object;
}

export function upperFirst(text: string | null | undefined): string {
  const s = text == null ? '' : String(text);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const isArray = Array.isArray;

export function isString(value: unknown): value is string {
  return typeof value === 'string' || (typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object String]');
}

export function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

export function isObject(value: unknown): value is object {
  return value != null && (typeof value === 'object' || typeof value === 'function');
}

export function isRegExp(value: unknown): value is RegExp {
  return Object.prototype.toString.call(value) === '[object RegExp]';
}

export function isUndefined(value: unknown): value is undefined {
  return value === undefined;
}

export function identity<T>(value: T): T {
  return value;
}

export function noop(): void {}
