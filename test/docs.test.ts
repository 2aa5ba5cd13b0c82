import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsDoc } from '../scripts/functions-doc.js';
import { diagramsHtml } from '../scripts/grammar.js';
import { engineWordsSource } from '../scripts/engine-words.js';
import { cstTypesSource } from '../scripts/cst-types.js';

it('docs/functions.md is generated from the current catalogue (run `npm run docs`)', () => {
  expect(readFileSync(join(import.meta.dirname, '../docs/functions.md'), 'utf8')).toBe(functionsDoc());
});

it('grammar/diagrams.html is generated from the current parser (run `npm run grammar`)', () => {
  expect(readFileSync(join(import.meta.dirname, '../grammar/diagrams.html'), 'utf8')).toBe(diagramsHtml());
});

it('src/util/engine-words.ts holds the engine\'s own timezones and keywords (run `npm run docs`)', () => {
  expect(readFileSync(join(import.meta.dirname, '../src/util/engine-words.ts'), 'utf8')).toBe(engineWordsSource());
});

it('src/syntax/cst.ts holds the CST types of the current grammar (run `npm run docs`)', () => {
  expect(readFileSync(join(import.meta.dirname, '../src/syntax/cst.ts'), 'utf8')).toBe(cstTypesSource());
});
