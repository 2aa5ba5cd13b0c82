/** schemas/metric.schema.json, generated from the zod definition schema (editors complete `$schema`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MetricDefinitionSchema } from '../src/metric/definition.js';
import { CatalogueFileSchema } from '../src/metric/catalogue.js';

export const metricJsonSchema = (): string =>
  `${JSON.stringify({ ...z.toJSONSchema(MetricDefinitionSchema), title: 'metricc metric definition', $id: 'https://metricc.dev/schemas/metric.schema.json' }, null, 2)}\n`;

export const catalogueJsonSchema = (): string =>
  `${JSON.stringify({ ...z.toJSONSchema(CatalogueFileSchema), title: 'metricc catalogue of named metrics', $id: 'https://metricc.dev/schemas/metrics.schema.json' }, null, 2)}\n`;

if (process.argv[1]?.endsWith('metric-json-schema.ts')) {
  writeFileSync(join(import.meta.dirname, '../schemas/metric.schema.json'), metricJsonSchema());
  writeFileSync(join(import.meta.dirname, '../schemas/metrics.schema.json'), catalogueJsonSchema());
}
