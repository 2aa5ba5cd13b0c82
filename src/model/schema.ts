/**
 * The schema shape (docs/api.md): the table layout plus the mapping documents, as zod schemas that
 * applications can reuse to validate their own configuration. Shape only; the meaning checks
 * (slots exist, no two properties share a slot, types are known) are in `tenant-index.ts`.
 */
import * as z from 'zod/mini';
import { parseShape } from '../util/shape.js';

/** The most entries a metric catalogue may hold. */
export const MAX_METRICS = 10_000;
export const MAX_ROLLUPS = 1_000;
/** The most slots a layout may declare. */
const MAX_SLOTS = 1000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const identifier = z.string().check(z.regex(IDENTIFIER, 'must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)'));

export const PropertyMappingEntrySchema = z.object({
  type: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(16)),
  column: z.string().check(z.maxLength(200)),
});
export type PropertyMappingEntry = z.infer<typeof PropertyMappingEntrySchema>;

/**
 * Property name → entry. Not `z.record`: its output assigns keys one by one, so a property an SDK
 * named `__proto__` would silently vanish (it sets the copy's prototype instead). This validates
 * every entry and keeps the object it was given; `compile` hands it a prototype-free copy.
 */
const PropertyMappingSchema = z.custom<Record<string, PropertyMappingEntry>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object of property entries').check(
  z.superRefine((mapping, ctx) => {
    const names = Object.keys(mapping);
    // Each property needs a slot of its own, and a layout has at most 1,000 slots: a longer
    // document is wrong as a whole, and is not worth reading entry by entry.
    if (names.length > MAX_SLOTS) {
      ctx.addIssue({ code: 'custom', message: `a mapping document maps ${names.length} properties; at most ${MAX_SLOTS} fit (one per slot)`, path: [] });
      return;
    }
    for (const name of names) {
      const entry = parseShape(PropertyMappingEntrySchema, (mapping as Record<string, unknown>)[name]);
      if (entry.success) continue;
      for (const issue of entry.error.issues.slice(0, 5)) ctx.addIssue({ code: 'custom', message: issue.message, path: [name, ...issue.path] });
    }
  }),
);

export const EventMappingSchema = z.object({
  productId: z.string(),
  name: z.string(),
  propCounter: z.optional(z.number().check(z.int(), z.nonnegative())),
  propertyMapping: PropertyMappingSchema,
});

export const SchemaSchema = z.object({
  table: z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be `table` or `database.table` of plain identifiers')),
  columns: z.object({
    tenant: identifier,
    user: identifier,
    event: identifier,
    source: identifier,
    time: identifier,
  }),
  slots: z.object({
    prefix: identifier,
    count: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_SLOTS)),
  }),
  events: z.array(EventMappingSchema),
  /**
   * The named-metric catalogue (docs/language.md §6). Entries are read one by one when a formula
   * references them: a broken entry nobody reaches never fails a compile.
   */
  metrics: z.optional(z.array(z.unknown()).check(z.maxLength(MAX_METRICS))),
  /**
   * Rollup tables (docs/rollups.md): read one by one for the query's tenant; a broken entry is
   * refused for routing (and says why), never a failed compile.
   */
  rollups: z.optional(z.array(z.unknown()).check(z.maxLength(MAX_ROLLUPS))),
});

/**
 * A rollup: an AggregatingMergeTree table of one tenant's one event, per time grain, holding the
 * raw values of its dimensions and one aggregate state per measure (`metricc rollup` prints it).
 */
export const RollupEntrySchema = z.strictObject({
  /** The table, `table` or `database.table`. */
  table: z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be `table` or `database.table` of plain identifiers')),
  productId: z.string(),
  event: z.string(),
  grain: z.enum(['hour', 'day']),
  /** Where days start (day grain; default UTC). Hour grain is UTC hours. */
  timezone: z.optional(z.string()),
  /** Built-in `source` and property names of the event, kept as their raw slot values. */
  dimensions: z.array(z.string()).check(z.maxLength(64)),
  /** One aggregate per entry (`SUM(amount)`, `COUNT(DISTINCT user_id)`…): state column `m0`, `m1`… */
  measures: z.array(z.string().check(z.maxLength(4096))).check(z.minLength(1), z.maxLength(128)),
  /** The mapping the rollup was built with: the slot and types of every property it reads. */
  mapping: z.record(z.string(), z.object({ column: z.string(), type: z.array(z.string()) })),
});
export type RollupEntry = z.infer<typeof RollupEntrySchema>;

/** One named metric: `productId` makes it that tenant's own (it hides a shared one of its name). */
export const MetricEntrySchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(256)),
  formula: z.string(),
  filter: z.optional(z.string()),
  description: z.optional(z.string()),
  productId: z.optional(z.string()),
});
export type MetricEntry = z.infer<typeof MetricEntrySchema>;

export type EventMapping = z.infer<typeof EventMappingSchema>;
export type Schema = z.infer<typeof SchemaSchema>;
