/**
 * Time functions (docs/language.md §7) on chDB against hand-written expectations: every value
 * below is worked out by hand from the few rows listed here (comments show the arithmetic), not
 * computed by any code shared with the compiler or the reference evaluator.
 * Covered: calendar buckets in Europe/Berlin across the 2024-03-31 spring-forward (a 23-hour day,
 * a 167-hour week), months of different lengths, windows reaching before `from`, the partial first
 * bucket, empty leading buckets, PREVIOUS of an empty bucket and division by it, exact rolling
 * distinct counts and percentiles, groups, and FILTER with the query filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, compile } from '../../src/index.js';
import { openEmbedded, type EmbeddedExecutor } from '../../src/run/index.js';
import { schema } from '../fixtures/schema.js';
import { createTableSql, formatTime, jsonEachRow, type Row } from '../fixtures/dataset.js';

/** [UTC instant, user, amount, country] — purchases of tenant acme. Berlin is UTC+1 until 2024-03-31 02:00, then UTC+2. */
const PURCHASES: [string, string, number, string][] = [
  ['2024-02-10T12:00:00Z', 'ann', 1, 'DE'], // February (29 days)
  ['2024-03-18T09:00:00Z', 'ann', 10, 'DE'], // Mon 18 Mar (week of 18 Mar)
  ['2024-03-19T09:00:00Z', 'bob', 20, 'US'], // Tue 19 Mar
  ['2024-03-24T22:30:00Z', 'cat', 30, 'DE'], // Sun 24 Mar 23:30 Berlin (UTC day: 24th) — week of 18 Mar
  ['2024-03-25T00:30:00Z', 'ann', 40, 'US'], // Mon 25 Mar 01:30 Berlin — week of 25 Mar
  ['2024-03-30T23:30:00Z', 'bob', 50, 'DE'], // Sun 31 Mar 00:30 Berlin (+01:00), the 23-hour day
  ['2024-03-31T21:30:00Z', 'dan', 60, 'US'], // Sun 31 Mar 23:30 Berlin (+02:00), same day, same week
  ['2024-03-31T22:30:00Z', 'ann', 70, 'DE'], // Mon 1 Apr 00:30 Berlin — week of 1 Apr, April
  ['2024-04-03T10:00:00Z', 'eve', 80, 'US'], // Wed 3 Apr
];

const rows: Row[] = PURCHASES.map(([iso, user, amount, country]) => {
  const epochMs = Date.parse(iso);
  return { ProductID: 'acme', UserRefID: user, EventName: 'purchase', Source: 'web', Time: formatTime(epochMs), epochMs, slots: { Prop0: String(amount), Prop2: country } };
});

let engine: EmbeddedExecutor;

beforeAll(async () => {
  engine = await openEmbedded();
  engine.session.query('DROP TABLE IF EXISTS events');
  engine.session.query(createTableSql('events'));
  engine.session.query(`INSERT INTO events FORMAT JSONEachRow ${jsonEachRow(rows)}`);
});

afterAll(async () => {
  await engine?.close();
});

const BERLIN = { tenant: 'acme', timezone: 'Europe/Berlin' };

async function values(query: Record<string, unknown>): Promise<unknown[][]> {
  const compiled = compile(query, schema);
  const result = await engine.run(compiled);
  return result.rows.map((r) => compiled.columns.map((c) => r[c.name]));
}

describe('time functions on the engine', () => {
  it('week over week across the spring-forward week, with the first week compared to the one before `from`', async () => {
    // Weeks (Monday 00:00 Berlin): 18 Mar = 10+20+30 = 60; 25 Mar (167 hours) = 40+50+60 = 150; 1 Apr = 70+80 = 150.
    const rows = await values({ ...BERLIN, formula: 'SUM(amount) - PREVIOUS(SUM(amount))', from: '2024-03-25', to: '2024-04-08', granularity: 'week' });
    expect(rows).toEqual([
      ['2024-03-25T00:00:00+01:00', 150 - 60],
      ['2024-04-01T00:00:00+02:00', 150 - 150],
    ]);
  });

  it('PREVIOUS of an empty bucket is the formula over no rows: SUM missing, COUNT 0, and a change divided by it missing', async () => {
    // Days 16–18 Mar (Berlin): only the 18th has a purchase (10). The 15th and 17th are empty.
    const rows = await values({
      ...BERLIN,
      formula: '(SUM(amount) - PREVIOUS(SUM(amount))) / PREVIOUS(SUM(amount))',
      from: '2024-03-16',
      to: '2024-03-20',
      granularity: 'day',
    });
    // 16th: previous (15th) empty → missing; 17th: both empty → missing; 18th: previous empty → missing; 19th: (20 − 10) / 10 = 1.
    expect(rows).toEqual([
      ['2024-03-16T00:00:00+01:00', null],
      ['2024-03-17T00:00:00+01:00', null],
      ['2024-03-18T00:00:00+01:00', null],
      ['2024-03-19T00:00:00+01:00', 1],
    ]);
    const counts = await values({ ...BERLIN, formula: 'PREVIOUS(COUNT(*), 2)', from: '2024-03-18', to: '2024-03-22', granularity: 'day' });
    // Two days back from 18, 19, 20, 21 Mar: 16 (0), 17 (0), 18 (1), 19 (1).
    expect(counts.map((r) => r[1])).toEqual([0, 0, 1, 1]);
  });

  it('ROLLING distinct users is exact (weekly active users), not a sum of daily counts, and reads before `from`', async () => {
    // 7 days ending each day (Berlin). Users by day: 18 ann, 19 bob, 24 cat, 25 ann, 31 bob+dan, 1 Apr ann, 3 Apr eve.
    const rows = await values({ ...BERLIN, formula: 'ROLLING(COUNT(DISTINCT user_id), 7)', from: '2024-03-24', to: '2024-03-27', granularity: 'day' });
    expect(rows).toEqual([
      ['2024-03-24T00:00:00+01:00', 3], // 18–24: ann, bob, cat
      ['2024-03-25T00:00:00+01:00', 3], // 19–25: bob, cat, ann
      ['2024-03-26T00:00:00+01:00', 2], // 20–26: cat, ann
    ]);
    const april = await values({ ...BERLIN, formula: 'ROLLING(COUNT(DISTINCT user_id), 7)', from: '2024-04-01', to: '2024-04-04', granularity: 'day' });
    // 26 Mar–1 Apr: bob, dan, ann = 3 (a sum of daily counts would be 3 as well, so also 28 Mar–3 Apr:)
    // 27 Mar–2 Apr: bob, dan, ann = 3; 28 Mar–3 Apr: bob, dan, ann, eve = 4.
    expect(april.map((r) => r[1])).toEqual([3, 3, 4]);
    const twoWeeks = await values({ ...BERLIN, formula: 'ROLLING(COUNT(DISTINCT user_id), 2)', from: '2024-03-25', to: '2024-04-08', granularity: 'week' });
    // Weeks 18+25 Mar: ann, bob, cat, dan = 4 (daily sum would be 6); weeks 25 Mar+1 Apr: ann, bob, dan, eve = 4.
    expect(twoWeeks.map((r) => r[1])).toEqual([4, 4]);
  });

  it('a rolling percentile is recomputed over the window\'s rows', async () => {
    // Weeks 18 Mar (10, 20, 30) and 25 Mar (40, 50, 60): the median of the six is (30 + 40) / 2 = 35
    // (the mean of the weekly medians would also be 35, so the 90th percentile: 50 + 0.5 × 10 = 55).
    const rows = await values({ ...BERLIN, formula: 'ROLLING(PERCENTILE(0.9, amount), 2)', from: '2024-03-25', to: '2024-04-01', granularity: 'week' });
    expect(rows).toEqual([['2024-03-25T00:00:00+01:00', 55]]);
  });

  it('CUMULATIVE starts at `from`: the first bucket holds only its rows from `from` on', async () => {
    // from = 19 Mar 12:00 Berlin, so bob's 10:00 purchase on the 19th is outside; then 24th 30, 25th 40.
    const rows = await values({ ...BERLIN, formula: 'CUMULATIVE(SUM(amount))', from: '2024-03-19T12:00:00', to: '2024-03-26', granularity: 'day' });
    expect(rows.map((r) => r[1])).toEqual([null, null, null, null, null, 30, 70]);
    // With a window reaching back too, CUMULATIVE still ignores the earlier buckets: ROLLING(…, 2) of the 19th reads the 18th (10).
    const mixed = await values({ ...BERLIN, formula: 'CUMULATIVE(COUNT(*)) * 1000 + ROLLING(COUNT(*), 2)', from: '2024-03-19T12:00:00', to: '2024-03-21', granularity: 'day' });
    expect(mixed.map((r) => r[1])).toEqual([0 * 1000 + 1, 0 * 1000 + 0]);
  });

  it('months have their calendar lengths: PREVIOUS of March is February', async () => {
    // February: 1; March (Berlin): 10+20+30+40+50+60 = 210; April: 70+80 = 150.
    const rows = await values({ ...BERLIN, formula: 'SUM(amount) / PREVIOUS(SUM(amount))', from: '2024-03-01', to: '2024-05-01', granularity: 'month' });
    expect(rows).toEqual([
      ['2024-03-01T00:00:00+01:00', 210],
      ['2024-04-01T00:00:00+02:00', 150 / 210],
    ]);
  });

  it('per group, with FILTER: each country compared with its own earlier buckets; a group with rows only before `from` does not appear', async () => {
    // Weeks by country. DE: 18 Mar 10+30, 25 Mar 50, 1 Apr 70. US: 18 Mar 20, 25 Mar 40+60, 1 Apr 80.
    const rows = await values({ ...BERLIN, formula: 'PREVIOUS(SUM(amount) FILTER (WHERE amount >= 20))', from: '2024-03-25', to: '2024-04-08', granularity: 'week', groupBy: ['country'] });
    expect(rows).toEqual([
      ['2024-03-25T00:00:00+01:00', 'DE', 30],
      ['2024-03-25T00:00:00+01:00', 'US', 20],
      ['2024-04-01T00:00:00+02:00', 'DE', 50],
      ['2024-04-01T00:00:00+02:00', 'US', 100],
    ]);
    // Only ann bought on 18 Mar in DE with amount 10: with a filter on amount < 15, DE's only row
    // is before `from` — a window reaches it, but a group appears only by a row of [from, to)
    // (docs/language.md §6), so there is no group and no row.
    const early = { ...BERLIN, formula: 'ROLLING(COUNT(*), 2)', filter: 'amount < 15', from: '2024-03-25', to: '2024-04-01', granularity: 'week', groupBy: ['country'] };
    expect(await values(early)).toEqual([]);
    // With a row of DE in the range as well (amount < 45: cat 30 is on 24 Mar, before; ann 40 on
    // 25 Mar is US), still only the groups of the range: US, whose window also counts bob's 20.
    expect(await values({ ...early, filter: 'amount < 45' })).toEqual([['2024-03-25T00:00:00+01:00', 'US', 2]]);
    // Without groups the one series is always there.
    expect(await values({ ...early, groupBy: undefined })).toEqual([['2024-03-25T00:00:00+01:00', 1]]);
  });

  it('days where DST skips midnight: the day starts at 01:00 and later days stay at midnight (America/Santiago, 11 Sep 2022)', async () => {
    // Chile moved 00:00 → 01:00 on Sun 11 Sep 2022. Purchases at noon local: Sat 10th 1, Sun 11th 2, Mon 12th 4.
    engine.session.query(
      `INSERT INTO events FORMAT JSONEachRow ${jsonEachRow(
        [['2022-09-10T16:00:00Z', 1], ['2022-09-11T15:00:00Z', 2], ['2022-09-12T15:00:00Z', 4]].map(([iso, amount]) => {
          const epochMs = Date.parse(iso as string);
          return { ProductID: 'acme', UserRefID: 'zed', EventName: 'purchase', Source: 'web', Time: formatTime(epochMs), epochMs, slots: { Prop0: String(amount), Prop2: 'CL' } };
        }),
      )}`,
    );
    const santiago = { tenant: 'acme', timezone: 'America/Santiago', from: '2022-09-10', to: '2022-09-14', granularity: 'day' };
    expect(await values({ ...santiago, formula: 'SUM(amount)' })).toEqual([
      ['2022-09-10T00:00:00-04:00', 1],
      ['2022-09-11T01:00:00-03:00', 2],
      ['2022-09-12T00:00:00-03:00', 4],
      ['2022-09-13T00:00:00-03:00', null],
    ]);
    expect((await values({ ...santiago, formula: 'PREVIOUS(SUM(amount))', groupBy: ['country'] })).map((r) => r.slice(1))).toEqual([
      ['CL', null],
      ['CL', 1],
      ['CL', 2],
      ['CL', 4],
    ]);
    // The week holding that Sunday starts on Monday 5 Sep at midnight.
    expect(await values({ ...santiago, formula: 'SUM(amount)', granularity: 'week' })).toEqual([
      ['2022-09-05T00:00:00-04:00', 3],
      ['2022-09-12T00:00:00-03:00', 4],
    ]);
  });

  it('hours across the spring-forward night step over the missing hour', async () => {
    // 31 Mar Berlin: 00:30 (+01:00, bob 50); 02:00–03:00 does not exist. Hours 00…04 local are 00, 01, 03, 04.
    const rows = await values({ ...BERLIN, formula: 'ROLLING(SUM(amount), 3)', from: '2024-03-31T00:00:00', to: '2024-03-31T05:00:00', granularity: 'hour' });
    expect(rows).toEqual([
      ['2024-03-31T00:00:00+01:00', 50],
      ['2024-03-31T01:00:00+01:00', 50],
      ['2024-03-31T03:00:00+02:00', 50],
      ['2024-03-31T04:00:00+02:00', null],
    ]);
  });
});

describe('top N groups (limit) on the engine', () => {
  const weeks = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', granularity: 'week', groupBy: ['country'] };
  it('keeps the groups largest over the whole range, each with all its buckets', async () => {
    // Over the range: DE 10+30+50+70 = 160, US 20+40+60+80 = 200 → US.
    expect(await values({ ...weeks, formula: 'SUM(amount)', limit: 1 })).toEqual([
      ['2024-03-18T00:00:00+01:00', 'US', 20],
      ['2024-03-25T00:00:00+01:00', 'US', 100],
      ['2024-04-01T00:00:00+02:00', 'US', 80],
    ]);
  });
  it('ranks a formula with time functions by their arguments', async () => {
    // PREVIOUS(SUM(amount)) ranks by SUM(amount) over the range: US again; its first week looks back to 11 Mar (empty).
    expect(await values({ ...weeks, formula: 'PREVIOUS(SUM(amount))', limit: 1 })).toEqual([
      ['2024-03-18T00:00:00+01:00', 'US', null],
      ['2024-03-25T00:00:00+01:00', 'US', 20],
      ['2024-04-01T00:00:00+02:00', 'US', 100],
    ]);
  });
  it('breaks ties by the smaller key, and ranks missing values last', async () => {
    // COUNT(*): DE 4, US 4 → DE. AVG over amounts > 100: missing for both → ties again → DE.
    expect((await values({ ...weeks, formula: 'COUNT(*)', limit: 1 })).map((r) => r[1])).toEqual(['DE', 'DE', 'DE']);
    expect((await values({ ...weeks, formula: 'AVG(amount) FILTER (WHERE amount > 100)', limit: 1 })).map((r) => r[1])).toEqual(['DE', 'DE', 'DE']);
    // Without buckets: MAX(amount) DE 70, US 80 → with limit 1 only US.
    expect(await values({ ...BERLIN, from: '2024-03-18', to: '2024-04-08', groupBy: ['country'], formula: 'MAX(amount)', limit: 1 })).toEqual([['US', 80]]);
  });
  it('needs a group-by', () => {
    const d = check({ ...BERLIN, from: '2024-03-18', to: '2024-04-08', formula: 'COUNT(*)', limit: 3 }, schema).diagnostics;
    expect(d.map((x) => [x.code, x.path])).toEqual([['limit-needs-group-by', 'limit']]);
  });
});

describe('TOTAL on the engine', () => {
  const weeks = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', granularity: 'week', groupBy: ['country'] };
  it("is each bucket's value over every group: shares of revenue by country", async () => {
    // Weeks: 18 Mar DE 40, US 20 (60); 25 Mar DE 50, US 100 (150); 1 Apr DE 70, US 80 (150).
    expect(await values({ ...weeks, formula: 'SUM(amount) / TOTAL(SUM(amount))' })).toEqual([
      ['2024-03-18T00:00:00+01:00', 'DE', 40 / 60],
      ['2024-03-18T00:00:00+01:00', 'US', 20 / 60],
      ['2024-03-25T00:00:00+01:00', 'DE', 50 / 150],
      ['2024-03-25T00:00:00+01:00', 'US', 100 / 150],
      ['2024-04-01T00:00:00+02:00', 'DE', 70 / 150],
      ['2024-04-01T00:00:00+02:00', 'US', 80 / 150],
    ]);
  });
  it('counts distinct values over the union of the groups, not the sum', async () => {
    // The whole range: DE users ann, cat, bob (3); US bob, ann, dan, eve (4); together ann, bob, cat, dan, eve = 5, not 7.
    expect(await values({ ...BERLIN, from: '2024-03-18', to: '2024-04-08', groupBy: ['country'], formula: 'TOTAL(COUNT(DISTINCT user_id))' })).toEqual([
      ['DE', 5],
      ['US', 5],
    ]);
    // Without a group-by, TOTAL(m) is m.
    expect(await values({ ...BERLIN, from: '2024-03-18', to: '2024-04-08', formula: 'TOTAL(COUNT(DISTINCT user_id)) - COUNT(DISTINCT user_id)' })).toEqual([[0]]);
  });
  it('keeps its meaning with top N groups (the total of every group, not of the kept ones)', async () => {
    expect(await values({ ...weeks, formula: 'SUM(amount) / TOTAL(SUM(amount))', limit: 1 })).toEqual([
      ['2024-03-18T00:00:00+01:00', 'US', 20 / 60],
      ['2024-03-25T00:00:00+01:00', 'US', 100 / 150],
      ['2024-04-01T00:00:00+02:00', 'US', 80 / 150],
    ]);
  });
  it('does not nest with time functions', () => {
    const d = (formula: string) => check({ ...weeks, formula }, schema).diagnostics.map((x) => x.code);
    expect(d('TOTAL(PREVIOUS(SUM(amount)))')).toEqual(['nested-time-function']);
    expect(d('PREVIOUS(TOTAL(SUM(amount)))')).toEqual(['nested-time-function']);
    expect(d('TOTAL(TOTAL(SUM(amount)))')).toEqual(['nested-time-function']);
    expect(d('ROLLING(SUM(amount), 2) / TOTAL(SUM(amount))')).toEqual([]);
  });
});

describe('several formulas in one scan', () => {
  const fromSql = (sql: string) => sql.split('FROM `events`').length - 1;
  it('give one column per entry, in order, from one read of the events table — time functions and TOTAL included', async () => {
    const query = {
      ...BERLIN,
      from: '2024-03-18',
      to: '2024-04-08',
      granularity: 'week',
      formulas: { revenue: 'SUM(amount)', buyers: 'COUNT(DISTINCT user_id)', previous: 'PREVIOUS(SUM(amount))', share: 'SUM(amount) / TOTAL(SUM(amount))' },
    };
    const compiled = compile(query, schema);
    expect(compiled.columns.map((c) => c.name)).toEqual(['bucket', 'revenue', 'buyers', 'previous', 'share']);
    expect(fromSql(compiled.sql)).toBe(1);
    // Weeks: 18 Mar 60 (ann, bob, cat), 25 Mar 150 (ann, bob, dan), 1 Apr 150 (ann, eve); 11 Mar had nothing.
    expect(await values(query)).toEqual([
      ['2024-03-18T00:00:00+01:00', 60, 3, null, 1],
      ['2024-03-25T00:00:00+01:00', 150, 3, 60, 1],
      ['2024-04-01T00:00:00+02:00', 150, 2, 150, 1],
    ]);
    // PER beside time functions, over two keys, still one read: buyers per week and over two
    // weeks (ann, bob, cat; + dan; ann, bob, dan, eve), countries per buyer-week.
    const per = { ...query, formulas: { buyers: 'COUNT(COUNT(*) PER user_id)', rolling: 'ROLLING(COUNT(COUNT(*) PER user_id), 2)', countries: 'COUNT(COUNT(*) PER country)', previous: 'PREVIOUS(SUM(amount))' } };
    expect(fromSql(compile(per, schema).sql)).toBe(1);
    expect((await values(per)).map((r) => r.slice(1))).toEqual([
      [3, 3, 2, null],
      [3, 4, 2, 60],
      [2, 4, 2, 150],
    ]);
  });
  it('name columns exactly as given when a key is `value` or looks like metricc\'s own columns, over bucket rows too', async () => {
    // Weeks: 18 Mar 60 (3 rows), 25 Mar 150 (3), 1 Apr 150 (2); by country DE 10+30, 50, 70 and US 20, 40+60, 80.
    const query = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', granularity: 'week', groupBy: ['country'], formulas: { value: 'COUNT(*)', __s0: 'SUM(amount)', __real: 'PREVIOUS(COUNT(*))', __v0: 'ROLLING(MAX(SUM(amount) PER user_id), 2)' } };
    const compiled = compile(query, schema);
    expect(compiled.columns.map((c) => c.name)).toEqual(['bucket', 'country', 'value', '__s0', '__real', '__v0']);
    expect((await values(query)).map((r) => r.slice(1))).toEqual([
      ['DE', 2, 40, 0, 30],
      ['US', 1, 20, 0, 20],
      ['DE', 1, 50, 2, 50],
      ['US', 2, 100, 1, 60],
      ['DE', 1, 70, 1, 70],
      ['US', 1, 80, 2, 80],
    ]);
    const ranked = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', groupBy: ['country'], limit: 1, formulas: { __rank: 'SUM(amount)', value: 'COUNT(*)' } };
    expect(await values(ranked)).toEqual([['US', 200, 4]]);
  });
  it('name columns exactly as given, also when a name is a table column, and rank top N by the first', async () => {
    const query = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', groupBy: ['country'], limit: 1, formulas: { Time: 'MAX(amount)', Prop0: 'COUNT(*)', '1 + 1': '1 + 1' } };
    const compiled = compile(query, schema);
    expect(fromSql(compiled.sql)).toBe(1);
    // MAX(amount): DE 70, US 80 → US (4 purchases).
    expect(await values(query)).toEqual([['US', 80, 4, 2]]);
    const result = await engine.run(compiled);
    expect(Object.keys(result.rows[0]!)).toEqual(['country', 'Time', 'Prop0', '1 + 1']);
    expect(await values({ ...BERLIN, from: '2024-03-18', to: '2024-04-08', formulas: { a: '1 + 2', b: 'COALESCE(1 / 0, 7)' } })).toEqual([[3, 7]]);
  });
  it('report problems per entry: path formulas.<key>, offsets into its own text', () => {
    const base = { ...BERLIN, from: '2024-03-18', to: '2024-04-08', granularity: 'day' };
    const d = (extra: Record<string, unknown>) => check({ ...base, ...extra }, schema).diagnostics.map((x) => [x.code, x.path, x.start, x.end]);
    expect(d({ formulas: { ok: 'COUNT(*)', typo: 'COUNT(*) + SUM(amont)' } })).toEqual([['unknown-name', 'formulas.typo', 15, 20]]);
    expect(d({ formulas: { broken: 'SUM(amount' } }).map((x) => [x[0], x[1]])).toEqual([['missing-close-paren', 'formulas.broken']]);
    expect(d({ formulas: { bucket: 'COUNT(*)' } }).map((x) => [x[0], x[1]])).toEqual([['invalid-column-name', 'formulas.bucket']]);
    expect(d({ formulas: { country: 'COUNT(*)' }, groupBy: ['country'] }).map((x) => [x[0], x[1]])).toEqual([['invalid-column-name', 'formulas.country']]);
    expect(d({ formulas: { __s0: 'COUNT(*)', value: 'COUNT(*)' } })).toEqual([]);
    expect(d({ formulas: { Bucket: 'COUNT(*)' } }).map((x) => [x[0], x[1]])).toEqual([['invalid-column-name', 'formulas.Bucket']]);
    expect(d({ formula: 'COUNT(*)', formulas: { a: 'COUNT(*)' } }).map((x) => x[0])).toEqual(['invalid-query']);
    expect(d({}).map((x) => x[0])).toEqual(['invalid-query']);
    expect(d({ formulas: {} }).map((x) => x[0])).toEqual(['invalid-query']);
    expect(d({ formulas: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, 'COUNT(*)'])) }).map((x) => x[0])).toEqual(['invalid-query']);
  });
});

describe('PER on the engine', () => {
  const range = { ...BERLIN, from: '2024-03-18', to: '2024-04-08' };
  // Purchases in range by user: ann 10, 40, 70 (3); bob 20, 50 (2); cat 30 (1); dan 60 (1); eve 80 (1).
  it('computes an aggregate once per key, then the outer aggregate over those values', async () => {
    expect(await values({ ...range, formula: 'AVG(COUNT(*) PER user_id)' })).toEqual([[8 / 5]]);
    // Spend per buyer: 120, 70, 30, 60, 80 → median 70.
    expect(await values({ ...range, formula: 'MEDIAN(SUM(amount) PER user_id)' })).toEqual([[70]]);
    // Buyers with at least two purchases: ann, bob.
    expect(await values({ ...range, formula: 'COUNTIF(COUNT(*) PER user_id >= 2)' })).toEqual([[2]]);
  });
  it('keeps keys with no matching rows at 0, and an outer FILTER decides which keys there are', async () => {
    // Purchases of at least 50 per user, over every user in scope: ann 1 (70), bob 1 (50), cat 0, dan 1, eve 1 → 4 / 5.
    expect(await values({ ...range, formula: 'AVG(COUNT(*) FILTER (WHERE amount >= 50) PER user_id)' })).toEqual([[4 / 5]]);
    // The outer FILTER restricts the rows before grouping: only users with a purchase ≥ 50 are keys (4), each counting its own.
    expect(await values({ ...range, formula: 'AVG(COUNT(*) PER user_id) FILTER (WHERE amount >= 50)' })).toEqual([[1]]);
  });
  it('mixes with plain aggregates, by group and bucket, each keeping its meaning', async () => {
    // DE: ann 10, 70; cat 30; bob 50 → SUM 160 over 3 buyers; US: bob 20; ann 40; dan 60; eve 80 → SUM 200 over 4 buyers.
    expect(await values({ ...range, groupBy: ['country'], formula: 'SUM(amount) / COUNT(COUNT(*) PER user_id)' })).toEqual([
      ['DE', 160 / 3],
      ['US', 200 / 4],
    ]);
    // Weekly max spend of one user: 18 Mar ann 10, bob 20, cat 30 → 30; 25 Mar ann 40, bob 50, dan 60 → 60; 1 Apr 80.
    expect((await values({ ...range, granularity: 'week', formula: 'MAX(SUM(amount) PER user_id)' })).map((r) => r[1])).toEqual([30, 60, 80]);
    // Several keys in one query, one scan (GROUPING SETS): buyers per country, and the weekly max
    // spend per user with the number of countries per week beside it.
    expect((await values({ ...range, granularity: 'week', formula: 'MAX(SUM(amount) PER user_id) * 100 + COUNT(COUNT(*) PER country)' })).map((r) => r[1])).toEqual([30 * 100 + 2, 60 * 100 + 2, 80 * 100 + 2]);
    // A key that is also the group-by stays a key of its own: one country per group; DE's users
    // ann, cat, bob; US's bob, ann, dan, eve.
    expect(await values({ ...range, groupBy: ['country'], formula: 'COUNT(COUNT(*) PER country) * 100 + COUNT(COUNT(*) PER user_id)' })).toEqual([
      ['DE', 103],
      ['US', 104],
    ]);
  });
  it('is refused where it has no meaning', () => {
    const d = (formula: string) => check({ ...range, formula }, schema).diagnostics.map((x) => x.code);
    expect(d('COUNT(*) PER user_id')).toEqual(['per-not-allowed']);
    expect(d('AVG(SUM(COUNT(*) PER user_id) PER user_id)')).toEqual(['nested-per']);
    expect(d('AVG(COUNT(*) PER user_id + COUNT(*) PER country)')).toEqual(['per-keys-differ']);
    expect(d('AVG(COUNT(*) PER user_id) + AVG(COUNT(*) PER country)')).toEqual([]);
    expect(d('AVG(COUNT(*) PER user_id + amount)')).toEqual(['per-not-allowed']);
    expect(d('ABS(1) PER user_id')).toEqual(['per-not-allowed']);
  });
  // Weeks (Berlin): 18 Mar ann 10 DE, bob 20 US, cat 30 DE; 25 Mar ann 40 US, bob 50 DE, dan 60 US;
  // 1 Apr ann 70 DE, eve 80 US. The week of 11 Mar (read for reach) has no rows.
  const weekly = async (formula: string, extra: Record<string, unknown> = {}) => (await values({ ...range, granularity: 'week', formula, ...extra })).map((r) => r.slice(1));
  it('regroups the keys over a time function\'s window: a key active in several buckets is one key', async () => {
    // Spend per user over two weeks, largest: 30; ann 50, bob 70, cat 30, dan 60 → 70; ann 110, bob 50, dan 60, eve 80 → 110.
    expect(await weekly('ROLLING(MAX(SUM(amount) PER user_id), 2)')).toEqual([[30], [70], [110]]);
    // Distinct buyers over three weeks: 3; ann, bob, cat, dan 4; + eve 5 (not 3 + 3 + 2).
    expect(await weekly('ROLLING(COUNT(COUNT(*) PER user_id), 3)')).toEqual([[3], [4], [5]]);
    // Spend per user from the first week: 60 / 3; (50 + 70 + 30 + 60) / 4; (120 + 70 + 30 + 60 + 80) / 5.
    expect(await weekly('CUMULATIVE(AVG(SUM(amount) PER user_id))')).toEqual([[20], [52.5], [72]]);
    // Users spending ≥ 50 in the week before: none (empty week); none; bob 50 and dan 60.
    expect(await weekly('PREVIOUS(COUNTIF(SUM(amount) PER user_id >= 50))')).toEqual([[0], [0], [2]]);
    // Inner FILTER: every user of the window is a key, those without a purchase ≥ 50 counting 0:
    // ann, bob, cat → 0; ann 0, bob 1, cat 0, dan 1 → 0.5; ann 1, bob 1, dan 1, eve 1 → 1.
    expect(await weekly('ROLLING(AVG(COUNT(*) FILTER (WHERE amount >= 50) PER user_id), 2)')).toEqual([[0], [0.5], [1]]);
    // Outer FILTER: only US rows make keys: bob; bob, ann, dan; ann, dan, eve.
    expect(await weekly("ROLLING(COUNT(COUNT(*) PER user_id) FILTER (WHERE country = 'US'), 2)")).toEqual([[1], [3], [3]]);
    // Number and date-time keys: distinct amounts (and instants) over two weeks: 3, 6, 5.
    expect(await weekly('ROLLING(COUNT(COUNT(*) PER amount), 2) * 10 + ROLLING(COUNT(COUNT(*) PER time), 2)')).toEqual([[33], [66], [55]]);
    // Mixed with a plain aggregate in the same window and outside it.
    expect(await weekly('ROLLING(SUM(amount) / COUNT(COUNT(*) PER user_id), 2) + SUM(amount)')).toEqual([[60 / 3 + 60], [210 / 4 + 150], [300 / 4 + 150]]);
  });
  it('regroups the keys over every group for TOTAL, and over the range for a top-N limit over buckets', async () => {
    // Buyers per country over all buyers: DE ann, cat, bob 3 / 5; US bob, ann, dan, eve 4 / 5.
    // TOTAL's largest spend per user is ann's 120 across both countries (not 80 in either).
    expect(await values({ ...range, groupBy: ['country'], formula: 'COUNT(COUNT(*) PER user_id) / TOTAL(COUNT(COUNT(*) PER user_id)) + TOTAL(MAX(SUM(amount) PER user_id))' })).toEqual([
      ['DE', 3 / 5 + 120],
      ['US', 4 / 5 + 120],
    ]);
    // Top country by buyers over the range: US 4 (DE 3) — summing weekly counts would tie them at 4.
    expect(await weekly('COUNT(COUNT(*) PER user_id)', { groupBy: ['country'], limit: 1 })).toEqual([
      ['US', 1],
      ['US', 2],
      ['US', 1],
    ]);
    // By week and country, each week's share of that week's buyers.
    expect(await weekly('COUNT(COUNT(*) PER user_id) / TOTAL(COUNT(COUNT(*) PER user_id))', { groupBy: ['country'] })).toEqual([
      ['DE', 2 / 3],
      ['US', 1 / 3],
      ['DE', 1 / 3],
      ['US', 2 / 3],
      ['DE', 1 / 2],
      ['US', 1 / 2],
    ]);
  });
});

describe('time function diagnostics', () => {
  const base = { tenant: 'acme', from: '2024-03-01', to: '2024-04-01', granularity: 'day' };
  const codes = (query: Record<string, unknown>) => check(query, schema).diagnostics.map((d) => [d.code, d.start, d.end]);

  it('need a granularity', () => {
    expect(codes({ tenant: 'acme', from: '2024-03-01', to: '2024-04-01', formula: 'SUM(amount) - PREVIOUS(SUM(amount))' })).toEqual([['time-function-needs-granularity', 14, 35]]);
  });
  it('do not nest, and sit outside aggregates, filters and conditions', () => {
    expect(codes({ ...base, formula: 'ROLLING(PREVIOUS(COUNT(*)), 3)' })).toEqual([['nested-time-function', 8, 26]]);
    expect(codes({ ...base, formula: 'SUM(PREVIOUS(COUNT(*)))' })).toEqual([['time-function-not-allowed', 4, 22]]);
    expect(codes({ ...base, formula: 'COUNT(*) FILTER (WHERE CUMULATIVE(COUNT(*)) > 1)' })).toEqual([['time-function-not-allowed', 23, 43]]);
    expect(codes({ ...base, formula: 'COUNT(*)', filter: 'PREVIOUS(1) > 0' })).toEqual([['time-function-not-allowed', 0, 11]]);
  });
  it('take n as an integer literal from 1 to 1,000', () => {
    for (const n of ['0', '1001', '7.0', '3 + 4', '-1', 'amount', '1e2']) {
      const formula = `ROLLING(COUNT(*), ${n})`;
      expect(codes({ ...base, formula }), n).toEqual([['invalid-reach', 18, 18 + n.length]]);
    }
    expect(codes({ ...base, formula: 'ROLLING(COUNT(*))' })).toEqual([['wrong-arity', 0, 17]]);
    expect(codes({ ...base, formula: 'CUMULATIVE(COUNT(*), 2)' })).toEqual([['wrong-arity', 0, 23]]);
    expect(codes({ ...base, formula: 'PREVIOUS(COUNT(*), 1000)' })).toEqual([]);
  });
  it('take no FILTER, DISTINCT or *', () => {
    expect(codes({ ...base, formula: 'PREVIOUS(COUNT(*)) FILTER (WHERE amount > 1)' }).map((d) => d[0])).toEqual(['filter-not-allowed']);
    expect(codes({ ...base, formula: 'PREVIOUS(DISTINCT amount)' }).map((d) => d[0])).toEqual(['distinct-not-allowed']);
  });
  it('report mistakes inside them once, at their own place', () => {
    expect(codes({ ...base, formula: 'PREVIOUS(SUM(amont))' }).map((d) => d[0])).toEqual(['unknown-name']);
    expect(codes({ tenant: 'acme', from: '2024-03-01', to: '2024-04-01', formula: 'PREVIOUS(amount)' }).map((d) => d[0])).toEqual(['time-function-needs-granularity', 'bare-reference']);
  });
  it('cannot reach before 1970', () => {
    const out = check({ ...base, from: '1970-01-05', to: '1970-02-01', formula: 'ROLLING(COUNT(*), 30)' }, schema).diagnostics;
    expect(out.map((d) => [d.code, d.path])).toEqual([['invalid-time', 'from']]);
  });
  it('keep a query bucket-local when each window is fixed relative to its bucket (not CUMULATIVE: its window starts at from)', () => {
    expect(compile({ ...base, formula: 'ROLLING(COUNT(*), 2)' }, schema).structure.bucketLocal).toBe(true);
    expect(compile({ ...base, formula: 'PREVIOUS(COUNT(*)) / COUNT(*)' }, schema).structure.bucketLocal).toBe(true);
    expect(compile({ ...base, formula: 'CUMULATIVE(COUNT(*))' }, schema).structure.bucketLocal).toBe(false);
    expect(compile({ ...base, formula: 'COUNT(*) + CUMULATIVE(COUNT(*))' }, schema).incremental).toBeUndefined();
    expect(compile({ ...base, formula: 'COUNT(*)' }, schema).structure.bucketLocal).toBe(true);
  });
});
