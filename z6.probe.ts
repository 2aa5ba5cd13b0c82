import { compile, check } from './src/index.js';
import { demoSchema } from './src/demo/schema.js';
const q = (formula: string, extra: object = {}) => ({ tenant: 'acme', formula, from: '2024-01-01', to: '2024-02-01', ...extra });
const slots: any[] = []; for (let i = 0; i < 100; i++) slots.push({ productId: 'acme', name: 'ev' + i, propertyMapping: { a: { type: ['Float64'], column: 'Prop' + (i % 100) } } });
const fan = { ...demoSchema, events: slots };
const huge: Record<string, unknown> = {}; for (let i = 0; i < 130000; i++) huge['p' + i] = { type: ['String'], column: 'Prop1' };
const cases: [string, () => unknown][] = [
  ['fan 10000', () => check(q('SUM(COALESCE(' + Array(10000).fill('a').join(', ') + '))'), fan)],
  ['case 10000', () => check(q('SUM(CASE ' + Array(10000).fill('WHEN a > 1 THEN a').join(' ') + ' END)'), fan)],
  ['#a 131072', () => check(q('#a'.repeat(131072)), demoSchema)],
  ['130k props', () => check(q('COUNT(*)'), { ...demoSchema, events: [{ productId: 'acme', name: 'x', propertyMapping: huge }] })],
  ['a a a', () => check(q('a '.repeat(131000)), demoSchema)],
  ['1e999', () => check(q('1e999 + '.repeat(30000) + '1'), demoSchema)],
  ['in 10000', () => check(q("COUNTIF(event IN (" + Array(10000).fill(0).map((_, i) => `'e${i}'`).join(', ') + "))"), demoSchema)],
  ['unknown x 10000', () => check(q('SUM(' + Array(10000).fill(0).map((_, i) => `zz${i}`).join(' + ') + ')'), demoSchema)],
  ['aggs 256', () => check(q(Array(256).fill('SUM(amount)').join(' + ')), demoSchema)],
  ['(((', () => check(q('('.repeat(131000)), demoSchema)],
  [')))', () => check(q(')'.repeat(262000)), demoSchema)],
  ['str', () => check(q("'" + 'x'.repeat(262000)), demoSchema)],
];
for (const [label, f] of cases) {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 3; i++) { const t = performance.now(); const r: any = f(); times.push(performance.now() - t); n = r.diagnostics.length; }
  console.log(label.padEnd(20), times.map((t) => t.toFixed(0)).join(' / '), 'ms; diags', n);
}
