import { check } from './src/index.js';
import { demoSchema } from './src/demo/schema.js';
const q = (formula: string, extra: object = {}) => ({ tenant: 'acme', formula, from: '2024-01-01', to: '2024-02-01', ...extra });
const slots: any[] = []; for (let i = 0; i < 100; i++) slots.push({ productId: 'acme', name: 'ev' + i, propertyMapping: { a: { type: ['Float64'], column: 'Prop' + (i % 100) } } });
const fan = { ...demoSchema, events: slots };
const which = process.argv[2];
for (let i = 0; i < 5; i++) {
  if (which === 'fan') check(q('SUM(COALESCE(' + Array(10000).fill('a').join(', ') + '))'), fan);
  else check(q('1e999 + '.repeat(30000) + '1'), demoSchema);
}
