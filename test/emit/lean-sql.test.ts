/** The emitted SQL, pinned inline where leanness is the point. */
import { describe, expect, it } from 'vitest';
import { sqlOf } from '../fixtures/query.js';

const select = (sql: string) => sql.split('\nFROM')[0]!.replace(/^SELECT /, '');
const where = (sql: string) => sql.split('\nWHERE ')[1]!.split('\n').filter((l) => l.startsWith('  AND ')).slice(2).map((l) => l.slice(6));

describe('lean SQL', () => {
  it('reads one slot directly when the scope shares it, and pushes the scope into WHERE', () => {
    const sql = sqlOf("SUM(amount) FILTER (WHERE event = 'purchase')");
    expect(select(sql)).toBe('sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS value');
    expect(where(sql)).toEqual(['EventName = {p0:String}']);
  });
  it('uses -If combinators for FILTER, not CASE', () => {
    const sql = sqlOf("COUNT(*) FILTER (WHERE source = 'ios') / COUNT(*)");
    expect(select(sql)).toBe('countIf(`Source` = {p0:String}) / nullIf(count(), 0) AS value');
  });
  it('counts rows for COUNT of a value that is never missing', () => {
    expect(select(sqlOf('COUNT(user_id) + COUNT(DISTINCT user_id)'))).toBe('count() + uniqExact(UserRefID) AS value');
  });
  it('writes two-valued predicates only where a side can be missing', () => {
    expect(select(sqlOf("COUNTIF(country != 'US')", { filter: "event = 'pageview'" }))).toBe("countIf(ifNull(nullIf(Prop3, '') != {p0:String}, 1)) AS value");
    expect(select(sqlOf("COUNTIF(source != 'ios')"))).toBe('countIf(`Source` != {p0:String}) AS value');
    expect(select(sqlOf("COUNTIF(NOT (country IN ('US', 'DE')))", { filter: "event = 'pageview'" }))).toBe("countIf(NOT ifNull(nullIf(Prop3, '') IN {p0:Array(String)}, 0)) AS value");
  });
  it('chooses the slot by event when one property lives in several', () => {
    expect(select(sqlOf("COUNT(DISTINCT country)", { filter: "event IN ('purchase', 'pageview')" }))).toBe(
      "uniqExact(multiIf(EventName = {p0:String}, nullIf(Prop2, ''), nullIf(Prop3, ''))) AS value",
    );
  });
  it('guards reads when rows of other events can reach them', () => {
    expect(select(sqlOf('COUNT(*) FILTER (WHERE load_time > 1)'))).toBe(
      'countIf(ifNull(if(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop1), NULL), NULL) > 1, 0)) AS value',
    );
  });
  it('makes division and modulo by zero missing', () => {
    expect(select(sqlOf('COUNT(*) / COUNT(*) % COUNT(*)'))).toBe('count() / nullIf(count(), 0) % nullIf(count(), 0) AS value');
  });
  it('guards no divisor that is a non-zero constant', () => {
    expect(select(sqlOf('COUNT(*) / 1000 + COUNT(*) % -2 + COUNT(*) / 0.5'))).toBe('count() / 1000 + count() % -2 + count() / 0.5 AS value');
    expect(select(sqlOf('COUNT(*) / 0'))).toBe('count() / nullIf(0, 0) AS value');
  });
  it('writes parentheses only where precedence needs them', () => {
    expect(select(sqlOf('(COUNT(*) + 1) * 2 - -(3 - COUNT(*))'))).toBe('(count() + 1) * 2 - -(3 - count()) AS value');
    expect(select(sqlOf('- -COUNT(*)'))).toBe('-(-count()) AS value');
  });
  it('keeps every string out of the SQL text', () => {
    const sql = sqlOf("COUNTIF(country = 'x''; DROP TABLE events; --') + COUNTIF(url LIKE '%\\'%')", { filter: "source != 'a\\\\b'" });
    expect(sql).not.toMatch(/DROP|a\\\\b/);
  });
  it('writes percentile as exact inclusive interpolation', () => {
    expect(select(sqlOf('PERCENTILE(0.95, load_time)', { filter: "event = 'pageview'" }))).toBe(
      'quantileExactInclusiveOrNull(0.95)(ifNotFinite(toFloat64OrNull(Prop1), NULL)) AS value',
    );
  });
});
