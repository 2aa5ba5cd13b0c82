/**
 * Reading untrusted input objects safely. A query or schema handed to `compile` may be anything a
 * caller's code built: an object whose getters throw, a revoked Proxy, an object that inherits
 * `tenant` through its prototype, a cycle. `ownData` copies the JSON-like part of it — own
 * enumerable properties of plain objects and arrays, primitives as they are — so that validation
 * sees exactly the data the caller owns, and any failure to read becomes a sentence, never an
 * exception. The copy's objects have no prototype, so a key named `__proto__` stays a key.
 */
export type OwnData = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly path: string; readonly message: string };

const MAX_DEPTH = 64;

class Unreadable extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(e: unknown): string {
  try {
    return e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
  } catch {
    return 'an unreadable value was thrown';
  }
}

function pathOf(parent: string, key: string | number): string {
  return parent === '' ? String(key) : typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;
}

/** One property, through its getter if it has one; a throwing getter names the property. */
function read(obj: object, key: string, at: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch (e) {
    throw new Unreadable(at, `could not be read: ${describe(e)}`);
  }
}

function copy(value: unknown, path: string, depth: number, open: Set<object>, budget: { nodes: number }): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new Unreadable(path, `nests more than ${MAX_DEPTH} levels deep`);
  if (open.has(value)) throw new Unreadable(path, 'refers to itself (a cycle)');
  if (--budget.nodes < 0) throw new Unreadable(path, 'is too large');
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const length = value.length;
      if (budget.nodes < length) throw new Unreadable(path, 'is too large');
      const out: unknown[] = new Array(length);
      for (let i = 0; i < length; i++) out[i] = copy(value[i], pathOf(path, i), depth + 1, open, budget);
      return out;
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) {
      const at = pathOf(path, key);
      const v = copy(read(value, key, at), at, depth + 1, open, budget);
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    open.delete(value);
  }
}

/** The own JSON-like data of `value`, or where and why it cannot be read. */
export function ownData(value: unknown, maxNodes = 10_000_000): OwnData {
  try {
    return { ok: true, value: copy(value, '', 0, new Set(), { nodes: maxNodes }) };
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, path: e.path, message: e.message };
    if (e instanceof RangeError) return { ok: false, path: '', message: 'is too large or too deep to read' };
    return { ok: false, path: '', message: `could not be read: ${describe(e)}` };
  }
}
