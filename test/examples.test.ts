/** The examples, the generated files beside them, and `npm start` itself. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { compile, MetricDefinitionSchema, toQuery, demoSchema, DEMO_NOW, CatalogueFileSchema, withCatalogue } from '../src/index.js';
import { demoSchemaJson } from '../scripts/demo-schema-json.js';
import { catalogueJsonSchema, metricJsonSchema } from '../scripts/metric-json-schema.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.metric.json')).sort();

describe('examples', () => {
  it('there are at least 15', () => expect(files.length).toBeGreaterThanOrEqual(15));
  for (const file of files) {
    it(`${file} is a valid definition that compiles without warnings`, () => {
      const def = MetricDefinitionSchema.parse(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')));
      expect(def.schema).toBe('demo.schema.json');
      const schema = def.metrics ? withCatalogue(demoSchema, CatalogueFileSchema.parse(JSON.parse(readFileSync(join(EXAMPLES, def.metrics), 'utf8')))) : demoSchema;
      const out = compile(toQuery(def, new Date(DEMO_NOW)), schema);
      expect(out.diagnostics).toEqual([]);
    });
  }
  it('demo.schema.json, schemas/metric.schema.json and schemas/metrics.schema.json are generated from the sources (npm run docs)', () => {
    expect(readFileSync(join(EXAMPLES, 'demo.schema.json'), 'utf8')).toBe(demoSchemaJson());
    expect(readFileSync(join(ROOT, 'schemas/metric.schema.json'), 'utf8')).toBe(metricJsonSchema());
    expect(readFileSync(join(ROOT, 'schemas/metrics.schema.json'), 'utf8')).toBe(catalogueJsonSchema());
  });
  it('resolves relative ranges against the clock', () => {
    expect(toQuery(MetricDefinitionSchema.parse({ name: 'x', schema: 's', tenant: 't', formula: 'COUNT(*)', range: { last: '7 days' } }), new Date('2024-03-31T00:00:00Z'))).toMatchObject({
      from: '2024-03-24T00:00:00.000Z',
      to: '2024-03-31T00:00:00.000Z',
    });
  });
});

describe('npm start', () => {
  it('builds a demo dataset and runs every example on the embedded engine', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/start.ts')], {
      cwd: ROOT,
      env: { ...process.env, DEMO_ROWS: '30000' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    for (const file of files) expect(out).toContain(`(${file})`);
    expect(out).not.toContain('failed');
    expect(out).toMatch(/bucket\s+value/);
  }, 150_000);
});
