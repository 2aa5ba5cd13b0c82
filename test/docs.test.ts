import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsDoc } from '../scripts/functions-doc.js';

it('docs/functions.md is generated from the current catalogue (run `npm run docs`)', () => {
  expect(readFileSync(join(import.meta.dirname, '../docs/functions.md'), 'utf8')).toBe(functionsDoc());
});
