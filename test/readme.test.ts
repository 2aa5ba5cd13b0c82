/** The README's 30-second example, checked so the front page cannot lie. */
import { expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, CompileError } from '../src/index.js';

const schema = {
  table: 'events',
  columns: { tenant: 'ProductID', user: 'UserRefID', event: 'EventName', source: 'Source', time: 'Time' },
  slots: { prefix: 'Prop', count: 100 },
  events: [
    { productId: 'acme', name: 'purchase', propertyMapping: { amount: { type: ['Float64'], column: 'Prop0' }, country: { type: ['String'], column: 'Prop2' } } },
  ],
};

it('the README example compiles as shown', () => {
  const out = compile({ tenant: 'acme', formula: 'SUM(amount) / COUNT(DISTINCT user_id)', filter: "event = 'purchase'", from: '2024-01-01', to: '2024-02-01', granularity: 'day' }, schema);
  expect(out.sql.startsWith('SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`\nFROM (\n')).toBe(true);
  expect(out.sql).toContain('SELECT toDate(`Time`, {tz:String}) AS bucket, sumOrNull(');
  expect(out.sql).toContain('/ nullIf(uniqExact(UserRefID), 0) AS value\n    FROM `events`\n    WHERE ProductID = {tenant:String}');
  expect(out.sql).toContain('ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, \'UTC\')}, {tz:String})');
  expect(out.params).toEqual({ tz: 'UTC', tenant: 'acme', from: '2024-01-01 00:00:00.000', to: '2024-02-01 00:00:00.000', p0: 'purchase' });
  expect(out.columns).toEqual([{ name: 'bucket', type: 'datetime' }, { name: 'value', type: 'number' }]);
  let caught: unknown;
  try {
    compile({ tenant: 'acme', formula: 'SUM(amout)', from: '2024-01-01', to: '2024-02-01' }, schema);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CompileError);
  expect((caught as CompileError).diagnostics[0]).toEqual({
    code: 'unknown-name',
    message: 'unknown name `amout`; did you mean `amount`?',
    source: 'formula',
    start: 4,
    end: 9,
    line: 1,
    column: 5,
    suggestions: ['amount'],
    severity: 'error',
  });
});

it('the repository stands alone: no doc or code points into ../shared (issue 11 item 13)', () => {
  const root = join(import.meta.dirname, '..');
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.(md|ts)$/.test(entry.name) && /shared\/spec|LANGUAGE\.md|CLICKHOUSE-NOTES/.test(readFileSync(join(root, rel), 'utf8'))) offenders.push(rel);
    }
  };
  for (const dir of ['src', 'docs', 'playground/src', 'playground/server', 'scripts']) walk(dir);
  if (/shared\/spec/.test(readFileSync(join(root, 'README.md'), 'utf8'))) offenders.push('README.md');
  expect(offenders).toEqual([]);
});
