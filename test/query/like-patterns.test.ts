/**
 * docs/language.md §2: LIKE patterns use `%`, `_` and backslash escapes; a pattern ending in a
 * lone backslash (which ClickHouse refuses: "Invalid escape sequence at the end of LIKE pattern")
 * matches a backslash there — a query that compiles runs (§8), whether the pattern is a constant
 * or computed from the data. On chDB, with countries that end in backslashes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compile, demoSchema } from '../../src/index.js';
import type { EmbeddedExecutor } from '../../src/run/index.js';
import { openDemoEngine } from '../fixtures/demo-engine.js';

let engine: EmbeddedExecutor;

beforeAll(async () => {
  engine = await openDemoEngine(1_000, 3);
  // Purchases (country in Prop2) on a day of their own: `a\`, `a\\`, `a%`, `b`.
  const rows = ['a\\\\', 'a\\\\\\\\', 'a%', 'b'].map((c, i) => `('acme', 'u${i}', 'purchase', 'web', '2023-06-01 0${i}:00:00', '1', '', '${c}')`);
  engine.session.query(`INSERT INTO events (ProductID, UserRefID, EventName, Source, Time, Prop0, Prop1, Prop2) VALUES ${rows.join(', ')}`);
});

afterAll(async () => {
  await engine?.close();
});

async function count(formula: string): Promise<unknown> {
  const c = compile({ tenant: 'acme', formula, filter: "event = 'purchase'", from: '2023-06-01', to: '2023-06-02' }, demoSchema);
  const r = await engine.run(c);
  return r.rows[0]!['value'];
}

it('a constant pattern ending in a lone backslash matches a backslash there', async () => {
  // The formula's 'a\\' is the text a\ (one backslash).
  expect(await count("COUNTIF(country LIKE 'a\\\\')")).toBe(1);
  expect(await count("COUNTIF(country NOT ILIKE 'A\\\\')")).toBe(3);
  expect(await count("COUNTIF(country LIKE 'a\\\\\\\\')")).toBe(1); // a\\ : an escaped backslash, then nothing — matches a\ as well
  expect(await count("COUNTIF(country LIKE 'a\\\\%')")).toBe(1); // a\% : a literal %
  expect(await count("COUNTIF(country LIKE 'a%')")).toBe(3);
  expect(await count("COUNTIF(country LIKE '\\\\')")).toBe(0);
});

it('a pattern computed from the data runs too, each row with its own pattern', async () => {
  // Each country as its own pattern: a\ (mended to match itself), a\\ (matches a\, not itself), a% (matches itself), b.
  expect(await count('COUNTIF(country LIKE country)')).toBe(3);
  expect(await count('COUNTIF(LOWER(country) ILIKE UPPER(country))')).toBe(3);
});
