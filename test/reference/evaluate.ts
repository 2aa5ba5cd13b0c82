/**
 * The reference evaluator: interprets a checked query (the checker's IR) directly over in-memory
 * rows, written from docs/language.md. It shares no code with the emitter or the
 * planner: slot reads, conversions, two-valued predicates, aggregates, buckets, grouping, the
 * event push-down rule and ordering are all re-stated here in plain JavaScript.
 */
import type { CheckedQuery, Ir, IrAggregate, IrProperty, IrTime } from '../../src/model/ir.js';
import { isoFromLocal } from '../../src/run/decode.js';
import { walkIr } from '../../src/model/ir-children.js';
import { convertText } from '../fixtures/spec-conversion.js';

export interface DemoRow {
  readonly tenant: string;
  readonly user: string;
  readonly event: string;
  readonly source: string;
  readonly timeMs: number;
  readonly slots: readonly string[];
}

export type V = number | string | boolean | null;

function convert(text: string, type: IrProperty['type']): V {
  return convertText(text, type);
}

function read(p: IrProperty, row: DemoRow): V {
  for (const r of p.reads) if (r.events.includes(row.event)) return convert(row.slots[Number(r.slot.slice(4))] ?? '', p.type);
  return null;
}

const parts = new Map<string, Intl.DateTimeFormat>();
function local(ms: number, tz: string): { y: number; mo: number; d: number; h: number; dow: number } {
  let f = parts.get(tz);
  if (!f) parts.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', weekday: 'short' })));
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  const dow = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p['weekday']!) + 1;
  return { y: +p['year']!, mo: +p['month']!, d: +p['day']!, h: +p['hour']!, dow };
}

function likeRegex(pattern: string, ci: boolean): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, ci ? 'iu' : 'u');
}

const finite = (v: number): V => (Number.isFinite(v) ? v : null);
const num = (v: V): number | null => (typeof v === 'number' ? v : null);

interface Env {
  readonly tz: string;
}

function cmp(op: string, a: V, b: V): boolean {
  if (a === null || b === null) return op === '!=';
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/**
 * docs/functions.md: halves away from zero, on the number as it is written (its shortest decimal
 * text: 1.005 rounds to 1.01). Decimal arithmetic on the digits, by definition, with BigInt.
 */
function roundHalfAway(x: number, digits: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) return x;
  const [, sign, int, frac = '', exp = '0'] = m;
  // value = digits × 10^-scale
  let scale = frac.length - Number(exp);
  let units = BigInt(int! + frac);
  if (scale <= digits) return x;
  const drop = BigInt(10) ** BigInt(scale - digits);
  const kept = units / drop;
  const rest = units % drop;
  units = rest * 2n >= drop ? kept + 1n : kept;
  scale = digits;
  const text = scale >= 0 ? `${units}e-${scale}` : `${units}e${-scale}`;
  return Number(`${sign}${text}`);
}

function scalar(fn: string, args: readonly Ir[], row: DemoRow, env: Env): V {
  const a = args.map((x) => value(x, row, env));
  const [x = null, y = null] = a.map(num);
  switch (fn) {
    case 'IF':
      return truthy(args[0]!, row, env) ? a[1]! : a[2]!;
    case 'COALESCE':
      return a.find((v) => v !== null) ?? null;
    case 'NULLIF':
      return a[0] === a[1] ? null : a[0]!;
    case 'ROUND':
      return x === null ? null : roundHalfAway(x, y ?? 0);
    case 'FLOOR':
      return x === null ? null : Math.floor(x);
    case 'CEIL':
      return x === null ? null : Math.ceil(x);
    case 'ABS':
      return x === null ? null : Math.abs(x);
    case 'SQRT':
      return x === null ? null : finite(Math.sqrt(x));
    case 'LN':
      return x === null ? null : finite(Math.log(x));
    case 'LOG10':
      return x === null ? null : finite(Math.log10(x));
    case 'POWER':
      return x === null || y === null ? null : finite(x ** y);
    case 'GREATEST':
    case 'LEAST': {
      const present = a.filter((v) => v !== null) as (number | string)[];
      if (present.length === 0) return null;
      return present.reduce((x, y) => ((fn === 'GREATEST' ? y > x : y < x) ? y : x));
    }
    case 'LOWER':
      return a[0] === null ? null : String(a[0]).toLowerCase();
    case 'UPPER':
      return a[0] === null ? null : String(a[0]).toUpperCase();
    case 'LENGTH':
      return a[0] === null ? null : [...String(a[0])].length;
    case 'CONTAINS':
      return a[0] === null || a[1] === null ? null : String(a[0]).includes(String(a[1]));
    case 'STARTS_WITH':
      return a[0] === null || a[1] === null ? null : String(a[0]).startsWith(String(a[1]));
    case 'HOUR':
      return x === null ? null : local(x, env.tz).h;
    case 'DAY_OF_WEEK':
      return x === null ? null : local(x, env.tz).dow;
    default:
      throw new Error(`reference: no scalar ${fn}`);
  }
}

/** A condition on a row: two-valued (missing reads as false; negated forms are true). */
function truthy(ir: Ir, row: DemoRow, env: Env): boolean {
  return value(ir, row, env) === true;
}

function value(ir: Ir, row: DemoRow, env: Env): V {
  switch (ir.kind) {
    case 'literal':
      return ir.value;
    case 'field':
      return ir.field === 'user' ? row.user : ir.field === 'event' ? row.event : ir.field === 'source' ? row.source : row.timeMs;
    case 'property':
      return read(ir, row);
    case 'negate': {
      const v = num(value(ir.operand, row, env));
      return v === null ? null : -v;
    }
    case 'not':
      return !truthy(ir.operand, row, env);
    case 'arith': {
      const l = num(value(ir.left, row, env));
      const r = num(value(ir.right, row, env));
      if (l === null || r === null) return null;
      if ((ir.op === '/' || ir.op === '%') && r === 0) return null;
      return ir.op === '+' ? l + r : ir.op === '-' ? l - r : ir.op === '*' ? l * r : ir.op === '/' ? l / r : l % r;
    }
    case 'logic':
      return ir.op === 'and' ? ir.operands.every((o) => truthy(o, row, env)) : ir.operands.some((o) => truthy(o, row, env));
    case 'compare':
      return cmp(ir.op, value(ir.left, row, env), value(ir.right, row, env));
    case 'in': {
      const v = value(ir.operand, row, env);
      if (v === null) return ir.negated;
      return ir.values.includes(v as never) !== ir.negated;
    }
    case 'between': {
      const [v, lo, hi] = [ir.operand, ir.low, ir.high].map((x) => value(x, row, env));
      if (v === null || lo === null || hi === null) return ir.negated;
      return (v! >= lo! && v! <= hi!) !== ir.negated;
    }
    case 'like': {
      const v = value(ir.operand, row, env);
      const p = value(ir.pattern, row, env);
      if (v === null || p === null) return ir.negated;
      return likeRegex(String(p), ir.caseInsensitive).test(String(v)) !== ir.negated;
    }
    case 'isNull':
      return (value(ir.operand, row, env) === null) !== ir.negated;
    case 'scalar':
      return scalar(ir.fn, ir.args, row, env);
    case 'case': {
      for (const b of ir.branches) if (truthy(b.when, row, env)) return value(b.then, row, env);
      return ir.otherwise ? value(ir.otherwise, row, env) : null;
    }
    case 'aggregate':
      throw new Error('reference: aggregate evaluated per row');
    case 'time':
      throw new Error('reference: time function evaluated per row');
  }
}

function hasPerInside(ir: Ir): boolean {
  for (const node of walkIr(ir)) if (node.kind === 'aggregate' && node.per) return true;
  return false;
}

/**
 * docs/language.md §6, PER, by definition: the rows that pass the outer aggregate's own (row)
 * conditions, grouped by their key (a missing key is no key); per key, the inner aggregates over
 * its rows and what surrounds them; the outer aggregate over one value per key.
 */
function perAggregate(agg: IrAggregate, rows: readonly DemoRow[], env: Env): V {
  const rowConds = agg.conditions.filter((c) => !hasPerInside(c));
  const keyConds = agg.conditions.filter(hasPerInside);
  const byKey = new Map<string, DemoRow[]>();
  for (const r of rows) {
    if (!rowConds.every((c) => truthy(c, r, env))) continue;
    const k = value(agg.perOuter!, r, env);
    if (k === null) continue;
    const id = JSON.stringify(k);
    byKey.set(id, [...(byKey.get(id) ?? []), r]);
  }
  const keys = [...byKey.values()].filter((kr) => keyConds.every((c) => formulaOver(c, () => kr, env) === true));
  if ((agg.fn === 'COUNT' && agg.star) || agg.fn === 'COUNTIF') return keys.length;
  return finish(agg, keys.map((kr) => formulaOver(agg.args[0]!, () => kr, env)).filter((v) => v !== null));
}

function aggregate(agg: IrAggregate, rows: readonly DemoRow[], env: Env): V {
  if (agg.perOuter) return perAggregate(agg, rows, env);
  const selected = rows.filter((r) => agg.conditions.every((c) => truthy(c, r, env)));
  if (agg.fn === 'COUNT' && agg.star) return selected.length;
  if (agg.fn === 'COUNTIF') return selected.length;
  return finish(agg, selected.map((r) => value(agg.args[0]!, r, env)).filter((v) => v !== null));
}

/** An aggregate of the present values it reads. */
function finish(agg: IrAggregate, values: V[]): V {
  const xs = values.filter((v): v is number => typeof v === 'number');
  const sum = () => xs.reduce((a, b) => a + b, 0);
  switch (agg.fn) {
    case 'COUNT':
      return agg.distinct ? new Set(values).size : values.length;
    case 'APPROX_COUNT_DISTINCT':
      return new Set(values).size;
    case 'SUM':
    case 'SUMIF':
      return xs.length === 0 ? null : sum();
    case 'AVG':
    case 'AVGIF':
      return xs.length === 0 ? null : sum() / xs.length;
    case 'MIN':
    case 'MAX': {
      if (values.length === 0) return null;
      const vs = values as (number | string)[];
      return vs.reduce((a, b) => ((agg.fn === 'MIN' ? b < a : b > a) ? b : a));
    }
    case 'MEDIAN':
    case 'PERCENTILE': {
      if (xs.length === 0) return null;
      const s = [...xs].sort((a, b) => a - b);
      const h = (s.length - 1) * agg.level!;
      const lo = Math.floor(h);
      return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
    }
    case 'STDDEV':
    case 'VARIANCE': {
      if (xs.length < 2) return null;
      const mean = sum() / xs.length;
      const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
      return agg.fn === 'STDDEV' ? Math.sqrt(v) : v;
    }
    default:
      throw new Error(`reference: no aggregate ${agg.fn}`);
  }
}

/** The formula's value over a group's rows: aggregates over the rows, the rest per the operators. */
function formulaValue(ir: Ir, rows: readonly DemoRow[], env: Env): V {
  return formulaOver(ir, () => rows, env);
}

/**
 * The rows an aggregate reads: this bucket's (no time function around it), or those of the
 * buckets a time function's frame names.
 */
type RowsFor = (time: IrTime | undefined) => readonly DemoRow[];

function formulaOver(ir: Ir, rowsFor: RowsFor, env: Env): V {
  if (ir.kind === 'aggregate') return aggregate(ir, rowsFor(undefined), env);
  const replaced = substitute(ir, rowsFor, undefined, env);
  return value(replaced, {} as DemoRow, env);
}

/** Replace every aggregate by the literal of its value, leaving row-free arithmetic. */
function substitute(ir: Ir, rowsFor: RowsFor, time: IrTime | undefined, env: Env): Ir {
  const sub = (x: Ir) => substitute(x, rowsFor, time, env);
  switch (ir.kind) {
    case 'aggregate':
      return { kind: 'literal', value: aggregate(ir, rowsFor(time), env), type: ir.type, nullable: true };
    case 'time':
      return substitute(ir.operand, rowsFor, ir, env);
    case 'negate':
    case 'not':
      return { ...ir, operand: sub(ir.operand) };
    case 'arith':
    case 'compare':
      return { ...ir, left: sub(ir.left), right: sub(ir.right) };
    case 'logic':
      return { ...ir, operands: ir.operands.map(sub) };
    case 'in':
    case 'isNull':
      return { ...ir, operand: sub(ir.operand) };
    case 'between':
      return { ...ir, operand: sub(ir.operand), low: sub(ir.low), high: sub(ir.high) };
    case 'like':
      return { ...ir, operand: sub(ir.operand), pattern: sub(ir.pattern) };
    case 'scalar':
      return { ...ir, args: ir.args.map(sub) };
    case 'case':
      return { ...ir, branches: ir.branches.map((b) => ({ when: sub(b.when), then: sub(b.then) })), otherwise: ir.otherwise ? sub(ir.otherwise) : undefined };
    default:
      return ir;
  }
}

/** Events where a value can be present (undefined: any) — the push-down rule of docs/language.md. */
function presentOn(ir: Ir): readonly string[] | undefined {
  const both = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a === undefined ? b : b === undefined ? a : a.filter((x) => b.includes(x)));
  switch (ir.kind) {
    case 'literal':
      return ir.value === null ? [] : undefined;
    case 'property':
      return ir.reads.flatMap((r) => r.events);
    case 'negate':
      return presentOn(ir.operand);
    case 'arith':
      return both(presentOn(ir.left), presentOn(ir.right));
    case 'scalar':
      return ['ROUND', 'FLOOR', 'CEIL', 'ABS', 'LOWER', 'UPPER', 'LENGTH', 'CONTAINS', 'STARTS_WITH', 'HOUR', 'DAY_OF_WEEK'].includes(ir.fn)
        ? ir.args.reduce<readonly string[] | undefined>((acc, a) => both(acc, presentOn(a)), undefined)
        : undefined;
    default:
      return undefined;
  }
}

function aggregates(ir: Ir): IrAggregate[] {
  if (ir.kind === 'aggregate') return [ir];
  return Object.values(ir).flatMap((v) => {
    if (Array.isArray(v)) return v.flatMap((x) => (x && typeof x === 'object' && 'kind' in x ? aggregates(x as Ir) : x && typeof x === 'object' && 'when' in x ? [...aggregates(x.when), ...aggregates(x.then)] : []));
    return v && typeof v === 'object' && 'kind' in v ? aggregates(v as Ir) : [];
  });
}

/** Events whose rows can matter to the formula (undefined: all). */
function relevantEvents(q: CheckedQuery): readonly string[] | undefined {
  const aggs = q.values.flatMap((v) => aggregates(v.ir));
  if (aggs.length === 0) return undefined;
  let all: string[] | undefined = [];
  for (const a of aggs) {
    let d: readonly string[] | undefined = a.scope;
    if (a.args.length > 0 && !a.star) {
      const p = a.args.map(presentOn).reduce<readonly string[] | undefined>((acc, x) => (acc === undefined ? x : x === undefined ? acc : acc.filter((e) => x.includes(e))), undefined);
      d = d === undefined ? p : p === undefined ? d : d.filter((e) => p.includes(e));
    }
    if (d === undefined) return undefined;
    all = [...new Set([...all!, ...d])];
  }
  return all;
}

export interface RefQuery {
  readonly tenant: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly tz: string;
  readonly granularity: 'hour' | 'day' | 'week' | 'month' | undefined;
  readonly limit: number | undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function bucketOf(ms: number, unit: NonNullable<RefQuery['granularity']>, tz: string): { key: string; sort: number } {
  const l = local(ms, tz);
  let { y, mo, d } = l;
  let h = unit === 'hour' ? l.h : 0;
  if (unit === 'month') d = 1;
  if (unit === 'week') {
    const t = new Date(Date.UTC(y, mo - 1, d - (l.dow - 1)));
    [y, mo, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  }
  if (unit !== 'hour') h = 0;
  const text = `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:00:00`;
  return { key: isoFromLocal(text, tz), sort: Date.UTC(y, mo - 1, d, h) };
}

/** Step to the next bucket: past the longest one (DST days, 31-day months), then its start. */
const NEXT_MS = { hour: 90 * 60_000, day: 25 * 3_600_000, week: 8 * 86_400_000, month: 32 * 86_400_000 } as const;

/**
 * docs/language.md §6, by definition: every bucket overlapping [from, to) has a row for every
 * group that appears; a bucket without rows has the formula's value over no rows.
 */
function filled(out: Row[], q: CheckedQuery, rq: RefQuery, env: Env): Row[] {
  const unit = rq.granularity!;
  const buckets: { key: string; sort: number }[] = [];
  for (let b = bucketOf(rq.fromMs, unit, rq.tz); Date.parse(b.key) < rq.toMs; b = bucketOf(Date.parse(b.key) + NEXT_MS[unit], unit, rq.tz)) buckets.push(b);
  const groupKeys = new Map<string, V[]>();
  for (const o of out) groupKeys.set(JSON.stringify(o.keys.slice(1)), o.keys.slice(1));
  if (q.groups.length === 0) groupKeys.set('[]', []);
  const have = new Map(out.map((o) => [JSON.stringify(o.keys), o]));
  const empty = q.values.map((v) => formulaValue(v.ir, [], env));
  return buckets.flatMap((b) => [...groupKeys.values()].map((g) => have.get(JSON.stringify([b.key, ...g])) ?? { keys: [b.key, ...g], sort: b.sort, value: empty }));
}

function hasTime(ir: Ir): boolean {
  for (const node of walkIr(ir)) if (node.kind === 'time') return true;
  return false;
}

function onlyTotal(ir: Ir): boolean {
  for (const node of walkIr(ir)) if (node.kind === 'time' && node.fn !== 'TOTAL') return false;
  return true;
}

function groupKey(g: CheckedQuery['groups'][number], r: DemoRow, env: Env): V {
  return g.expr.kind === 'field' && g.expr.field === 'time' ? new Date(r.timeMs).toISOString() : value(g.expr, r, env);
}

/**
 * docs/language.md §7's time functions, by definition: the buckets of the range, and `reach`
 * buckets before the first, each stepped back one calendar bucket at a time; a bucket before the
 * range contributes all its rows, the first bucket only its rows from `from`; PREVIOUS reads the
 * bucket n back, ROLLING this one and the n − 1 before, CUMULATIVE the range's buckets up to this
 * one. A group appears when a relevant row of it lies in [from, to) (docs/language.md §6).
 */
function timeSeries(q: CheckedQuery, rows: readonly DemoRow[], rq: RefQuery, env: Env): Row[] {
  const unit = rq.granularity!;
  const first = bucketOf(rq.fromMs, unit, rq.tz);
  const buckets: { key: string; sort: number }[] = [first];
  for (let i = 0; i < q.reach; i++) buckets.unshift(bucketOf(Date.parse(buckets[0]!.key) - 1, unit, rq.tz));
  for (let b = bucketOf(Date.parse(first.key) + NEXT_MS[unit], unit, rq.tz); Date.parse(b.key) < rq.toMs; b = bucketOf(Date.parse(b.key) + NEXT_MS[unit], unit, rq.tz)) buckets.push(b);
  const index = new Map(buckets.map((b, i) => [b.key, i]));
  /** Every group's rows per bucket: what TOTAL reads. */
  const all: DemoRow[][] = buckets.map(() => []);
  const firstStart = Date.parse(first.key);
  const relevant = relevantEvents(q);
  const groups = new Map<string, { keys: V[]; byBucket: DemoRow[][]; relevant: boolean }>();
  for (const r of rows) {
    if (r.tenant !== rq.tenant || r.timeMs >= rq.toMs) continue;
    if (r.timeMs < rq.fromMs && r.timeMs >= firstStart) continue;
    const i = index.get(bucketOf(r.timeMs, unit, rq.tz).key);
    if (i === undefined || (q.filter && !truthy(q.filter, r, env))) continue;
    const keys = q.groups.map((g) => groupKey(g, r, env));
    const id = JSON.stringify(keys);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys, byBucket: buckets.map(() => []), relevant: false }));
    g.byBucket[i]!.push(r);
    all[i]!.push(r);
    // A group appears when a row of [from, to) carries it, not a row a window only reaches.
    if (r.timeMs >= rq.fromMs && (!relevant || relevant.includes(r.event))) g.relevant = true;
  }
  const shown = [...groups.values()].filter((g) => g.relevant);
  if (q.groups.length === 0 && shown.length === 0) shown.push({ keys: [], byBucket: buckets.map(() => []), relevant: true });
  const out: Row[] = [];
  for (let i = q.reach; i < buckets.length; i++) {
    for (const g of shown) {
      const span = (lo: number, hi: number) => g.byBucket.slice(Math.max(lo, 0), hi + 1).flat();
      const rowsFor: RowsFor = (t) => {
        if (!t) return g.byBucket[i]!;
        if (t.fn === 'TOTAL') return all[i]!;
        if (t.fn === 'PREVIOUS') return span(i - t.first!, i - t.first!);
        if (t.fn === 'ROLLING') return span(i - t.first!, i);
        return span(q.reach, i);
      };
      out.push({ keys: [buckets[i]!.key, ...g.keys], sort: buckets[i]!.sort, value: q.values.map((v) => formulaOver(v.ir, rowsFor, env)) });
    }
  }
  return out;
}

/** A result row: its keys (bucket first when bucketed), sort position, and one value per formula. */
interface Row {
  keys: V[];
  sort: number;
  value: V[];
}

function compareValues(a: V, b: V): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : 1;
}

/**
 * docs/language.md §6, `limit` N: the N groups whose formula over all their rows in [from, to) —
 * time functions read as their argument — is largest; missing ranks last; ties go to the smaller
 * key (a missing key is the largest). A kept group keeps all its rows.
 */
function topGroups<T extends { keys: V[] }>(out: T[], q: CheckedQuery, where: readonly DemoRow[], rq: RefQuery, env: Env): T[] {
  const skip = rq.granularity ? 1 : 0;
  const groups = new Map<string, { keys: V[]; rows: DemoRow[] }>();
  for (const o of out) {
    const keys = o.keys.slice(skip);
    groups.set(JSON.stringify(keys), { keys, rows: [] });
  }
  for (const r of where) groups.get(JSON.stringify(q.groups.map((g) => groupKey(g, r, env))))?.rows.push(r);
  const ranked = [...groups.entries()].map(([id, g]) => ({ id, keys: g.keys, rank: formulaOver(q.values[0]!.ir, (t) => (t?.fn === 'TOTAL' ? where : g.rows), env) }));
  ranked.sort((a, b) => {
    if (a.rank !== b.rank) {
      if (a.rank === null) return 1;
      if (b.rank === null) return -1;
      return -compareValues(a.rank, b.rank);
    }
    for (let i = 0; i < a.keys.length; i++) {
      const c = compareValues(a.keys[i]!, b.keys[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const kept = new Set(ranked.slice(0, rq.limit).map((g) => g.id));
  return out.filter((o) => kept.has(JSON.stringify(o.keys.slice(skip))));
}

/** Result rows as arrays: [bucket?, ...group values, value], ordered and limited like the SQL. */
export function evaluate(q: CheckedQuery, rows: readonly DemoRow[], rq: RefQuery): V[][] {
  const env: Env = { tz: rq.tz };
  const where = rows.filter((r) => r.tenant === rq.tenant && r.timeMs >= rq.fromMs && r.timeMs < rq.toMs && (!q.filter || truthy(q.filter, r, env)));
  const relevant = relevantEvents(q);
  const groups = new Map<string, { keys: V[]; sort: number; rows: DemoRow[]; relevant: boolean }>();
  for (const r of where) {
    const b = rq.granularity ? bucketOf(r.timeMs, rq.granularity, rq.tz) : undefined;
    const keys: V[] = [...(b ? [b.key] : []), ...q.groups.map((g) => groupKey(g, r, env))];
    const id = JSON.stringify(keys);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys, sort: b?.sort ?? 0, rows: [], relevant: false }));
    g.rows.push(r);
    if (!relevant || relevant.includes(r.event)) g.relevant = true;
  }
  const hasKeys = rq.granularity !== undefined || q.groups.length > 0;
  let out: Row[];
  const timed = q.values.some((v) => hasTime(v.ir));
  if (rq.granularity && timed && (q.groups.length > 0 || !q.values.every((v) => onlyTotal(v.ir)))) {
    out = timeSeries(q, rows, rq, env);
    out.sort((a, b) => {
      if (a.sort !== b.sort) return a.sort - b.sort;
      for (let i = 1; i < a.keys.length; i++) {
        const c = compareValues(a.keys[i]!, b.keys[i]!);
        if (c !== 0) return c;
      }
      return 0;
    });
  } else if (!hasKeys) {
    out = [{ keys: [], sort: 0, value: q.values.map((v) => formulaValue(v.ir, where, env)) }];
  } else {
    // TOTAL reads every group's rows of the bucket (of the range without buckets).
    const bucketRows = new Map<string, DemoRow[]>();
    for (const g of groups.values()) {
      const b = rq.granularity ? String(g.keys[0]) : '';
      bucketRows.set(b, [...(bucketRows.get(b) ?? []), ...g.rows]);
    }
    const totalOf = (g: { keys: V[] }) => bucketRows.get(rq.granularity ? String(g.keys[0]) : '')!;
    out = [...groups.values()].filter((g) => g.relevant).map((g) => ({ keys: g.keys, sort: g.sort, value: q.values.map((v) => formulaOver(v.ir, (t) => (t?.fn === 'TOTAL' ? totalOf(g) : g.rows), env)) }));
    if (rq.granularity) out = filled(out, q, rq, env);
    out.sort((a, b) => {
      if (rq.granularity && a.sort !== b.sort) return a.sort - b.sort;
      for (let i = rq.granularity ? 1 : 0; i < a.keys.length; i++) {
        const c = compareValues(a.keys[i]!, b.keys[i]!);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const limited = rq.limit !== undefined && q.groups.length > 0 ? topGroups(out, q, where, rq, env) : out;
  return limited.map((o) => [...o.keys, ...o.value]);
}
