/** The request shape (docs/api.md `query`), validated with zod; unknown keys are errors (typos). */
import * as z from 'zod/mini';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const QuerySchema = z.strictObject({
  tenant: z.string().check(z.minLength(1), z.maxLength(1024)),
  formula: z.string(),
  filter: z.optional(z.string()),
  from: z.string().check(z.maxLength(64)),
  to: z.string().check(z.maxLength(64)),
  granularity: z.optional(z.enum(GRANULARITIES)),
  timezone: z.optional(z.string().check(z.maxLength(64))),
  groupBy: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(1024))).check(z.maxLength(100))),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000_000))),
});

export type Query = z.infer<typeof QuerySchema>;
