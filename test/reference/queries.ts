/**
 * Random well-typed queries over the demo schema (fast-check): aggregates with FILTER and -IF
 * forms, arithmetic, CASE/IF/COALESCE/NULLIF, predicates of every kind, group-by, buckets,
 * timezones and tenants. Properties are picked from the tenant's mapping documents, so most
 * queries compile; the rest fail scoping on purpose and are counted, not run.
 */
import fc from 'fast-check';
import { demoSchema, DEMO_DAYS, DEMO_START } from '../../src/demo/index.js';
import { typeOfClickHouseName } from '../../src/model/types.js';
import { printString } from '../../src/ast/print.js';

type T = 'number' | 'string' | 'boolean' | 'datetime';

function propsOf(tenant: string): Record<T, { name: string; events: string[] }[]> {
  const out: Record<T, Map<string, string[]>> = { number: new Map(), string: new Map(), boolean: new Map(), datetime: new Map() };
  for (const d of demoSchema.events.filter((e) => e.productId === tenant)) {
    for (const [name, entry] of Object.entries(d.propertyMapping)) {
      const t = typeOfClickHouseName(entry.type[0]!)!;
      out[t].set(name, [...(out[t].get(name) ?? []), d.name]);
    }
  }
  const list = (m: Map<string, string[]>) => [...m.entries()].map(([name, events]) => ({ name, events }));
  return { number: list(out.number), string: list(out.string), boolean: list(out.boolean), datetime: list(out.datetime) };
}

const VALUES: Record<string, string[]> = {
  country: ['US', 'DE', "Côte d'Ivoire", 'XX'],
  url: ['/pricing', '/docs'],
  plan: ['free', 'pro', 'team'],
  currency: ['USD', 'EUR'],
  device: ['phone', 'desktop'],
  reason: ['late', 'damaged'],
  referrer: ['google', ''],
  coupon: ['WELCOME10', 'vip"gold'],
  product_id: ['sku-1', 'sku-42'],
};

function tenantArbitrary(tenant: string) {
  const props = propsOf(tenant);
  const events = [...new Set(demoSchema.events.filter((e) => e.productId === tenant).map((e) => e.name))];
  const lit = (s: string) => printString(s);
  const num = fc.constantFrom(...props.number.map((p) => p.name));
  const str = fc.constantFrom(...props.string.map((p) => p.name));
  const k = fc.integer({ min: 0, max: 400 });
  const event = fc.constantFrom(...events);

  const atom: fc.Arbitrary<string> = fc.oneof(
    event.map((e) => `event = ${lit(e)}`),
    fc.subarray(events, { minLength: 1, maxLength: 3 }).map((es) => `event IN (${es.map(lit).join(', ')})`),
    fc.constantFrom("source = 'ios'", "source != 'web'", "source IN ('ios', 'android')", 'HOUR(time) >= 12', 'DAY_OF_WEEK(time) > 5'),
    fc.tuple(str, fc.nat()).map(([p, i]) => {
      const vs = VALUES[p] ?? ['x'];
      return `${p} ${['=', '!=', '<'][i % 3]} ${lit(vs[i % vs.length]!)}`;
    }),
    fc.tuple(str, fc.constantFrom('LIKE', 'NOT LIKE', 'ILIKE'), fc.constantFrom("'%o%'", "'u%'", "'_e%'")).map(([p, op, pat]) => `${p} ${op} ${pat}`),
    fc.tuple(num, fc.constantFrom('>', '<=', '=', '!='), k).map(([p, op, n]) => `${p} ${op} ${n}`),
    fc.tuple(num, k, k).map(([p, a, b]) => `${p} ${a % 2 ? 'NOT ' : ''}BETWEEN ${Math.min(a, b)} AND ${Math.max(a, b)}`),
    fc.tuple(fc.oneof(num, str), fc.boolean()).map(([p, n]) => `${p} IS ${n ? 'NOT ' : ''}NULL`),
    ...(props.boolean.length > 0 ? [fc.constantFrom(...props.boolean.map((p) => p.name))] : []),
    fc.constantFrom("CONTAINS(LOWER(source), 'o')", "STARTS_WITH(user_id, 'u1')", 'LENGTH(user_id) > 3'),
  );
  const pred: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: atom },
    { weight: 1, arbitrary: atom.map((a) => `NOT (${a})`) },
    { weight: 2, arbitrary: fc.tuple(atom, atom, fc.constantFrom('AND', 'OR')).map(([a, b, op]) => `(${a} ${op} ${b})`) },
  );
  const numExpr: fc.Arbitrary<string> = fc.oneof(
    { weight: 5, arbitrary: num },
    { weight: 1, arbitrary: fc.tuple(num, fc.integer({ min: 1, max: 9 })).map(([p, n]) => `${p} * ${n} - ${n}`) },
    { weight: 1, arbitrary: fc.tuple(num, num).map(([a, b]) => `${a} + ${b}`) },
    { weight: 1, arbitrary: num.map((p) => `ABS(${p} - 100)`) },
    { weight: 1, arbitrary: fc.tuple(pred, num, k).map(([c, p, n]) => `CASE WHEN ${c} THEN ${p} ELSE ${n} END`) },
    { weight: 1, arbitrary: fc.tuple(pred, num).map(([c, p]) => `IF(${c}, ${p}, NULL)`) },
    { weight: 1, arbitrary: num.map((p) => `COALESCE(${p}, 0)`) },
    { weight: 1, arbitrary: num.map((p) => `NULLIF(${p}, 0)`) },
    { weight: 1, arbitrary: num.map((p) => `FLOOR(${p} / 10)`) },
  );
  const plain: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom('COUNT(*)', 'COUNT(DISTINCT user_id)', 'APPROX_COUNT_DISTINCT(source)'),
    str.map((p) => `COUNT(DISTINCT ${p})`),
    str.map((p) => `COUNT(${p})`),
    fc.tuple(fc.constantFrom('SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN', 'STDDEV', 'VARIANCE'), numExpr).map(([f, x]) => `${f}(${x})`),
    fc.tuple(fc.constantFrom('0', '0.25', '0.9', '1'), numExpr).map(([p, x]) => `PERCENTILE(${p}, ${x})`),
    pred.map((p) => `COUNTIF(${p})`),
    fc.tuple(numExpr, pred, fc.constantFrom('SUMIF', 'AVGIF')).map(([x, p, f]) => `${f}(${x}, ${p})`),
    // Per-key aggregates (docs/language.md §6): by user, or by a string property (missing keys are no key).
    fc.oneof(
      fc.tuple(fc.constantFrom('AVG', 'MEDIAN', 'MAX', 'SUM', 'COUNT', 'STDDEV'), fc.constantFrom('COUNT(*)', 'COUNT(DISTINCT source)'), fc.option(pred, { nil: undefined })).map(
        ([outer, inner, p]) => `${outer}(${inner}${p ? ` FILTER (WHERE ${p})` : ''} PER user_id)`,
      ),
      fc.tuple(numExpr, fc.integer({ min: 1, max: 3 })).map(([x, n]) => `COUNTIF(SUM(${x}) PER user_id >= ${n * 50})`),
      str.map((k) => `AVG(COUNT(*) PER ${k})`),
    ),
  );
  const agg = fc.tuple(plain, fc.option(pred, { freq: 3, nil: undefined })).map(([a, p]) => (p ? `${a} FILTER (WHERE ${p})` : a));
  const formula = fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.tuple(agg, fc.constantFrom(' + ', ' - ', ' * ', ' / ')), { minLength: 1, maxLength: 3 }).map((xs) => xs.map(([a, op], i) => (i === 0 ? a : op + a)).join('')) },
    { weight: 1, arbitrary: fc.tuple(agg, agg).map(([a, b]) => `GREATEST(${a}, ${b}) - LEAST(${a}, 0)`) },
    { weight: 1, arbitrary: agg.map((a) => `SQRT(${a}) + LN(${a}) + POWER(${a}, 2)`) },
    // Share of the total (docs/language.md §6): exact for every aggregate.
    { weight: 1, arbitrary: fc.tuple(agg, agg).map(([a, b]) => `${a} / TOTAL(${a}) + TOTAL(${b})`) },
  );
  // Time functions (docs/language.md §7), used when the query has a granularity.
  const n = fc.integer({ min: 1, max: 9 });
  const timed: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(agg, n).map(([a, k]) => `PREVIOUS(${a}, ${k})`),
    agg.map((a) => `PREVIOUS(${a})`),
    fc.tuple(agg, n).map(([a, k]) => `ROLLING(${a}, ${k})`),
    agg.map((a) => `CUMULATIVE(${a})`),
    fc.tuple(agg, n).map(([a, k]) => `(${a} - PREVIOUS(${a}, ${k})) / PREVIOUS(${a}, ${k})`),
    fc.tuple(agg, agg, n).map(([a, b, k]) => `ROLLING(${a} / ${b}, ${k}) + CUMULATIVE(${b}) - ${a}`),
    fc.tuple(agg, n, n).map(([a, k, j]) => `COALESCE(PREVIOUS(${a}, ${k}), 0) + ROLLING(ABS(${a} - 1), ${j})`),
    fc.tuple(agg, agg, n).map(([a, b, k]) => `ROLLING(${a}, ${k}) / TOTAL(${b})`),
  );
  const groupNames = ['source', 'event', ...props.string.map((p) => p.name), ...props.boolean.map((p) => p.name)];
  return fc.record({
    tenant: fc.constant(tenant),
    formula,
    timed: fc.option(timed, { freq: 2, nil: undefined }),
    // Several formulas over one scan (docs/language.md §6), with keys that are plain or collide with table columns.
    second: fc.option(fc.tuple(formula, fc.constantFrom(['main', 'other'], ['Time', 'Prop0'], ['amount', 'n_2'])), { freq: 3, nil: undefined }),
    filter: fc.option(pred, { freq: 2, nil: undefined }),
    startDay: fc.integer({ min: 0, max: DEMO_DAYS - 2 }),
    days: fc.integer({ min: 1, max: 40 }),
    granularity: fc.option(fc.constantFrom('hour', 'day', 'week', 'month'), { freq: 2, nil: undefined }),
    timezone: fc.constantFrom('UTC', 'UTC', 'Asia/Kolkata', 'Asia/Tokyo', 'America/Sao_Paulo'),
    groupBy: fc.option(fc.subarray(groupNames, { minLength: 1, maxLength: 2 }), { freq: 2, nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 3, nil: undefined }),
  });
}

export interface RandomQuery {
  readonly tenant: string;
  readonly formula?: string;
  readonly formulas?: Record<string, string>;
  readonly filter?: string;
  readonly from: string;
  readonly to: string;
  readonly granularity?: string;
  readonly timezone: string;
  readonly groupBy?: string[];
  readonly limit?: number;
}

export const randomQuery = fc.oneof(...['acme', 'globex', 'initech'].map(tenantArbitrary)).map((r): RandomQuery => {
  const from = new Date(Date.parse(DEMO_START) + r.startDay * 86_400_000);
  // Hourly series with time functions are computed bucket by bucket by the reference: kept short.
  const days = r.granularity === 'hour' && r.timed ? Math.min(r.days, 7) : r.days;
  const to = new Date(Math.min(from.getTime() + days * 86_400_000, Date.parse(DEMO_START) + DEMO_DAYS * 86_400_000));
  return {
    tenant: r.tenant,
    ...(r.second
      ? { formulas: { [r.second[1][0]]: r.granularity && r.timed ? r.timed : r.formula, [r.second[1][1]]: r.second[0] } as Record<string, string> }
      : { formula: r.granularity && r.timed ? r.timed : r.formula }),
    ...(r.filter ? { filter: r.filter } : {}),
    from: from.toISOString(),
    to: to.toISOString(),
    ...(r.granularity ? { granularity: r.granularity } : {}),
    timezone: r.timezone,
    ...(r.groupBy ? { groupBy: r.groupBy } : {}),
    ...(r.limit && r.groupBy ? { limit: r.limit } : {}),
  };
});
