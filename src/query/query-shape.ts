/** The request shape (docs/api.md `query`), validated with zod; unknown keys are errors (typos). */
import * as z from 'zod/mini';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The most entries of `formulas` (docs/language.md §6). */
export const MAX_FORMULAS = 64;

/**
 * Column name → formula. Not `z.record`: its output assigns keys one by one, so a key named
 * `__proto__` would vanish; this checks every entry and keeps the object (a prototype-free copy).
 */
const FormulasSchema = z.custom<Record<string, string>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length >= 1 && Object.keys(v).length <= MAX_FORMULAS && Object.values(v).every((f) => typeof f === 'string'),
  `expected an object of 1 to ${MAX_FORMULAS} formulas (column name → formula text)`,
);

export const QuerySchema = z.strictObject({
  tenant: z.string().check(z.minLength(1), z.maxLength(1024)),
  formula: z.optional(z.string()),
  /** Several formulas over one scan: one value column per entry, named by its key. */
  formulas: z.optional(FormulasSchema),
  filter: z.optional(z.string()),
  from: z.string().check(z.maxLength(64)),
  to: z.string().check(z.maxLength(64)),
  granularity: z.optional(z.enum(GRANULARITIES)),
  timezone: z.optional(z.string().check(z.maxLength(64))),
  groupBy: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.maxLength(100))),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000_000))),
});

export type Query = z.infer<typeof QuerySchema>;
