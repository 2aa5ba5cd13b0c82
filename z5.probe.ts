import { compile } from './src/index.js';
import { demoSchema } from './src/demo/schema.js';
const q = (formula: string, extra: object = {}) => ({ tenant: 'acme', formula, from: '2024-01-01', to: '2024-02-01', ...extra });
const slots: any[] = []; for (let i = 0; i < 100; i++) slots.push({ productId: 'acme', name: 'ev' + i, propertyMapping: { a: { type: ['Float64'], column: 'Prop' + (i % 100) } } });
const fan = { ...demoSchema, events: slots };
for (let k = 0; k < 3; k++) { try { compile(q('SUM(COALESCE(' + Array(10000).fill('a').join(', ') + '))'), fan); } catch {} }
for (let k = 0; k < 2; k++) { try { compile(q('SUM(CASE ' + Array(10000).fill('WHEN a > 1 THEN a').join(' ') + ' END)'), fan); } catch {} }
