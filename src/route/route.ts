/**
 * Rollup routing (docs/rollups.md): a query reads a rollup instead of the events table when — and
 * only when — the answer is provably the same:
 *
 * - the query's rows are all of the rollup's event (the event plan pins them to it);
 * - every aggregate is one of the rollup's measures: the same function and level over the same
 *   arguments *as emitted for that event* (so `sum(amount)` and `SUM(amount)` match, and a
 *   property now in another slot does not); its FILTER conditions, the query's filter and the
 *   group-by read only the rollup's dimensions (or `event`);
 * - every property read is still in the slot, with the types, the rollup was built with;
 * - the grain divides the buckets: an hour rollup (UTC hours) serves any granularity in a zone
 *   whose offsets over the range are whole hours; a day rollup serves days, weeks and months of
 *   its own timezone; the range starts and ends on grain boundaries;
 * - the query is computed from per-group aggregates (no time functions, TOTAL by groups, top N
 *   over buckets, or PER — those read the raw events).
 *
 * Otherwise the query reads the events table, and `refused` says why per rollup.
 */
import type { CheckedQuery, Ir, IrAggregate } from '../model/ir.js';
import { walkIr } from '../model/ir-children.js';
import type { RollupEntry } from '../model/schema.js';
import { typeOfClickHouseName } from '../model/types.js';
import { ParamCollector } from '../emit/params.js';
import { emitMerge, measureCall } from '../emit/aggregate.js';
import type { EmitScope } from '../emit/scope.js';
import { SqlBudget } from '../emit/sql-budget.js';
import { SharedReads } from '../emit/shared-reads.js';
import { planEvents } from '../query/plan.js';
import type { RollupRead } from '../query/select-parts.js';
import type { Granularity } from '../query/query-shape.js';
import { checkQuery } from '../check/check-query.js';
import type { TenantIndex } from '../check/tenant-index.js';
import { DiagnosticSink } from '../diagnostics/index.js';
import type { Limits } from '../limits.js';
import { parseSource } from '../syntax/parse.js';
import { offsetAt, startsBucket } from '../util/time.js';

/** The rollup time column: the start of the row's grain (UTC hour, or day in the rollup's zone). */
export const ROLLUP_TIME = 'bucket_start';

export interface Route {
  /** The table the query reads. */
  readonly table: string;
  /** The rollup it reads, when routed. */
  readonly rollup?: string;
  /** Each rollup of the tenant that was not used, and why. */
  readonly refused: readonly { readonly rollup: string; readonly reason: string }[];
}

export interface RouteInput {
  readonly checked: CheckedQuery;
  readonly index: TenantIndex;
  readonly limits: Limits;
  readonly granularity: Granularity | undefined;
  readonly timezone: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** The query's shape reads per-bucket or per-key rows (time functions, TOTAL by groups, top N over buckets, PER). */
  readonly computedFromRaw: string | undefined;
}

/** A scope for emitting a measure as it is aggregated for the rollup's event (keys, the DDL). */
export function keyScope(index: TenantIndex, event: string): EmitScope {
  const params = new ParamCollector();
  const budget = new SqlBudget(1_000_000);
  return { params, layout: index.layout, rowEvents: [event], tz: () => params.named('tz', 'String', 'UTC'), budget, reads: new SharedReads(budget) };
}

/** What a measure aggregates, as emitted for the event: function, level, arguments and their values. */
export function measureKey(index: TenantIndex, event: string, ir: IrAggregate): string {
  const scope = keyScope(index, event);
  const call = measureCall(scope, ir);
  return JSON.stringify([call.fn, call.level, scope.reads.inline(call.args), scope.params.params()]);
}

/** A declared measure, checked against the tenant's current mapping: one aggregate, no FILTER. */
export function checkMeasure(index: TenantIndex, limits: Limits, text: string): IrAggregate | string {
  const parsed = parseSource(text, 'formula', limits);
  if (!parsed.expr || parsed.diagnostics.some((d) => d.severity === 'error')) return `its measure ${JSON.stringify(text.slice(0, 80))} does not parse`;
  const sink = new DiagnosticSink();
  const checked = checkQuery({ formula: { expr: parsed.expr, text }, filter: undefined, groupBy: [] }, index, limits, sink);
  const ir = checked?.values[0]?.ir;
  if (!checked || sink.hasErrors() || !ir) return `its measure ${JSON.stringify(text.slice(0, 80))} does not check against the mapping (${sink.list()[0]?.message ?? 'unknown error'})`;
  if (ir.kind !== 'aggregate' || ir.conditions.length > 0 || ir.per || ir.perOuter) return `its measure ${JSON.stringify(text.slice(0, 80))} is not one aggregate without FILTER`;
  return ir;
}

/** Whether every offset of `tz` over [from, to) is whole hours (sampled every 6 hours). */
function wholeHourOffsets(tz: string, fromMs: number, toMs: number): boolean {
  const step = Math.max(6 * 3_600_000, Math.ceil((toMs - fromMs) / 20_000));
  for (let t = fromMs; t <= toMs; t += step) if (offsetAt(tz, t) % 3_600_000 !== 0) return false;
  return offsetAt(tz, toMs) % 3_600_000 === 0;
}

function grainReason(r: RollupEntry, input: RouteInput): string | undefined {
  if (r.grain === 'hour') {
    if (input.fromMs % 3_600_000 !== 0 || input.toMs % 3_600_000 !== 0) return 'the range does not start and end on whole hours (the rollup keeps UTC hours)';
    if (input.granularity && !wholeHourOffsets(input.timezone, input.fromMs, input.toMs)) return `${input.timezone} has an offset that is not whole hours in this range, so its buckets do not start on UTC hours`;
    return undefined;
  }
  const zone = r.timezone ?? 'UTC';
  if (input.granularity === 'hour') return 'hour buckets need an hour rollup (this one keeps days)';
  if (input.granularity && zone !== input.timezone) return `the rollup keeps days of ${zone}; the query's buckets are in ${input.timezone}`;
  if (!startsBucket(input.fromMs, 'day', zone) || !startsBucket(input.toMs, 'day', zone)) return `the range does not start and end at midnight ${zone} (the rollup keeps days)`;
  return undefined;
}

const FIELD_NAMES: Record<string, string> = { user: 'user_id', time: 'time', source: 'source', event: 'event' };

/** Why `ir` (a filter, group-by or FILTER condition) cannot be read from the rollup, if it cannot. */
function dimensionReason(r: RollupEntry, index: TenantIndex, ir: Ir): string | undefined {
  for (const node of walkIr(ir)) {
    if (node.kind === 'field') {
      if (node.field === 'event' || (node.field === 'source' && r.dimensions.includes('source'))) continue;
      return `it reads \`${FIELD_NAMES[node.field]}\`, which the rollup does not keep`;
    }
    if (node.kind === 'property') {
      if (!r.dimensions.includes(node.name)) return `it reads \`${node.name}\`, which is not one of the rollup's dimensions`;
      const why = coverageReason(r, index, node.name);
      if (why) return why;
    }
  }
  return undefined;
}

/** Why the rollup's copy of property `name` is not what the mapping says now, if it is not. */
function coverageReason(r: RollupEntry, index: TenantIndex, name: string): string | undefined {
  const built = Object.prototype.hasOwnProperty.call(r.mapping, name) ? r.mapping[name] : undefined;
  const now = index.properties.get(name)?.find((p) => p.event === r.event);
  if (!built || !now) return `the rollup was not built with \`${name}\` of ${JSON.stringify(r.event)}`;
  const builtTypes = built.type.map((t) => typeOfClickHouseName(t));
  if (built.column !== now.slot || builtTypes.length !== now.types.length || builtTypes.some((t, i) => t !== now.types[i])) {
    return `\`${name}\` of ${JSON.stringify(r.event)} is now in ${now.slot} as ${now.types.join('/')}; the rollup was built from ${built.column} as ${builtTypes.join('/')}`;
  }
  return undefined;
}

/** Every aggregate of the formulas (never nested: PER is not routed). */
function aggregatesOf(checked: CheckedQuery): IrAggregate[] {
  return checked.values.flatMap((v) => [...walkIr(v.ir)]).filter((n): n is IrAggregate => n.kind === 'aggregate');
}

/**
 * Each measure's key → its state column, or why a measure cannot be used: computed once per
 * rollup entry (entries belong to a tenant index, itself cached per schema object) and bounds.
 */
const MEASURE_KEYS = new WeakMap<RollupEntry, Map<string, Map<string, string> | string>>();

function measureKeys(r: RollupEntry, index: TenantIndex, limits: Limits): Map<string, string> | string {
  const bounds = `${limits.maxLength}:${limits.maxNesting}:${limits.maxDepth}`;
  let byBounds = MEASURE_KEYS.get(r);
  if (!byBounds) MEASURE_KEYS.set(r, (byBounds = new Map()));
  let keys = byBounds.get(bounds);
  if (keys === undefined) {
    const built = new Map<string, string>();
    keys = built;
    for (const [i, text] of r.measures.entries()) {
      const measure = checkMeasure(index, limits, text);
      if (typeof measure === 'string') {
        keys = measure;
        break;
      }
      built.set(measureKey(index, r.event, measure), `m${i}`);
    }
    byBounds.set(bounds, keys);
  }
  return keys;
}

/** The rollup's reads for this query, or why it cannot serve it. */
function tryRollup(r: RollupEntry, input: RouteInput): RollupRead | string {
  const { checked, index } = input;
  if (input.computedFromRaw) return input.computedFromRaw;
  const rows = planEvents(checked).rowEvents;
  if (rows === undefined) return `the query reads rows of every event; the rollup holds only ${JSON.stringify(r.event)}`;
  if (rows.length !== 1 || rows[0] !== r.event) return `the query reads rows of ${rows.length === 0 ? 'no event' : rows.map((e) => JSON.stringify(e)).join(', ')}; the rollup holds only ${JSON.stringify(r.event)}`;
  const grain = grainReason(r, input);
  if (grain) return grain;
  for (const g of checked.groups) {
    const why = dimensionReason(r, index, g.expr);
    if (why) return `group-by \`${g.name}\`: ${why}`;
  }
  if (checked.filter) {
    const why = dimensionReason(r, index, checked.filter);
    if (why) return `the filter: ${why}`;
  }
  const keys = measureKeys(r, index, input.limits);
  if (typeof keys === 'string') return keys;
  const columns = new Map<IrAggregate, string>();
  for (const agg of aggregatesOf(checked)) {
    const column = keys.get(measureKey(index, r.event, agg));
    if (!column) return `an aggregate of the formula is not one of the rollup's measures (${r.measures.slice(0, 5).join(', ')}${r.measures.length > 5 ? ', …' : ''})`;
    for (const arg of agg.args) {
      for (const node of walkIr(arg)) {
        if (node.kind !== 'property') continue;
        const why = coverageReason(r, index, node.name);
        if (why) return why;
      }
    }
    for (const c of agg.conditions) {
      const why = dimensionReason(r, index, c);
      if (why) return `a FILTER condition: ${why}`;
    }
    columns.set(agg, column);
  }
  return { table: r.table, time: ROLLUP_TIME, merge: (scope, ir) => emitMerge(scope, ir, columns.get(ir)!) };
}

/** The first of the tenant's rollups that serves the query, and why each other one does not. */
/** Rollups considered per tenant (routing cost stays bounded whatever the schema declares). */
export const MAX_TENANT_ROLLUPS = 100;

export function routeQuery(input: RouteInput): { route: Route; read: RollupRead | undefined } {
  const refused: { rollup: string; reason: string }[] = [];
  const all = input.index.rollups;
  if (all.length > MAX_TENANT_ROLLUPS) refused.push({ rollup: all[MAX_TENANT_ROLLUPS]!.table, reason: `only the first ${MAX_TENANT_ROLLUPS} rollups of a tenant are considered; ${all.length - MAX_TENANT_ROLLUPS} more are not` });
  for (const r of all.slice(0, MAX_TENANT_ROLLUPS)) {
    if ('broken' in r) {
      refused.push({ rollup: r.table, reason: r.broken });
      continue;
    }
    const read = tryRollup(r, input);
    if (typeof read !== 'string') return { route: { table: r.table, rollup: r.table, refused }, read };
    refused.push({ rollup: r.table, reason: read });
  }
  return { route: { table: input.index.layout.table, refused }, read: undefined };
}
