/**
 * A tenant's events and properties as an editor shows them: per event its properties with slot and
 * types; per property every event that has it. Built on the same index the checker uses, so the
 * schema panel, completion and hover agree with compile results.
 */
import { tenantIndex } from '../check/tenant-index.js';
import type { Type } from '../model/types.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { EventSet } from '../util/sets.js';

export interface PropertySlot {
  readonly event: string;
  readonly slot: string;
  readonly types: readonly Type[];
}

export interface PropertyInfo {
  readonly name: string;
  /** Union of the types over all events. */
  readonly types: readonly Type[];
  readonly slots: readonly PropertySlot[];
}

export interface EventInfo {
  readonly name: string;
  readonly properties: readonly { readonly name: string; readonly slot: string; readonly types: readonly Type[] }[];
}

/** A named metric of the catalogue as the tenant sees it (or why it cannot be used). */
export interface MetricInfo {
  readonly name: string;
  readonly formula?: string;
  readonly filter?: string;
  readonly description?: string;
  readonly broken?: string;
}

export interface TenantDescription {
  readonly tenant: string;
  readonly metrics: readonly MetricInfo[];
  readonly events: readonly EventInfo[];
  readonly properties: readonly PropertyInfo[];
  readonly diagnostics: readonly Diagnostic[];
}

export function describeTenant(schema: unknown, tenant: string): TenantDescription {
  const { index, diagnostics } = tenantIndex(schema, tenant);
  if (!index) return { tenant, events: [], properties: [], metrics: [], diagnostics };
  const byEvent = new Map<string, { name: string; slot: string; slotIndex: number; types: readonly Type[] }[]>(index.events.map((e) => [e, []]));
  const properties: PropertyInfo[] = [];
  for (const [name, entries] of index.properties) {
    properties.push({ name, types: [...new Set(entries.flatMap((e) => e.types))], slots: entries.map(({ event, slot, types }) => ({ event, slot, types })) });
    for (const e of entries) byEvent.get(e.event)?.push({ name, slot: e.slot, slotIndex: e.slotIndex, types: e.types });
  }
  properties.sort((a, b) => (a.name < b.name ? -1 : 1));
  const events = [...byEvent].map(([name, props]) => ({
    name,
    properties: props.sort((a, b) => a.slotIndex - b.slotIndex).map(({ name: n, slot, types }) => ({ name: n, slot, types })),
  }));
  const metrics = [...index.metrics].map(([name, m]): MetricInfo => ('broken' in m ? { name, broken: m.broken } : { name, formula: m.formula, ...(m.filter ? { filter: m.filter } : {}), ...(m.description ? { description: m.description } : {}) }));
  return { tenant, events, properties, metrics, diagnostics };
}

/** The property's entries on the events in scope (all of them when the scope is every event). */
export function slotsInScope(p: PropertyInfo, scope: EventSet | undefined): readonly PropertySlot[] {
  if (scope === undefined) return p.slots;
  const s = new Set(scope);
  return p.slots.filter((e) => s.has(e.event));
}
