/**
 * The playground's DOM-free parts: the URL state round trip, the SQL display formatter, and the
 * page's file:// notice (run here in a sandbox with a stand-in document).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { encodeState, decodeState, toQuery, comparisonQuery, DEFAULT_STATE, type PlaygroundState } from '../../playground/src/state.js';
import { formatSql, paramTypes } from '../../playground/src/panels/sql-format.js';
import { compile, demoSchema } from '../../src/index.js';

describe('URL state', () => {
  it('round-trips every field, an edited schema included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          formula: fc.string(), filter: fc.string(), tenant: fc.string(), from: fc.string(), to: fc.string(),
          granularity: fc.constantFrom('', 'hour', 'day', 'week', 'month' as const), timezone: fc.string(), groupBy: fc.string(), limit: fc.string(), compare: fc.constantFrom('', '1', '7', '52'),
          schemaText: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        }),
        async (s) => {
          const state = s as PlaygroundState;
          expect(await decodeState(`#${await encodeState(state)}`)).toEqual(state);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('builds the comparison query: the formula n buckets earlier, only where it can compile', () => {
    const s: PlaygroundState = { ...DEFAULT_STATE, formula: 'SUM(amount) / 2', granularity: 'day', compare: '7' };
    const q = comparisonQuery(s)!;
    expect(q['formula']).toBe('PREVIOUS(SUM(amount) / 2, 7)');
    expect(compile(q, demoSchema).sql).toContain('ROWS BETWEEN 7 PRECEDING AND 7 PRECEDING');
    expect(comparisonQuery({ ...s, granularity: '' })).toBeUndefined();
    expect(comparisonQuery({ ...s, compare: '' })).toBeUndefined();
    expect(comparisonQuery({ ...s, formula: 'rolling(SUM(amount), 7)' })).toBeUndefined();
  });
  it('keeps defaults for missing or unreadable parts', async () => {
    expect(await decodeState('')).toEqual(DEFAULT_STATE);
    expect(await decodeState('#granularity=fortnight&schema=%%%')).toEqual(DEFAULT_STATE);
  });
  it('builds the query the compiler takes', () => {
    const q = toQuery({ ...DEFAULT_STATE, groupBy: ' country, ,source ', limit: '10', filter: '  ' });
    expect(q).toMatchObject({ groupBy: ['country', 'source'], limit: 10 });
    expect(q).not.toHaveProperty('filter');
    expect(() => compile(q, demoSchema)).not.toThrow();
  });
});

describe('SQL display', () => {
  // Without buckets the first SELECT is the one with the formula (with buckets it is the filling's).
  const out = compile({ tenant: 'acme', formula: "SUM(amount) / COUNT(DISTINCT user_id)", groupBy: ['country'], from: '2024-03-01', to: '2024-03-08' }, demoSchema);
  it('puts each SELECT item on its own line and changes nothing else', () => {
    const shown = formatSql(out.sql);
    expect(shown.split('\n').slice(0, 3)).toEqual([
      'SELECT',
      expect.stringMatching(/^ {4}multiIf\(.*\) AS `country`,$/),
      expect.stringMatching(/^ {4}sumOrNull\(.*\) AS value$/),
    ]);
    expect(shown.replace(/\s+/g, '')).toBe(out.sql.replace(/\s+/g, ''));
  });
  it('reads every placeholder type', () => {
    const types = Object.fromEntries(paramTypes(out.sql));
    expect(types).toMatchObject({ tenant: 'String', from: "DateTime64(3, 'UTC')", to: "DateTime64(3, 'UTC')", p1: 'Array(String)' });
    expect(Object.keys(types).sort()).toEqual(Object.keys(out.params).sort());
  });
});

describe('opened from disk (issue 11 item 15)', () => {
  const html = readFileSync(new URL('../../playground/index.html', import.meta.url), 'utf8');
  // The classic (non-module) inline scripts: the only code a browser runs for a page from file://.
  const classic = [...html.matchAll(/<script(?![^>]*type="module")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('\n');
  const page = (protocol: string) => {
    const mode = { textContent: 'checking for the engine…', dataset: { mode: 'probing' } as Record<string, string> };
    runInNewContext(classic, { location: { protocol }, document: { getElementById: (id: string) => (id === 'mode' ? mode : null) } });
    return mode;
  };
  it('a classic script says to serve the page over HTTP', () => {
    const mode = page('file:');
    expect(mode.dataset['mode']).toBe('file');
    expect(mode.textContent).toMatch(/over HTTP/);
    expect(mode.textContent).toContain('npm run playground -- --dist');
    expect(mode.textContent).toContain('npx vite preview');
  });
  it('leaves a page served over HTTP alone', () => {
    expect(page('http:')).toMatchObject({ textContent: 'checking for the engine…', dataset: { mode: 'probing' } });
  });
});
