/**
 * The function catalogue (docs/functions.md) as data: one entry a function, with its parameters and
 * their types, result type, how missing values flow through it, how it is written in ClickHouse
 * SQL, and its help text and example. The checker, the emitter, the docs and editor completion
 * all read this table, so they cannot disagree.
 *
 * SQL forms. Aggregates name a ClickHouse aggregate function; `orNull` adds the -OrNull
 * combinator (no present value ⇒ NULL, never 0 or nan) and FILTER adds -If. Scalars are a plain
 * call or a small function (`SqlForm`).
 * https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators
 */
import { ANY, ORDERED, type Type } from './types.js';

/**
 * ROUND, halves away from zero. ClickHouse's `round` sends exact binary halves of a Float64 to the
 * even neighbour (`round(2.5)` is 2); its Decimal `round` goes away from zero. So the number's
 * shortest decimal text (what people see: `1.005`, not 1.00499999999999989…) is read as a
 * Decimal128 with 16 places and rounded there, and read back through its text (the engine's
 * Decimal → Float64 conversion is off by a few units in the last place above ~1e21; the text is
 * read as the nearest double); a value too large for that (|x| ≥ 1e22, already an integer) stays
 * as it is. The lambda names the value once, so nesting ROUND stays linear.
 * https://clickhouse.com/docs/sql-reference/functions/rounding-functions#round
 */
function roundHalfAway(args: readonly string[]): string {
  const digits = args[1] ?? '0';
  return `arrayMap(v -> ifNull(toFloat64(toString(round(toDecimal128OrNull(toString(v), 16), ${digits}))), toFloat64(v)), [${args[0]}])[1]`;
}

export interface ParamSpec {
  readonly name: string;
  /** Accepted types, or 'T': the function's type variable (one type shared by all T params). */
  readonly types: readonly Type[] | 'T';
  /** predicate: a condition; probability: a constant in [0, 1]; digits: a constant integer. */
  readonly role?: 'predicate' | 'probability' | 'digits' | 'reach';
}

interface SpecBase {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** Fewest arguments (default: every parameter). */
  readonly minArgs?: number;
  /** The last parameter repeats. */
  readonly variadic?: boolean;
  /** Types the type variable T may take. */
  readonly typeVar?: readonly Type[];
  readonly result: Type | 'T';
  /**
   * Whether a numeric result is an integer or a Float64 in ClickHouse (it matters where values
   * meet: a 64-bit integer and a Float64 have no common type in greatest/coalesce/if): always an
   * integer, always a float, or an integer when every numeric argument is one (the default).
   */
  readonly numeric?: 'integer' | 'float' | 'args';
  readonly help: string;
  readonly example: string;
}

export interface AggregateSpec extends SpecBase {
  readonly kind: 'aggregate';
  readonly sql: {
    readonly fn: string;
    /** The function for COUNT(DISTINCT x). */
    readonly distinctFn?: string;
    readonly orNull: boolean;
    /** Non-finite results (nan for a one-value sample variance) are missing. */
    readonly finite?: boolean;
  };
  /** Counts rows: `COUNT(x)` of a value that is never missing is `count()`. */
  readonly countsRows?: boolean;
  readonly star?: boolean;
  readonly distinct?: boolean;
  /** A fixed level for a parametric aggregate (MEDIAN is the 0.5 percentile). */
  readonly level?: number;
}

/**
 * How a scalar is written in SQL: a plain call of its arguments (`{ call: 'abs' }` → `abs(x)`),
 * or a small function for the few other forms (the arguments' SQL and the timezone parameter in,
 * one call out). Every form is one call, so its text binds as an atom.
 */
export type SqlForm = { readonly call: string } | ((args: readonly string[], tz: () => string) => string);

export interface ScalarSpec extends SpecBase {
  readonly kind: 'scalar';
  readonly sql: SqlForm;
  /**
   * strict: missing if any argument is missing; all: missing only if every argument is;
   * branches: missing if a result branch is; always: may be missing whatever the arguments.
   */
  readonly nulls: 'strict' | 'all' | 'branches' | 'always';
  /** Non-finite results (sqrt(-1), ln(0), overflow) are missing. */
  readonly finite?: boolean;
}

/**
 * A time function (docs/language.md §7): the formula `m` over other buckets of the same group —
 * PREVIOUS (one bucket `n` back), ROLLING (this bucket and the `n − 1` before it), CUMULATIVE
 * (from `from` to this bucket). `frame` says which buckets, as offsets back from this one.
 */
export interface TimeSpec extends SpecBase {
  readonly kind: 'time';
  /**
   * TOTAL (docs/language.md §6): `m` over every group's rows of this bucket (of the range without
   * buckets); needs no granularity, and reads no other bucket.
   */
  readonly total?: boolean;
  /** Buckets back: the first and last of the frame, from `n` (undefined first: from `from`). */
  readonly frame: (n: number) => { readonly first: number | undefined; readonly last: number };
}

export type FunctionSpec = AggregateSpec | ScalarSpec | TimeSpec;

const NUM: readonly Type[] = ['number'];
const STR: readonly Type[] = ['string'];
const BOOL: readonly Type[] = ['boolean'];
const TIME: readonly Type[] = ['datetime'];
const x = (types: readonly Type[] | 'T' = NUM): ParamSpec => ({ name: 'x', types });
const pred: ParamSpec = { name: 'condition', types: BOOL, role: 'predicate' };

const agg = (
  name: string,
  fn: string,
  help: string,
  example: string,
  extra: Partial<AggregateSpec> = {},
): AggregateSpec => ({
  kind: 'aggregate',
  name,
  params: [x()],
  result: 'number',
  sql: { fn, orNull: true },
  numeric: 'float',
  help,
  example,
  ...extra,
});

const scalar = (name: string, sql: SqlForm, params: readonly ParamSpec[], help: string, example: string, extra: Partial<ScalarSpec> = {}): ScalarSpec => ({
  kind: 'scalar',
  name,
  params,
  result: 'number',
  sql,
  nulls: 'strict',
  numeric: 'args',
  help,
  example,
  ...extra,
});

/** `m` is any formula without a time function; `n` an integer literal from 1 to 1,000. */
const time = (name: string, frame: TimeSpec['frame'], minArgs: number, help: string, example: string, extra: Partial<TimeSpec> = {}): TimeSpec => ({
  kind: 'time',
  name,
  params: [{ name: 'm', types: 'T' }, { name: 'n', types: NUM, role: 'reach' }],
  minArgs,
  typeVar: ANY,
  result: 'T',
  numeric: 'args',
  frame,
  help,
  example,
  ...extra,
});

export const FUNCTIONS = {
  COUNT: agg('COUNT', 'count', 'Rows (`COUNT(*)`), rows where x is present (`COUNT(x)`), or distinct present values (`COUNT(DISTINCT x)`, exact).', 'COUNT(DISTINCT user_id)', {
    params: [x(ANY)],
    sql: { fn: 'count', distinctFn: 'uniqExact', orNull: false },
    star: true,
    distinct: true,
    numeric: 'integer',
    countsRows: true,
  }),
  APPROX_COUNT_DISTINCT: agg('APPROX_COUNT_DISTINCT', 'uniq', 'Approximate number of distinct present values: exact up to 65,536 distinct values, then adaptive sampling (measured within ±0.6% from 0.1 to 5 million distinct values).', 'APPROX_COUNT_DISTINCT(user_id)', {
    params: [x(ANY)],
    sql: { fn: 'uniq', orNull: false },
    numeric: 'integer',
  }),
  SUM: agg('SUM', 'sum', 'Sum of the present values; missing when there are none.', 'SUM(amount)'),
  AVG: agg('AVG', 'avg', 'Mean of the present values; missing when there are none.', 'AVG(load_time)'),
  MIN: agg('MIN', 'min', 'Smallest present value (numbers, strings or date-times).', 'MIN(amount)', { params: [x('T')], typeVar: ORDERED, result: 'T', numeric: 'args' }),
  MAX: agg('MAX', 'max', 'Largest present value (numbers, strings or date-times).', 'MAX(time)', { params: [x('T')], typeVar: ORDERED, result: 'T', numeric: 'args' }),
  MEDIAN: agg('MEDIAN', 'quantileExactInclusive', 'The 0.5 percentile (linear interpolation between the two middle values).', 'MEDIAN(load_time)', { level: 0.5 }),
  PERCENTILE: agg('PERCENTILE', 'quantileExactInclusive', 'Continuous percentile with linear interpolation (PERCENTILE_CONT / PERCENTILE.INC); p is a constant from 0 to 1.', 'PERCENTILE(0.95, load_time)', {
    params: [{ name: 'p', types: NUM, role: 'probability' }, x()],
  }),
  STDDEV: agg('STDDEV', 'stddevSamp', 'Sample standard deviation; missing with fewer than two present values.', 'STDDEV(amount)', { sql: { fn: 'stddevSamp', orNull: true, finite: true } }),
  VARIANCE: agg('VARIANCE', 'varSamp', 'Sample variance; missing with fewer than two present values.', 'VARIANCE(amount)', { sql: { fn: 'varSamp', orNull: true, finite: true } }),
  COUNTIF: agg('COUNTIF', 'count', 'Rows where the condition holds (shorthand for `COUNT(*) FILTER (WHERE condition)`).', "COUNTIF(event = 'purchase')", {
    params: [pred],
    sql: { fn: 'count', orNull: false },
    numeric: 'integer',
    countsRows: true,
  }),
  SUMIF: agg('SUMIF', 'sum', 'Sum of x over rows where the condition holds.', "SUMIF(amount, country = 'US')", { params: [x(), pred] }),
  AVGIF: agg('AVGIF', 'avg', 'Mean of x over rows where the condition holds.', "AVGIF(amount, source = 'ios')", { params: [x(), pred] }),

  IF: scalar('IF', { call: 'if' }, [pred, { name: 'then', types: 'T' }, { name: 'else', types: 'T' }], 'The second argument when the condition holds, else the third.', "IF(country = 'US', amount, 0)", {
    typeVar: ANY,
    result: 'T',
    nulls: 'branches',
  }),
  COALESCE: scalar('COALESCE', { call: 'coalesce' }, [{ name: 'value', types: 'T' }], 'The first present argument.', 'COALESCE(discount, 0)', {
    typeVar: ANY,
    result: 'T',
    variadic: true,
    minArgs: 2,
    nulls: 'all',
  }),
  NULLIF: scalar('NULLIF', { call: 'nullIf' }, [{ name: 'a', types: 'T' }, { name: 'b', types: 'T' }], 'Missing when a equals b, else a.', 'NULLIF(amount, 0)', {
    typeVar: ANY,
    result: 'T',
    nulls: 'always',
  }),
  ROUND: scalar('ROUND', roundHalfAway, [x(), { name: 'digits', types: NUM, role: 'digits' }], 'x rounded to `digits` decimal places (default 0; negative rounds to tens, hundreds, …); halves go away from zero, as in spreadsheets and SQL NUMERIC: ROUND(2.5) = 3, ROUND(-2.5) = −3, ROUND(1.005, 2) = 1.01.', 'ROUND(AVG(amount), 2)', {
    minArgs: 1,
    numeric: 'float',
  }),
  FLOOR: scalar('FLOOR', { call: 'floor' }, [x()], 'Largest integer not greater than x.', 'FLOOR(AVG(amount))'),
  CEIL: scalar('CEIL', { call: 'ceil' }, [x()], 'Smallest integer not less than x.', 'CEIL(AVG(items))'),
  ABS: scalar('ABS', { call: 'abs' }, [x()], 'Absolute value.', 'ABS(SUM(delta))'),
  SQRT: scalar('SQRT', { call: 'sqrt' }, [x()], 'Square root; missing for negative x.', 'SQRT(VARIANCE(amount))', { finite: true, nulls: 'always', numeric: 'float' }),
  LN: scalar('LN', { call: 'log' }, [x()], 'Natural logarithm; missing for x ≤ 0.', 'LN(SUM(amount))', { finite: true, nulls: 'always', numeric: 'float' }),
  LOG10: scalar('LOG10', { call: 'log10' }, [x()], 'Base-10 logarithm; missing for x ≤ 0.', 'LOG10(SUM(amount))', { finite: true, nulls: 'always', numeric: 'float' }),
  POWER: scalar('POWER', { call: 'pow' }, [x(), { name: 'y', types: NUM }], 'x raised to the power y; missing when the result is not a finite number.', 'POWER(AVG(growth), 2)', {
    finite: true,
    nulls: 'always',
    numeric: 'float',
  }),
  GREATEST: scalar('GREATEST', { call: 'greatest' }, [{ name: 'value', types: 'T' }], 'Largest present argument (missing ones are skipped).', 'GREATEST(SUM(a), SUM(b))', {
    typeVar: ORDERED,
    result: 'T',
    variadic: true,
    minArgs: 2,
    nulls: 'all',
  }),
  LEAST: scalar('LEAST', { call: 'least' }, [{ name: 'value', types: 'T' }], 'Smallest present argument (missing ones are skipped).', 'LEAST(SUM(a), 100)', {
    typeVar: ORDERED,
    result: 'T',
    variadic: true,
    minArgs: 2,
    nulls: 'all',
  }),
  LOWER: scalar('LOWER', { call: 'lowerUTF8' }, [{ name: 's', types: STR }], 'Lower-case text (Unicode).', "COUNTIF(LOWER(country) = 'us')", { result: 'string' }),
  UPPER: scalar('UPPER', { call: 'upperUTF8' }, [{ name: 's', types: STR }], 'Upper-case text (Unicode).', 'COUNT(DISTINCT UPPER(country))', { result: 'string' }),
  LENGTH: scalar('LENGTH', { call: 'lengthUTF8' }, [{ name: 's', types: STR }], 'Number of characters (Unicode code points).', 'AVG(LENGTH(query))', { numeric: 'integer' }),
  CONTAINS: scalar('CONTAINS', (a) => `greater(position(${a[0]}, ${a[1]}), 0)`, [{ name: 's', types: STR }, { name: 't', types: STR }], 'Whether s contains t (case-sensitive).', "COUNTIF(CONTAINS(url, '/pricing'))", {
    result: 'boolean',
  }),
  STARTS_WITH: scalar('STARTS_WITH', { call: 'startsWith' }, [{ name: 's', types: STR }, { name: 't', types: STR }], 'Whether s starts with t (case-sensitive).', "COUNTIF(STARTS_WITH(url, 'https://'))", {
    result: 'boolean',
  }),
  HOUR: scalar('HOUR', (a, tz) => `toHour(${a[0]}, ${tz()})`, [{ name: 'time', types: TIME }], "Hour of the day (0–23) in the query's timezone.", 'COUNTIF(HOUR(time) >= 18)', { numeric: 'integer' }),
  PREVIOUS: time('PREVIOUS', (n) => ({ first: n, last: n }), 1, 'The value of m in the bucket n buckets before this one (n from 1 to 1,000, default 1), per group; an empty bucket is still a bucket, so a week-over-week change compares calendar weeks. Needs a granularity.', 'PREVIOUS(SUM(amount), 7)'),
  ROLLING: time('ROLLING', (n) => ({ first: n - 1, last: 0 }), 2, 'm over the rows of this bucket and the n − 1 buckets before it (n from 1 to 1,000), exact for every aggregate: ROLLING(COUNT(DISTINCT user_id), 7) over days counts weekly active users. Needs a granularity.', 'ROLLING(COUNT(DISTINCT user_id), 7)'),
  CUMULATIVE: time('CUMULATIVE', () => ({ first: undefined, last: 0 }), 1, 'm over the rows from the start of the range to the end of this bucket (a running total, exact for every aggregate). Needs a granularity.', 'CUMULATIVE(COUNTIF(event = \'signup\'))', { params: [{ name: 'm', types: 'T' }] }),
  TOTAL: time('TOTAL', () => ({ first: 0, last: 0 }), 1, "m over all the rows of the bucket, whatever the group-by (over the whole range without a granularity), exact for every aggregate: SUM(amount) / TOTAL(SUM(amount)) is each group's share. Without a group-by, TOTAL(m) is m.", 'SUM(amount) / TOTAL(SUM(amount))', {
    params: [{ name: 'm', types: 'T' }],
    total: true,
  }),
  DAY_OF_WEEK: scalar('DAY_OF_WEEK', (a, tz) => `toDayOfWeek(${a[0]}, 0, ${tz()})`, [{ name: 'time', types: TIME }], "Day of the week, 1 = Monday … 7 = Sunday, in the query's timezone.", 'COUNTIF(DAY_OF_WEEK(time) >= 6)', { numeric: 'integer' }),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

const BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(Object.entries(FUNCTIONS));

/** The catalogue entry for a name as written (function names are case-insensitive). */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toUpperCase());
}

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/** The parameter an argument fills: by position, the last one repeating for variadic functions. */
export function paramAt(spec: FunctionSpec, index: number): ParamSpec {
  return spec.params[Math.min(index, spec.params.length - 1)]!;
}

/** `PERCENTILE(p, x)`, `ROUND(x, [digits])`, `GREATEST(value, …)`: how a call is written. */
export function signature(spec: FunctionSpec): string {
  const min = spec.minArgs ?? spec.params.length;
  const names = spec.params.map((p, i) => (i >= min && !spec.variadic ? `[${p.name}]` : p.name));
  return `${spec.name}(${names.join(', ')}${spec.variadic ? ', …' : ''})`;
}
