/**
 * Name resolution (docs/language.md §3, §6): a built-in field, else a property of the tenant, read
 * from the slots of the events in scope. Physical column names are never names. A property
 * outside an aggregate in a formula is an error (a metric is computed per result row).
 */
import type { Name } from '../ast/nodes.js';
import type { Ir, SlotRead } from '../model/ir.js';
import { lookupBuiltin, BUILTINS } from '../model/builtins.js';
import type { PropertyEntry } from './tenant-index.js';
import { POISON, report, type CheckContext, type Place } from './context.js';
import { checkMetricReference } from './check-metric.js';
import { suggest } from '../diagnostics/index.js';
import { eventSet } from '../util/sets.js';
import { looksLikeSlot } from '../model/layout.js';
import type { Type } from '../model/types.js';

function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

function bareReference(ctx: CheckContext, e: Name): Ir {
  // Suggestions scan the catalogue: only for diagnostics that will be shown.
  if (ctx.diagnostics.full) {
    ctx.diagnostics.omit(1, true);
    return POISON;
  }
  const metrics = ctx.metrics.names();
  const near = metrics.length > 0 ? suggest(e.name, metrics) : [];
  const hint = near.length > 0 ? ` (or did you mean the metric \`${near[0]}\`?)` : '';
  report(ctx, 'bare-reference', e.span, `\`${e.name}\` must be inside an aggregate such as SUM(${e.name}) or COUNT(DISTINCT ${e.name}): a metric has one value per result row; wrap it in an aggregate${hint}`, near.length > 0 ? { suggestions: near } : undefined);
  return POISON;
}

function unknownName(ctx: CheckContext, e: Name, inAggregate: boolean): Ir {
  // A property whose mapping entry was rejected has its schema diagnostic already.
  if (ctx.tenant.broken.has(e.name)) return POISON;
  // Suggestions scan every name of the tenant: only for diagnostics that will be shown.
  if (ctx.diagnostics.full) {
    ctx.diagnostics.omit(1, true);
    return POISON;
  }
  // Outside aggregates, metric names are what a name can mean: suggest those first.
  const metricNames = ctx.source === 'formula' && !inAggregate ? ctx.metrics.names() : [];
  const nearMetrics = metricNames.length > 0 ? suggest(e.name, metricNames) : [];
  const candidates = [...Object.keys(BUILTINS), ...ctx.tenant.properties.keys()];
  const suggestions = [...nearMetrics, ...suggest(e.name, candidates)].slice(0, 5);
  const physical = looksLikeSlot(e.name, ctx.tenant.layout.slots) || Object.values(ctx.tenant.layout.columns).includes(e.name);
  const hint = physical ? ' (table columns are not names in formulas; use the property name)' : nearMetrics.length > 0 ? `; did you mean the metric \`${nearMetrics[0]}\`?` : suggestions.length > 0 ? `; did you mean \`${suggestions[0]}\`?` : '';
  report(ctx, 'unknown-name', e.span, `unknown name \`${e.name}\`${hint}`, { suggestions });
  return POISON;
}

/** Group entries by slot (ascending slot number), each with its events. */
export function slotReads(entries: readonly PropertyEntry[]): SlotRead[] {
  const bySlot = new Map<number, { slot: string; events: string[] }>();
  for (const entry of entries) {
    const group = bySlot.get(entry.slotIndex) ?? { slot: entry.slot, events: [] };
    group.events.push(entry.event);
    bySlot.set(entry.slotIndex, group);
  }
  return [...bySlot.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => ({ slot: g.slot, events: eventSet(g.events) }));
}

/** Types recorded for the entries, in first-seen order (events sorted by name). */
export function recordedTypes(entries: readonly PropertyEntry[]): Type[] {
  const out: Type[] = [];
  for (const entry of entries) for (const t of entry.types) if (!out.includes(t)) out.push(t);
  return out;
}

export type PropertyResolution =
  | { readonly ok: true; readonly entries: readonly PropertyEntry[]; readonly types: readonly Type[] }
  | { readonly ok: false; readonly message: string; readonly code: 'property-not-in-scope' | 'property-without-type' };

/** The entries of `name` within `scope` (undefined: every event that records it). */
export function resolveProperty(all: readonly PropertyEntry[], name: string, scope: readonly string[] | undefined): PropertyResolution {
  const scopeSet = scope ? new Set(scope) : undefined;
  const entries = scopeSet ? all.filter((p) => scopeSet.has(p.event)) : all;
  if (entries.length === 0) {
    const where = listNames(all.map((p) => p.event));
    const inScope = scope && scope.length > 0 ? `the event${scope.length > 1 ? 's' : ''} in scope here (${listNames(scope)})` : 'any event in scope here (the event conditions exclude each other)';
    return { ok: false, code: 'property-not-in-scope', message: `\`${name}\` is not recorded on ${inScope}; it is recorded on ${where}` };
  }
  const types = recordedTypes(entries);
  if (types.length === 0) return { ok: false, code: 'property-without-type', message: `\`${name}\` has no usable type in the mapping documents` };
  return { ok: true, entries, types };
}

export function checkName(ctx: CheckContext, e: Name, place: Place): Ir {
  // Outside any aggregate, a name of the metric catalogue is a reference (docs/language.md §6).
  if (ctx.source === 'formula' && !place.inAggregate) {
    const metric = ctx.metrics.lookup(e.name);
    if (metric) return checkMetricReference(ctx, e, metric, place);
  }
  const builtin = lookupBuiltin(e.name);
  if (builtin) {
    if (ctx.source === 'formula' && !place.inAggregate) return bareReference(ctx, e);
    return { kind: 'field', field: builtin.field, type: builtin.type, nullable: false };
  }
  const all = ctx.tenant.properties.get(e.name);
  if (!all) return unknownName(ctx, e, place.inAggregate);
  if (ctx.source === 'formula' && !place.inAggregate) return bareReference(ctx, e);
  const known = ctx.properties.get(place.scope ?? UNSCOPED)?.get(e.name);
  if (known) return known;
  const resolved = resolveProperty(all, e.name, place.scope);
  if (!resolved.ok) {
    report(ctx, resolved.code, e.span, resolved.message);
    return POISON;
  }
  const ir: Ir = { kind: 'property', name: e.name, type: resolved.types[0]!, types: resolved.types, reads: slotReads(resolved.entries), nullable: true };
  remember(ctx, place.scope, e.name, ir);
  return ir;
}

/**
 * A name resolves the same way wherever the same events are in scope, so each (scope, name) is
 * resolved once: a formula referencing a property kept in 100 slots 10,000 times does the work
 * of one reference, and every reference shares one `reads` list (the emitter relies on that).
 */
const UNSCOPED: readonly string[] = [];

function remember(ctx: CheckContext, scope: readonly string[] | undefined, name: string, ir: Ir): void {
  const key = scope ?? UNSCOPED;
  let byName = ctx.properties.get(key);
  if (!byName) ctx.properties.set(key, (byName = new Map()));
  byName.set(name, ir);
}
