/** The metric definition shape (zod) and its conversion to a query against a clock. */
import * as z from 'zod/mini';
import { GRANULARITIES } from '../query/query-shape.js';

const RELATIVE = /^(\d{1,5})\s*(hour|day|week|month)s?$/;

export const RangeSchema = z.union([
  z.strictObject({ last: z.string().check(z.regex(RELATIVE, 'write a count and a unit, as in "30 days" or "12 hours"')) }),
  z.strictObject({ from: z.string(), to: z.string() }),
]);

export const MetricDefinitionSchema = z.strictObject({
  $schema: z.optional(z.string()),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  description: z.optional(z.string().check(z.maxLength(2000))),
  /** The schema file this metric compiles against, relative to the definition file. */
  schema: z.string().check(z.minLength(1)),
  /** A catalogue file of named metrics (relative to the definition file); its entries join the schema's. */
  metrics: z.optional(z.string().check(z.minLength(1))),
  tenant: z.string().check(z.minLength(1)),
  formula: z.optional(z.string().check(z.minLength(1))),
  /** Several formulas over one scan (docs/language.md §6), instead of `formula`. */
  formulas: z.optional(z.record(z.string(), z.string().check(z.minLength(1)))),
  filter: z.optional(z.string()),
  range: RangeSchema,
  granularity: z.optional(z.enum(GRANULARITIES)),
  timezone: z.optional(z.string()),
  groupBy: z.optional(z.array(z.string())),
  limit: z.optional(z.number().check(z.int(), z.positive())),
}).check(z.refine((d) => (d.formula === undefined) !== (d.formulas === undefined), { message: 'give `formula` or `formulas` (several, one column each), exactly one of them' }));

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
    ...(def.formulas !== undefined ? { formulas: def.formulas } : { formula: def.formula }),
    ...(def.filter !== undefined ? { filter: def.filter } : {}),
    ...resolveRange(def.range, now),
    ...(def.granularity ? { granularity: def.granularity } : {}),
    ...(def.timezone ? { timezone: def.timezone } : {}),
    ...(def.groupBy ? { groupBy: def.groupBy } : {}),
    ...(def.limit ? { limit: def.limit } : {}),
  };
}
