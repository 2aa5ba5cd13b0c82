/**
 * A catalogue file (docs/metric-definitions.md): named metrics kept beside the schema, in a file
 * of their own — `{ "$schema": …, "metrics": [ { name, formula, filter?, description?, productId? } ] }`
 * — that definitions name with `"metrics": "FILE"`. Its entries join the schema's own `metrics`
 * (a tenant's entry still hides a shared one; a name defined twice is that name's problem, reported
 * when a formula uses it). `schemas/metrics.schema.json` is generated from this shape.
 */
import * as z from 'zod/mini';
import { MetricEntrySchema, MAX_METRICS } from '../model/schema.js';

export const CatalogueFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  metrics: z.array(MetricEntrySchema).check(z.maxLength(MAX_METRICS)),
});

export type CatalogueFile = z.infer<typeof CatalogueFileSchema>;

/** The schema with the catalogue's entries after its own (a new object: compile caches per object). */
export function withCatalogue<S extends object>(schema: S, catalogue: CatalogueFile): S & { metrics: unknown[] } {
  const own = (schema as { metrics?: unknown }).metrics;
  return { ...schema, metrics: [...(Array.isArray(own) ? own : []), ...catalogue.metrics] };
}
