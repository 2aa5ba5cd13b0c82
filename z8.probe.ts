import { check } from './src/index.js';
import { demoSchema } from './src/demo/schema.js';
import { lex } from './src/syntax/lexer.js';
const text = ')'.repeat(262000);
let t = performance.now(); lex(text, 'formula'); console.log('lex', performance.now() - t);
for (let i = 0; i < 5; i++) check({ tenant: 'acme', formula: text, from: '2024-01-01', to: '2024-02-01' }, demoSchema);
