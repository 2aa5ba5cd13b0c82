/** The metric definition shape (zod) and its conversion to a query against a clock. */
import { z } from 'zod';
import { GRANULARITIES } from '../query/query-shape.js';

const RELATIVE = /^(\d{1,5})\s*(hour|day|week|month)s?$/;

export const RangeSchema = z.union([
  z.object({ last: z.string().regex(RELATIVE, 'write a count and a unit, as in "30 days" or "12 hours"') }).strict(),
  z.object({ from: z.string(), to: z.string() }).strict(),
]);

export const MetricDefinitionSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    /** The schema file this metric compiles against, relative to the definition file. */
    schema: z.string().min(1),
    tenant: z.string().min(1),
    formula: z.string().min(1),
    filter: z.string().optional(),
    range: RangeSchema,
    granularity: z.enum(GRANULARITIES).optional(),
    timezone: z.string().optional(),
    groupBy: z.array(z.string()).optional(),
    limit: z.number().int().positive().optional(),
  })
  .strict();

export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;

const UNIT_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;

/** `{ last: '30 days' }` against `now` → ISO bounds; absolute ranges pass through. */
export function resolveRange(range: MetricDefinition['range'], now: Date): { from: string; to: string } {
  if ('from' in range) return { from: range.from, to: range.to };
  const m = RELATIVE.exec(range.last)!;
  const n = Number(m[1]);
  const unit = m[2] as 'hour' | 'day' | 'week' | 'month';
  const to = new Date(now.getTime());
  const from = new Date(now.getTime());
  if (unit === 'month') from.setUTCMonth(from.getUTCMonth() - n);
  else from.setTime(from.getTime() - n * UNIT_MS[unit]);
  return { from: from.toISOString(), to: to.toISOString() };
}

export function toQuery(def: MetricDefinition, now: Date): Record<string, unknown> {
  return {
    tenant: def.tenant,
    formula: def.formula,
    ...(def.filter !== undefined ? { filter: def.filter } : {}),
    ...resolveRange(def.range, now),
    ...(def.granularity ? { granularity: def.granularity } : {}),
    ...(def.timezone ? { timezone: def.timezone } : {}),
    ...(def.groupBy ? { groupBy: def.groupBy } : {}),
    ...(def.limit ? { limit: def.limit } : {}),
  };
}
