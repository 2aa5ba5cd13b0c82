/**
 * Golden tests: SQL and params pinned in files (rewritten only with UPDATE_GOLDEN=1, via
 * `npm run golden:update`), and every case run on chdb against the oracle's expected rows.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/index.js';
import { schema } from '../fixtures/schema.js';
import { dataset, run } from '../fixtures/engine.js';
import { expectRows } from '../fixtures/compare.js';
import { CASES } from './cases.js';

const DIR = join(import.meta.dirname, 'sql');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function golden(file: string, actual: string): void {
  const path = join(DIR, file);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${file}: run \`npm run golden:update\` and review the diff`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden SQL', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = compile(c.query, schema);
      golden(`${c.name}.sql`, `${out.sql}\n`);
      golden(`${c.name}.params.json`, `${JSON.stringify(out.params, null, 2)}\n`);
    });
  }
});

describe('golden cases on the engine', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const rows = dataset();
      const out = compile(c.query, schema);
      expectRows(run(out), c.expected(rows));
    });
  }
});
