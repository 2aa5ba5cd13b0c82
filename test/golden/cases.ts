/**
 * Golden cases: each query's SQL and params are pinned in files beside this one, and its rows on
 * the real engine are checked against an expected result computed by the oracle from the spec.
 */
import type { Row } from '../fixtures/dataset.js';
import { HOSTILE_EVENT, HOSTILE_PROPERTY, HOSTILE_TENANT } from '../fixtures/schema.js';
import { add, agg, bucket, cmp, div, groupRows, prop, rowsOf, sub, type Value } from '../fixtures/oracle.js';

export interface GoldenCase {
  readonly name: string;
  readonly query: Record<string, unknown>;
  readonly expected: (rows: readonly Row[]) => Value[][];
}

const FROM = '2024-01-01T00:00:00Z';
const TO = '2024-01-08T00:00:00Z';
const range = { from: FROM, to: TO };
const acme = (rows: readonly Row[]) => rowsOf(rows, 'acme', FROM, TO);
const only = (rows: readonly Row[], ...events: string[]) => rows.filter((r) => events.includes(r.EventName));
const amounts = (rows: readonly Row[]) => rows.map((r) => prop(r, 'amount'));
const users = (rows: readonly Row[]) => rows.map((r) => r.UserRefID);
const one = (v: Value): Value[][] => [[v]];

export const CASES: readonly GoldenCase[] = [
  {
    name: 'headline-revenue-per-user-daily',
    query: { tenant: 'acme', formula: 'SUM(amount) / COUNT(DISTINCT user_id)', filter: "event = 'purchase'", ...range, granularity: 'day' },
    expected: (rows) =>
      groupRows(only(acme(rows), 'purchase'), (r) => [bucket(r.epochMs, 'day')] as const).map(([[b], g]) => [b, div(agg.sum(amounts(g)), agg.countDistinct(users(g)))]),
  },
  {
    name: 'headline-globex-slots-differ',
    query: { tenant: 'globex', formula: 'sum( amount )/count(distinct USER_ID)'.replace('USER_ID', 'user_id'), filter: "event = 'purchase'", ...range },
    expected: (rows) => {
      const g = only(rowsOf(rows, 'globex', FROM, TO), 'purchase');
      return one(div(agg.sum(amounts(g)), agg.countDistinct(users(g))));
    },
  },
  {
    name: 'revenue-by-country-across-events',
    query: { tenant: 'acme', formula: 'SUM(amount)', ...range, groupBy: ['country'] },
    expected: (rows) =>
      groupRows(only(acme(rows), 'purchase', 'refund', 'checkout'), (r) => [prop(r, 'country', 'string')] as const).map(([[c], g]) => [c, agg.sum(amounts(g))]),
  },
  {
    name: 'net-revenue-filter-clauses',
    query: { tenant: 'acme', formula: "SUM(amount) FILTER (WHERE event = 'purchase') - SUM(amount) FILTER (WHERE event = 'refund')", ...range },
    expected: (rows) => one(sub(agg.sum(amounts(only(acme(rows), 'purchase'))), agg.sum(amounts(only(acme(rows), 'refund'))))),
  },
  {
    name: 'conversion-weekly',
    query: {
      tenant: 'acme',
      formula: "COUNT(DISTINCT user_id) FILTER (WHERE event = 'purchase') / COUNT(DISTINCT user_id) FILTER (WHERE event = 'signup')",
      from: '2024-01-01T00:00:00Z',
      to: '2024-01-15T00:00:00Z',
      granularity: 'week',
    },
    expected: (rows) =>
      groupRows(only(rowsOf(rows, 'acme', '2024-01-01T00:00:00Z', '2024-01-15T00:00:00Z'), 'purchase', 'signup'), (r) => [bucket(r.epochMs, 'week')] as const).map(
        ([[b], g]) => [b, div(agg.countDistinct(users(only(g, 'purchase'))), agg.countDistinct(users(only(g, 'signup'))))],
      ),
  },
  {
    name: 'p95-load-time-by-country',
    query: { tenant: 'acme', formula: 'PERCENTILE(0.95, load_time)', filter: "event = 'pageview'", ...range, groupBy: ['country'] },
    expected: (rows) =>
      groupRows(only(acme(rows), 'pageview'), (r) => [prop(r, 'country', 'string')] as const).map(([[c], g]) => [c, agg.percentile(0.95, g.map((r) => prop(r, 'load_time')))]),
  },
  {
    name: 'median-plus-average-items',
    query: { tenant: 'acme', formula: 'MEDIAN(items) + AVG(items)', filter: "event = 'purchase'", ...range },
    expected: (rows) => {
      const items = only(acme(rows), 'purchase').map((r) => prop(r, 'items'));
      return one(add(agg.percentile(0.5, items), agg.avg(items)));
    },
  },
  {
    name: 'two-valued-not-equal-counts-missing',
    query: { tenant: 'acme', formula: "COUNTIF(country != 'US')", ...range },
    expected: (rows) => one(acme(rows).filter((r) => !cmp(prop(r, 'country', 'string'), '=', 'US')).length),
  },
  {
    name: 'sumif-avgif-boolean-property',
    query: { tenant: 'acme', formula: "SUMIF(amount, source = 'ios') + AVGIF(amount, is_first)", ...range },
    expected: (rows) => {
      const r = acme(rows);
      const s = agg.sum(amounts(r.filter((x) => x.Source === 'ios')));
      const a = agg.avg(amounts(r.filter((x) => prop(x, 'is_first', 'boolean') === true)));
      return one(add(s, a));
    },
  },
  {
    name: 'stddev-refunds-variance-load',
    query: { tenant: 'acme', formula: "STDDEV(amount) FILTER (WHERE event = 'refund') * 0 + VARIANCE(load_time)", ...range },
    expected: (rows) => {
      const sd = agg.stddevSamp(amounts(only(acme(rows), 'refund')));
      const v = agg.varSamp(acme(rows).map((r) => prop(r, 'load_time')));
      return one(add(sd === null ? null : sd * 0, v));
    },
  },
  {
    name: 'currency-case-conversion',
    query: {
      tenant: 'acme',
      formula: "SUM(CASE WHEN currency = 'US' THEN amount WHEN currency IN ('DE', 'FR') THEN amount * 1.1 ELSE 0 END)",
      filter: "event = 'purchase'",
      ...range,
    },
    expected: (rows) =>
      one(
        agg.sum(
          only(acme(rows), 'purchase').map((r) => {
            const c = prop(r, 'currency', 'string');
            const a = prop(r, 'amount') as number | null;
            if (c === 'US') return a;
            if (c === 'DE' || c === 'FR') return a === null ? null : a * 1.1;
            return 0;
          }),
        ),
      ),
  },
  {
    name: 'string-functions',
    query: {
      tenant: 'acme',
      formula: "COUNT(DISTINCT LOWER(country)) * 1000000 + COUNTIF(CONTAINS(url, 'pricing')) * 1000 + COUNTIF(STARTS_WITH(url, '/')) + AVG(LENGTH(url))",
      ...range,
    },
    expected: (rows) => {
      const r = acme(rows);
      const lower = r.map((x) => {
        const c = prop(x, 'country', 'string');
        return c === null ? null : (c as string).toLowerCase();
      });
      const urls = r.map((x) => prop(x, 'url', 'string') as string | null);
      const contains = urls.filter((u) => u !== null && u.includes('pricing')).length;
      const starts = urls.filter((u) => u !== null && u.startsWith('/')).length;
      const avgLen = agg.avg(urls.map((u) => (u === null ? null : [...u].length)));
      return one(add(agg.countDistinct(lower) * 1000000 + contains * 1000 + starts, avgLen));
    },
  },
  {
    name: 'hour-and-weekday-in-timezone',
    query: { tenant: 'acme', formula: 'COUNTIF(HOUR(time) >= 12) * 10 + COUNTIF(DAY_OF_WEEK(time) >= 6)', ...range, timezone: 'Asia/Kolkata' },
    expected: (rows) => {
      const local = acme(rows).map((r) => new Date(r.epochMs + 5.5 * 3_600_000));
      const afternoon = local.filter((d) => d.getUTCHours() >= 12).length;
      const weekend = local.filter((d) => d.getUTCDay() === 0 || d.getUTCDay() === 6).length;
      return one(afternoon * 10 + weekend);
    },
  },
  {
    name: 'missing-value-predicates',
    query: {
      tenant: 'acme',
      formula:
        "COUNTIF(amount IS NULL) * 1000000 + COUNT(amount) * 10000 + COUNTIF(NOT (amount > 100)) + COUNTIF(amount NOT BETWEEN 10 AND 50) + COUNTIF(country NOT IN ('US', 'DE')) + COUNTIF(country NOT LIKE 'U%') + COUNTIF(country ILIKE 'u%')",
      ...range,
    },
    expected: (rows) => {
      const r = acme(rows);
      const a = amounts(r);
      const c = r.map((x) => prop(x, 'country', 'string') as string | null);
      const isNull = a.filter((v) => v === null).length;
      const count = a.filter((v) => v !== null).length;
      const notGt = a.filter((v) => !cmp(v, '>', 100)).length;
      const notBetween = a.filter((v) => !(cmp(v, '>=', 10) && cmp(v, '<=', 50))).length;
      const notIn = c.filter((v) => !(v === 'US' || v === 'DE')).length;
      const notLike = c.filter((v) => !(v !== null && v.startsWith('U'))).length;
      const ilike = c.filter((v) => v !== null && v.toLowerCase().startsWith('u')).length;
      return one(isNull * 1000000 + count * 10000 + notGt + notBetween + notIn + notLike + ilike);
    },
  },
  {
    name: 'scalar-math',
    query: {
      tenant: 'acme',
      formula:
        "ROUND(AVG(amount), 2) + SQRT(VARIANCE(amount)) + LN(SUM(amount)) + POWER(AVG(items), 2) + ABS(MIN(amount)) + GREATEST(SUM(amount) FILTER (WHERE event = 'refund'), 100) + COALESCE(SUM(amount) FILTER (WHERE source = 'smart-fridge'), 0) + FLOOR(MAX(amount)) + CEIL(AVG(items)) + LOG10(COUNT(*))",
      filter: "event IN ('purchase', 'refund', 'signup')",
      ...range,
    },
    expected: (rows) => {
      const r = only(acme(rows), 'purchase', 'refund', 'signup');
      const a = amounts(r);
      const items = r.map((x) => prop(x, 'items'));
      const avgA = agg.avg(a) as number;
      const round2 = Math.round(avgA * 100) / 100;
      const refunds = agg.sum(amounts(only(r, 'refund'))) as number;
      const total =
        round2 +
        Math.sqrt(agg.varSamp(a) as number) +
        Math.log(agg.sum(a) as number) +
        (agg.avg(items) as number) ** 2 +
        Math.abs(agg.min(a) as number) +
        Math.max(refunds, 100) +
        0 +
        Math.floor(agg.max(a) as number) +
        Math.ceil(agg.avg(items) as number) +
        Math.log10(r.length);
      return one(total);
    },
  },
  {
    name: 'division-by-zero-is-missing',
    query: { tenant: 'acme', formula: "SUM(amount) / COUNTIF(source = 'smart-fridge') + SQRT(-1 * COUNT(*))", ...range },
    expected: () => one(null),
  },
  {
    name: 'hostile-tenant-and-names',
    query: {
      tenant: HOSTILE_TENANT,
      formula: `SUM(\`${HOSTILE_PROPERTY}\`) + COUNT(*) + SUM(amount)`,
      filter: `event = '${HOSTILE_EVENT.replace(/'/g, "''")}'`,
      ...range,
    },
    expected: (rows) => {
      const r = only(rowsOf(rows, HOSTILE_TENANT, FROM, TO), HOSTILE_EVENT);
      return one(add(add(agg.sum(r.map((x) => prop(x, HOSTILE_PROPERTY))), r.length), agg.sum(amounts(r))));
    },
  },
  {
    name: 'datetime-property',
    query: { tenant: 'acme', formula: 'COUNTIF(signed_at IS NOT NULL) + COUNT(DISTINCT signed_at)', ...range },
    expected: (rows) => {
      const s = acme(rows).map((r) => prop(r, 'signed_at', 'datetime'));
      return one(s.filter((v) => v !== null).length + agg.countDistinct(s));
    },
  },
  {
    name: 'multi-type-property-as-string',
    query: { tenant: 'acme', formula: "COUNTIF(amount = '0') + COUNTIF(amount > 100)", filter: "event = 'checkout'", ...range },
    expected: (rows) => {
      const r = only(acme(rows), 'checkout');
      const asText = r.filter((x) => prop(x, 'amount', 'string') === '0').length;
      const big = r.filter((x) => cmp(prop(x, 'amount'), '>', 100)).length;
      return one(asText + big);
    },
  },
  {
    name: 'top-2-sources-hourly',
    query: { tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-02T00:00:00Z', to: '2024-01-02T06:00:00Z', granularity: 'hour', groupBy: ['source'], limit: 2 },
    // `limit` keeps the 2 sources with the most rows over the range, each with every hour (empty ones 0).
    expected: (rows) => {
      const inRange = rowsOf(rows, 'acme', '2024-01-02T00:00:00Z', '2024-01-02T06:00:00Z');
      const counts = new Map<string, number>();
      for (const r of inRange) counts.set(r.Source, (counts.get(r.Source) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2).map(([s]) => s).sort();
      return Array.from({ length: 6 }, (_, i) => Date.parse('2024-01-02T00:00:00Z') + i * 3_600_000).flatMap((start) =>
        top.map((source) => [bucket(start, 'hour'), source, inRange.filter((r) => r.Source === source && r.epochMs >= start && r.epochMs < start + 3_600_000).length]),
      );
    },
  },
  {
    name: 'top-3-countries-by-revenue',
    query: { tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase'", ...range, groupBy: ['country'], limit: 3 },
    // The three countries with the largest revenue, listed in key order; a missing country is a key too.
    expected: (rows) => {
      const byCountry = groupRows(only(acme(rows), 'purchase'), (r) => [prop(r, 'country', 'string')] as const).map(([[c], g]) => [c, agg.sum(amounts(g))] as [Value, Value]);
      const ranked = [...byCountry].sort((a, b) => (a[1] === b[1] ? 0 : a[1] === null ? 1 : b[1] === null ? -1 : (b[1] as number) - (a[1] as number)));
      return ranked.slice(0, 3).sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : a[0] < b[0] ? -1 : 1));
    },
  },
  {
    name: 'monthly-by-source-and-event',
    query: { tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-02-01', granularity: 'month', groupBy: ['source', 'event'] },
    expected: (rows) =>
      groupRows(rowsOf(rows, 'acme', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'), (r) => [bucket(r.epochMs, 'month'), r.Source, r.EventName] as const).map(
        ([k, g]) => [...k, g.length],
      ),
  },
  {
    name: 'quoted-property-name',
    query: { tenant: 'acme', formula: 'SUM(`cart value`) / COUNT(*)', ...range },
    expected: (rows) => {
      const r = acme(rows);
      return one(div(agg.sum(r.map((x) => prop(x, 'cart value'))), r.length));
    },
  },
  {
    name: 'filter-on-property-without-event',
    query: { tenant: 'acme', formula: 'COUNT(*)', filter: "country = 'US' AND source != 'web'", ...range },
    expected: (rows) => one(acme(rows).filter((r) => prop(r, 'country', 'string') === 'US' && r.Source !== 'web').length),
  },
  {
    name: 'filter-or-events-grouped',
    query: { tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase' OR event = 'refund'", ...range, groupBy: ['event'] },
    expected: (rows) => groupRows(only(acme(rows), 'purchase', 'refund'), (r) => [r.EventName] as const).map(([[e], g]) => [e, agg.sum(amounts(g))]),
  },
  {
    name: 'if-and-nullif',
    query: { tenant: 'acme', formula: "SUM(IF(source = 'ios', amount, 0)) + AVG(NULLIF(amount, 0))", ...range },
    expected: (rows) => {
      const r = acme(rows);
      const s = agg.sum(r.map((x) => (x.Source === 'ios' ? prop(x, 'amount') : 0)));
      const a = agg.avg(amounts(r).map((v) => (v === 0 ? null : v)));
      return one(add(s, a));
    },
  },
  {
    name: 'day-buckets-in-berlin',
    query: { tenant: 'acme', formula: 'COUNT(DISTINCT user_id)', filter: "event = 'pageview'", from: '2024-01-02', to: '2024-01-05', granularity: 'day', timezone: 'Europe/Berlin' },
    expected: (rows) =>
      groupRows(only(rowsOf(rows, 'acme', '2024-01-01T23:00:00Z', '2024-01-04T23:00:00Z'), 'pageview'), (r) => [bucket(r.epochMs, 'day', 1)] as const).map(([[b], g]) => [
        b,
        agg.countDistinct(users(g)),
      ]),
  },
  {
    name: 'max-string-and-distinct-approx',
    query: { tenant: 'acme', formula: 'LENGTH(MAX(country)) + APPROX_COUNT_DISTINCT(user_id) * 0', filter: "event = 'purchase'", ...range },
    expected: (rows) => {
      const m = agg.max(only(acme(rows), 'purchase').map((r) => prop(r, 'country', 'string')));
      return one(m === null ? null : [...(m as string)].length);
    },
  },
  {
    name: 'integer-and-float-unified',
    query: { tenant: 'acme', formula: "GREATEST(COUNT(DISTINCT user_id), AVG(amount)) + COALESCE(COUNTIF(source = 'tv'), AVG(amount)) + IF(COUNT(*) > 0, COUNT(*), AVG(amount)) * 0", ...range },
    expected: (rows) => {
      const r = acme(rows);
      const avg = agg.avg(amounts(r)) as number;
      return one(Math.max(agg.countDistinct(users(r)), avg) + 0);
    },
  },
  {
    name: 'datetime-literals-in-query-timezone',
    query: {
      tenant: 'acme',
      formula: "COUNTIF(time >= '2024-01-05') * 1000 + COUNTIF(signed_at < '2024-01-04T00:00:00Z') + COUNTIF(time BETWEEN '2024-01-02' AND '2024-01-03T12:00:00+05:30') * 1000000",
      ...range,
      timezone: 'Asia/Kolkata',
    },
    expected: (rows) => {
      const r = acme(rows);
      const since = Date.parse('2024-01-04T18:30:00Z');
      const a = r.filter((x) => x.epochMs >= since).length;
      const b = r.filter((x) => cmp(prop(x, 'signed_at', 'datetime'), '<', Date.parse('2024-01-04T00:00:00Z'))).length;
      const c = r.filter((x) => x.epochMs >= Date.parse('2024-01-01T18:30:00Z') && x.epochMs <= Date.parse('2024-01-03T06:30:00Z')).length;
      return one(a * 1000 + b + c * 1000000);
    },
  },
  {
    // docs/language.md §6: every bucket overlapping the range has a row, valued at the formula over
    // no rows — here the range runs three days past the data (COUNT → 0, SUM → missing → -1).
    name: 'filled-buckets-past-the-data',
    query: { tenant: 'acme', formula: 'COUNT(*) * 1000 + COALESCE(SUM(amount), -1)', filter: "event = 'purchase'", from: '2024-01-12T00:00:00Z', to: '2024-01-18T00:00:00Z', granularity: 'day' },
    expected: (rows) =>
      Array.from({ length: 6 }, (_, i) => {
        const start = Date.UTC(2024, 0, 12 + i);
        const day = only(rows, 'purchase').filter((r) => r.ProductID === 'acme' && r.epochMs >= start && r.epochMs < start + 86_400_000);
        const sum = agg.sum(amounts(day));
        return [bucket(start, 'day'), day.length * 1000 + (sum === null ? -1 : sum)];
      }),
  },
  {
    // Every group that appears gets every bucket, in bucket order; a partial first bucket (the
    // range starts at noon) is a whole bucket's row, holding the rows of the range only.
    name: 'filled-buckets-per-group',
    query: { tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-13T12:00:00Z', to: '2024-01-17T00:00:00Z', granularity: 'day', groupBy: ['source'] },
    expected: (rows) => {
      const inRange = rowsOf(rows, 'acme', '2024-01-13T12:00:00Z', '2024-01-17T00:00:00Z');
      const sources = [...new Set(inRange.map((r) => r.Source))].sort();
      return Array.from({ length: 4 }, (_, i) => Date.UTC(2024, 0, 13 + i)).flatMap((start) =>
        sources.map((source) => [bucket(start, 'day'), source, inRange.filter((r) => r.Source === source && r.epochMs >= start && r.epochMs < start + 86_400_000).length]),
      );
    },
  },
  {
    name: 'rolling-distinct-users-reaching-before-from',
    query: { tenant: 'acme', formula: 'ROLLING(COUNT(DISTINCT user_id), 3)', from: '2024-01-05T00:00:00Z', to: '2024-01-09T00:00:00Z', granularity: 'day' },
    // Each day: the distinct users of that day and the two before it — before `from` included.
    expected: (rows) =>
      [5, 6, 7, 8].map((d) => [bucket(Date.UTC(2024, 0, d), 'day'), agg.countDistinct(users(rowsOf(rows, 'acme', new Date(Date.UTC(2024, 0, d - 2)).toISOString(), new Date(Date.UTC(2024, 0, d + 1)).toISOString())))]),
  },
  {
    name: 'week-over-week-change-with-missing-earlier-days',
    query: { tenant: 'acme', formula: '(SUM(amount) - PREVIOUS(SUM(amount), 7)) / PREVIOUS(SUM(amount), 7)', filter: "event = 'purchase'", from: '2024-01-05T00:00:00Z', to: '2024-01-12T00:00:00Z', granularity: 'day' },
    // The data starts on 1 Jan: until the 7th, a week earlier has no revenue, so the change is missing.
    expected: (rows) =>
      [5, 6, 7, 8, 9, 10, 11].map((d) => {
        const day = (n: number) => agg.sum(amounts(only(rowsOf(rows, 'acme', new Date(Date.UTC(2024, 0, n)).toISOString(), new Date(Date.UTC(2024, 0, n + 1)).toISOString()), 'purchase')));
        return [bucket(Date.UTC(2024, 0, d), 'day'), div(sub(day(d), day(d - 7)), day(d - 7))];
      }),
  },
  {
    name: 'cumulative-revenue-per-source-from-mid-day',
    query: { tenant: 'acme', formula: 'CUMULATIVE(SUM(amount))', filter: "event = 'purchase'", from: '2024-01-02T12:00:00Z', to: '2024-01-05T00:00:00Z', granularity: 'day', groupBy: ['source'] },
    // From `from` (noon of the 2nd) to the end of each day, per source.
    expected: (rows) => {
      const inRange = only(rowsOf(rows, 'acme', '2024-01-02T12:00:00Z', '2024-01-05T00:00:00Z'), 'purchase');
      const sources = [...new Set(inRange.map((r) => r.Source))].sort();
      return [2, 3, 4].flatMap((d) =>
        sources.map((source) => [bucket(Date.UTC(2024, 0, d), 'day'), source, agg.sum(amounts(inRange.filter((r) => r.Source === source && r.epochMs < Date.UTC(2024, 0, d + 1))))]),
      );
    },
  },
  {
    name: 'share-of-revenue-by-country',
    query: { tenant: 'acme', formula: 'SUM(amount) / TOTAL(SUM(amount))', filter: "event = 'purchase'", ...range, groupBy: ['country'] },
    // Each country's revenue over the revenue of every country (a missing country is a group too).
    expected: (rows) => {
      const purchases = only(acme(rows), 'purchase');
      const total = agg.sum(amounts(purchases));
      return groupRows(purchases, (r) => [prop(r, 'country', 'string')] as const)
        .map(([[c], g]) => [c, div(agg.sum(amounts(g)), total)] as Value[])
        .sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : a[0]! < b[0]! ? -1 : 1));
    },
  },
  {
    name: 'rolling-median-spend-per-buyer',
    query: { tenant: 'acme', formula: 'ROLLING(MEDIAN(SUM(amount) PER user_id), 3)', filter: "event = 'purchase'", from: '2024-01-05T00:00:00Z', to: '2024-01-09T00:00:00Z', granularity: 'day' },
    // Each day: every buyer's spend over that day and the two before it (one key however many of
    // the three days they bought on), then the median over buyers.
    expected: (rows) =>
      [5, 6, 7, 8].map((d) => {
        const window = only(rowsOf(rows, 'acme', new Date(Date.UTC(2024, 0, d - 2)).toISOString(), new Date(Date.UTC(2024, 0, d + 1)).toISOString()), 'purchase');
        return [bucket(Date.UTC(2024, 0, d), 'day'), agg.percentile(0.5, groupRows(window, (r) => [r.UserRefID] as const).map(([, g]) => agg.sum(amounts(g))))];
      }),
  },
  {
    name: 'per-two-keys-by-source',
    query: { tenant: 'acme', formula: 'COUNT(COUNT(*) PER user_id) * 1000 + COUNT(COUNT(*) PER country)', filter: "event = 'purchase'", ...range, groupBy: ['source'] },
    // Two keys in one scan: the buyers of each source, and the (present) countries they bought from.
    expected: (rows) =>
      groupRows(only(acme(rows), 'purchase'), (r) => [r.Source] as const)
        .map(([[source], g]) => [source, add(agg.countDistinct(users(g)) * 1000, agg.countDistinct(g.map((r) => prop(r, 'country', 'string'))))] as Value[])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
  },
];

