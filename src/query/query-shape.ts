/** The request shape (API.md `query`), validated with zod; unknown keys are errors (typos). */
import { z } from 'zod';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const QuerySchema = z
  .object({
    tenant: z.string().min(1).max(1024),
    formula: z.string(),
    filter: z.string().optional(),
    from: z.string().max(64),
    to: z.string().max(64),
    granularity: z.enum(GRANULARITIES).optional(),
    timezone: z.string().max(64).optional(),
    groupBy: z.array(z.string().min(1).max(1024)).max(100).optional(),
    limit: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();

export type Query = z.infer<typeof QuerySchema>;
