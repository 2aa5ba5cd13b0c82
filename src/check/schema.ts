/**
 * The schema shape (API.md): the table layout plus the mapping documents, as zod schemas that
 * applications can reuse to validate their own configuration. Shape only; the meaning checks
 * (slots exist, no two properties share a slot, types are known) are in `tenant-index.ts`.
 */
import { z } from 'zod';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const identifier = z.string().regex(IDENTIFIER, 'must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)');

export const PropertyMappingEntrySchema = z.object({
  type: z.array(z.string().max(200)).max(16),
  column: z.string().max(200),
});

export const EventMappingSchema = z.object({
  productId: z.string(),
  name: z.string(),
  propCounter: z.number().int().nonnegative().optional(),
  propertyMapping: z.record(z.string(), PropertyMappingEntrySchema),
});

export const SchemaSchema = z.object({
  table: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'must be `table` or `database.table` of plain identifiers'),
  columns: z.object({
    tenant: identifier,
    user: identifier,
    event: identifier,
    source: identifier,
    time: identifier,
  }),
  slots: z.object({
    prefix: identifier,
    count: z.number().int().min(1).max(1000),
  }),
  events: z.array(EventMappingSchema),
});

export type PropertyMappingEntry = z.infer<typeof PropertyMappingEntrySchema>;
export type EventMapping = z.infer<typeof EventMappingSchema>;
export type Schema = z.infer<typeof SchemaSchema>;
