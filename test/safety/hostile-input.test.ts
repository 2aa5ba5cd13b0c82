/**
 * Issue 10's findings against the compiler, one test per class (not per example): type inference
 * linear in nesting, parser recursion bounded on every recovery path, diagnostics capped and
 * positioned in one pass, emitted SQL bounded, layout identifiers that cannot widen the tenant
 * guard, only timezones/offsets/integers the engine accepts, and inputs that cannot be read.
 * Timing bounds here are generous (the 100 ms goal is measured by `npm run bench`); what they
 * catch is exponential or quadratic blow-up, which misses them by orders of magnitude.
 */
import { describe, expect, it } from 'vitest';
import { analyze, check, compile, CompileError, demoSchema } from '../../src/index.js';
import { CLICKHOUSE_TIMEZONES } from '../../src/util/engine-words.js';
import { dataset, run, rawQuery } from '../fixtures/engine.js';
import { schema } from '../fixtures/schema.js';

const q = (formula: string, extra: object = {}) => ({ tenant: 'acme', formula, from: '2024-01-01', to: '2024-02-01', ...extra });

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

/** `check` of every input: never throws, bounded diagnostics. */
function diagnosticsOf(query: unknown, s: unknown = demoSchema) {
  const { diagnostics } = check(query, s);
  expect(diagnostics.length).toBeLessThanOrEqual(101);
  return diagnostics;
}

/** A schema where property `a` lives in `slots` different slots, one per event. */
function fanOut(slots: number) {
  const events = Array.from({ length: slots }, (_, i) => ({ productId: 'acme', name: `e${i}`, propertyMapping: { a: { type: ['Float64'], column: `Prop${i}` } } }));
  return { ...demoSchema, slots: { prefix: 'Prop', count: Math.max(slots, 1) }, events };
}

describe('type inference is computed once per node (item 1)', () => {
  const wrappers: [string, (inner: string) => string][] = [
    ['COALESCE', (x) => `COALESCE(${x}, 0)`],
    ['NULLIF', (x) => `NULLIF(${x}, 1)`],
    ['IF', (x) => `IF(amount > 1, ${x}, 0)`],
    ['GREATEST', (x) => `GREATEST(${x}, 1)`],
    ['LEAST', (x) => `LEAST(1, ${x})`],
    ['CASE', (x) => `CASE WHEN amount > 1 THEN ${x} ELSE 0 END`],
  ];
  for (const [name, wrap] of wrappers) {
    it(`${name} nested 60 deep inside an aggregate, with and without a filter`, () => {
      let inner = 'amount';
      for (let i = 0; i < 60; i++) inner = wrap(inner);
      for (const filter of [undefined, "event = 'purchase'"]) {
        const { value, ms } = timed(() => compile(q(`SUM(${inner})`, filter ? { filter } : {}), demoSchema));
        expect(value.sql).toContain('sumOrNull');
        expect(ms).toBeLessThan(1000);
      }
    });
  }
});

describe('the parser never overflows the stack (item 2)', () => {
  const garbage = ['CASE WHEN END + ', 'CASE WHEN END AND ', 'CASE WHEN END * ', 'CASE WHEN END OR ', 'CASE WHEN ( END + ', 'CASE CASE WHEN ) + ', 'SUM(CASE WHEN END FILTER (WHERE '];
  for (const unit of garbage) {
    it(`recovers from ${JSON.stringify(unit)} repeated to the length bound`, () => {
      for (const n of [79, 500, Math.floor(65_000 / unit.length)]) {
        const text = unit.repeat(n) + '1';
        const d = diagnosticsOf(q(text));
        expect(d.length).toBeGreaterThan(0);
        expect(() => compile(q(text), demoSchema)).toThrow(CompileError);
        expect(diagnosticsOf(q('COUNT(*)', { filter: text })).length).toBeGreaterThan(0);
      }
    });
  }
});

describe('diagnostics are capped and positioned in one pass (item 3)', () => {
  it('a flood of stray characters gives 100 diagnostics and a summary, quickly', () => {
    const { value, ms } = timed(() => diagnosticsOf(q('#a'.repeat(32_000))));
    expect(value).toHaveLength(101);
    expect(value[100]).toMatchObject({ code: 'too-many-diagnostics', severity: 'error' });
    expect(value[100]!.message).toMatch(/3\d,\d{3} more problems/);
    expect(value[99]).toMatchObject({ line: 1, column: 199 });
    expect(ms).toBeLessThan(2000);
  });
  it('positions stay right on many lines', () => {
    const d = diagnosticsOf(q('#\n'.repeat(20_000)));
    expect(d[50]).toMatchObject({ line: 51, column: 1 });
  });
  it('a mapping with 130,000 properties in one slot is one schema error, not a crash', () => {
    const mapping: Record<string, unknown> = {};
    for (let i = 0; i < 130_000; i++) mapping[`p${i}`] = { type: ['String'], column: 'Prop1' };
    const d = diagnosticsOf(q('COUNT(*)'), { ...demoSchema, events: [{ productId: 'acme', name: 'x', propertyMapping: mapping }] });
    expect(d[0]).toMatchObject({ code: 'invalid-schema', source: 'schema' });
  });
  it('a thousand slot conflicts are capped too', () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ productId: 'acme', name: `e${i}`, propertyMapping: { a: { type: ['String'], column: 'Prop1' }, b: { type: ['String'], column: 'Prop1' } } }));
    const d = diagnosticsOf(q('COUNT(*)'), { ...demoSchema, events });
    expect(d).toHaveLength(101);
    expect(d[100]!.message).toMatch(/900 more problems/);
  });
  it('ten thousand unknown names are capped', () => {
    const text = 'SUM(' + Array.from({ length: 6000 }, (_, i) => `zz${i}`).join(' + ') + ')';
    const d = diagnosticsOf(q(text));
    expect(d.length).toBeGreaterThan(0);
  });
});

describe('the emitted SQL is bounded (item 4)', () => {
  it('a property in 100 slots referenced 10,000 times is read once', () => {
    const out = compile(q('SUM(COALESCE(' + Array(10_000).fill('a').join(', ') + '))'), fanOut(100));
    expect(out.sql.length).toBeLessThan(200_000);
    expect(out.sql.match(/multiIf/g)).toHaveLength(1);
    expect(out.sql.startsWith('WITH multiIf(')).toBe(true);
  });
  it('past the bound it is the sql-too-large diagnostic, found early', () => {
    const text = 'SUM(CASE ' + Array(2500).fill('WHEN a > 1 THEN a + 1').join(' ') + ' END)';
    expect(compile(q(text), fanOut(1000)).sql.length).toBeLessThan(200_000);
    const { value, ms } = timed(() => analyze(q(text), fanOut(1000), { limits: { maxSqlBytes: 20_000 } }).diagnostics);
    expect(value.map((d) => d.code)).toEqual(['sql-too-large']);
    expect(ms).toBeLessThan(2000);
  });
  it('SQRT/LN/ROUND nested 60 deep stays linear (a finiteness test names its value once)', () => {
    for (const fn of ['SQRT', 'LN', 'LOG10', 'ABS']) {
      const out = compile(q(`${fn}(`.repeat(60) + 'SUM(amount)' + ')'.repeat(60)), demoSchema);
      expect(out.sql.length).toBeLessThan(5_000);
    }
  });
  it('the shared read runs on the engine and gives the inline result', () => {
    dataset();
    const twice = compile(q("SUM(amount) FILTER (WHERE event IN ('purchase', 'refund')) + MAX(amount) FILTER (WHERE event IN ('purchase', 'refund'))", { from: '2024-01-01', to: '2025-01-01' }), schema);
    const parts = ['SUM', 'MAX'].map((f) => run(compile(q(`${f}(amount) FILTER (WHERE event IN ('purchase', 'refund'))`, { from: '2024-01-01', to: '2025-01-01' }), schema))[0]![0] as number);
    expect(twice.sql).toContain('WITH ');
    expect(run(twice)[0]![0]).toBeCloseTo(parts[0]! + parts[1]!, 6);
  });
});

describe('layout identifiers cannot widen the tenant guard (item 5)', () => {
  for (const column of ['true', 'TRUE', 'false', 'inf', 'Infinity', 'NULL', 'nan', 'NaN', 'select', 'Null']) {
    it(`columns.tenant = ${column} is a column, not a literal`, () => {
      const out = compile(q('COUNT(*)'), { ...demoSchema, columns: { ...demoSchema.columns, tenant: column } });
      expect(out.sql).toContain(`WHERE \`${column}\` = {tenant:String}`);
    });
  }
  it('on the engine: a layout with such names counts only its own tenant', () => {
    rawQuery('DROP TABLE IF EXISTS `literal_layout`');
    rawQuery("CREATE TABLE `literal_layout` (`true` String, `inf` String, `NULL` String, `nan` String, `Time` DateTime64(3, 'UTC'), Prop0 String) ENGINE = MergeTree ORDER BY `true`");
    rawQuery("INSERT INTO `literal_layout` VALUES ('acme', 'u1', 'e', 's', '2024-01-02 00:00:00', ''), ('true', 'u2', 'e', 's', '2024-01-02 00:00:00', ''), ('globex', 'u3', 'e', 's', '2024-01-02 00:00:00', '')");
    const layout = { table: 'literal_layout', columns: { tenant: 'true', user: 'inf', event: 'NULL', source: 'nan', time: 'Time' }, slots: { prefix: 'Prop', count: 1 }, events: [] };
    for (const tenant of ['acme', 'true', 'nobody']) {
      const rows = run(compile({ tenant, formula: 'COUNT(*) + COUNT(DISTINCT user_id)', from: '2024-01-01', to: '2024-02-01' }, layout));
      expect(rows[0]?.[0] ?? 0).toBe(tenant === 'nobody' ? 0 : 2);
    }
  });
});

describe('what compiles runs (item 8)', () => {
  it('accepts exactly the engine timezones, spelled exactly, and suggests the spelling', () => {
    const d = diagnosticsOf(q('COUNT(*)', { timezone: 'us/pacific' }));
    expect(d[0]).toMatchObject({ code: 'invalid-timezone', suggestions: ['US/Pacific'] });
    expect(diagnosticsOf(q('COUNT(*)', { timezone: 'America/Coyhaique' }))[0]!.code).toBe('invalid-timezone');
    expect(diagnosticsOf(q('COUNT(*)', { timezone: 'utc' }))[0]!.code).toBe('invalid-timezone');
  });
  it('every accepted timezone loads in the engine', () => {
    dataset();
    const accepted = CLICKHOUSE_TIMEZONES.filter((tz) => check(q('COUNT(*)', { timezone: tz, granularity: 'day' }), schema).diagnostics.every((d) => d.severity !== 'error'));
    expect(accepted.length).toBeGreaterThan(400);
    // A timezone argument must be a constant: one column per zone, one query.
    const columns = accepted.map((tz, i) => `toStartOfDay(toDateTime('2024-01-01 00:00:00', 'UTC'), '${tz}') AS z${i}`).join(', ');
    const row = rawQuery(`SELECT ${columns}`, 'TSV').trim().split('\t');
    expect(row).toHaveLength(accepted.length);
  });
  it('refuses offsets no place has', () => {
    for (const from of ['2024-01-01T00:00:00+25:00', '2024-01-01T00:00:00+99:99', '2024-01-01T00:00:00+14:60', '2024-01-01T00:00:00-15:00']) {
      expect(diagnosticsOf(q('COUNT(*)', { from }))[0]).toMatchObject({ code: 'invalid-time', path: 'from' });
    }
    expect(compile(q('COUNT(*)', { from: '2024-01-01T00:00:00+14:00' }), demoSchema).params.from).toBe('2023-12-31 10:00:00.000');
  });
  it('integers past 2^53 mixed with negatives run', () => {
    dataset();
    for (const formula of ['SUM(IF(amount > 1, 9223372036854775807, -1))', 'GREATEST(COUNT(*), 1e20, -5)', 'SUM(CASE WHEN amount > 1 THEN 18446744073709551616 WHEN amount > 0 THEN -1 ELSE 0 END)', 'SUM(COALESCE(amount, -9223372036854775808, 1))']) {
      const out = compile(q(formula, { from: '2024-01-01', to: '2025-01-01' }), schema);
      expect(() => run(out)).not.toThrow();
    }
  });
});

describe('inputs that cannot be read are diagnostics (item 9)', () => {
  const base = q('COUNT(*)');
  it('a throwing getter, a revoked Proxy, a cycle', () => {
    const getter = { ...base, get tenant(): string { throw new Error('boom'); } };
    expect(diagnosticsOf(getter)[0]).toMatchObject({ code: 'invalid-query', path: 'tenant' });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(diagnosticsOf(proxy)[0]!.code).toBe('invalid-query');
    expect(diagnosticsOf(base, proxy)[0]!.code).toBe('invalid-schema');
    const cyclic: Record<string, unknown> = { ...demoSchema };
    cyclic['events'] = [{ productId: 'acme', name: 'x', propertyMapping: cyclic }];
    expect(diagnosticsOf(base, cyclic)[0]!.code).toBe('invalid-schema');
    const throwingSchema = { ...demoSchema, get events(): never { throw new TypeError('nope'); } };
    expect(diagnosticsOf(base, throwingSchema)[0]).toMatchObject({ code: 'invalid-schema', path: 'events' });
    expect(() => compile(getter, demoSchema)).toThrow(CompileError);
  });
  it('fields inherited through the prototype are not read', () => {
    const inherited = Object.create({ tenant: 'victim' }) as Record<string, unknown>;
    Object.assign(inherited, { formula: 'COUNT(*)', from: '2024-01-01', to: '2024-02-01' });
    expect(diagnosticsOf(inherited)[0]).toMatchObject({ code: 'invalid-query', path: 'tenant' });
    const schemaInherited = Object.create(demoSchema) as object;
    expect(diagnosticsOf(base, schemaInherited)[0]!.code).toBe('invalid-schema');
  });
  it('a property named __proto__ is a property like any other', () => {
    const events = [{ productId: 'acme', name: 'x', propertyMapping: JSON.parse('{"__proto__": {"type": ["String"], "column": "Prop3"}, "constructor": {"type": ["Float64"], "column": "Prop4"}}') }];
    const out = compile(q('COUNT(DISTINCT `__proto__`) + SUM(`constructor`)'), { ...demoSchema, events });
    expect(out.sql).toContain('Prop3');
    expect(out.sql).toContain('Prop4');
  });
  it('names of Object.prototype are never built-ins, functions or properties', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(diagnosticsOf(q(`SUM(\`${name}\`)`))[0]!.code).toBe('unknown-name');
      expect(diagnosticsOf(q(`${name}(amount)`))[0]!.code).toBe('unknown-function');
      expect(diagnosticsOf(q('COUNT(*)', { groupBy: [name] }))[0]!.code).toBe('unknown-name');
    }
  });
  it('compile options are read as safely, and can only tighten the bounds', () => {
    expect(analyze(base, demoSchema, { limits: { maxLength: 5 } }).diagnostics[0]!.code).toBe('input-too-long');
    expect(analyze(base, demoSchema, { limits: { maxLength: 1e9 } }).compiled).toBeDefined();
    expect(analyze(base, demoSchema, { limits: { maxLength: -1 } } as never).diagnostics[0]!.code).toBe('invalid-query');
    expect(analyze(base, demoSchema, { get limits(): never { throw new Error('x'); } } as never).diagnostics[0]!.code).toBe('invalid-query');
  });
});

describe('filled buckets stay within what the engine can represent and a bounded output', () => {
  it('a range outside the DateTime years is a diagnostic, not a wrong or failing query', () => {
    for (const [from, to] of [['1960-01-01', '1960-03-01'], ['1969-12-30', '1970-01-03'], ['2100-01-01', '2200-01-01']]) {
      expect(diagnosticsOf(q('COUNT(*)', { from, to, granularity: 'month' }))[0]).toMatchObject({ code: 'invalid-time' });
      expect(compile(q('COUNT(*)', { from, to }), demoSchema).sql).toContain('count()');
    }
  });
  it('too many buckets is a diagnostic; the edges of the allowed range run on the engine', () => {
    expect(diagnosticsOf(q('COUNT(*)', { from: '2024-01-01', to: '2034-01-01', granularity: 'hour' }))[0]).toMatchObject({ code: 'too-many-buckets', path: 'granularity' });
    dataset();
    for (const [from, to, granularity] of [['1970-01-02', '1970-03-01', 'month'], ['2105-11-01', '2106-01-01', 'month'], ['2024-01-01', '2029-01-01', 'day']] as const) {
      const rows = run(compile(q('COUNT(*) + 1', { from, to, granularity }), schema));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => (r[1] as number) >= 1)).toBe(true);
    }
  });
});
