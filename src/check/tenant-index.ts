/**
 * A tenant's view of the schema: its mapping documents validated and indexed by property name.
 * Mapping documents come from SDKs and are untrusted. Every entry of this tenant's documents is
 * checked — the slot must be exactly one of the declared slots (`Prop0`…`Prop{count-1}`, no
 * leading zeros), its types must be ClickHouse names we read, no two properties of one event may
 * share a slot, and an event may be described once — and any failure is an error diagnostic that
 * stops the compile. Other tenants' documents are never read.
 *
 * Indexes are cached per schema object (a WeakMap) and per tenant: zod's parse deep-copies the
 * schema, so later mutation of the caller's object cannot reach the cache — it only goes stale;
 * pass a new object after a change.
 */
import { parseShape } from '../util/shape.js';
import { MetricEntrySchema, RollupEntrySchema, SchemaSchema, type EventMapping, type MetricEntry, type RollupEntry, type Schema } from '../model/schema.js';
import { typeOfClickHouseName, type Type } from '../model/types.js';
import { DiagnosticSink, fieldDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import { ownData } from '../util/own-data.js';
import { sha256Hex } from '../util/sha256.js';
import { canonicalJson } from '../util/canonical-json.js';
import { eventSet, type EventSet } from '../util/sets.js';
import { isReservedName, looksLikeSlot, slotIndex, type Layout } from '../model/layout.js';

export type { Layout };

export interface PropertyEntry {
  readonly event: string;
  readonly slot: string;
  readonly slotIndex: number;
  readonly types: readonly Type[];
}

export interface TenantIndex {
  readonly tenant: string;
  readonly layout: Layout;
  readonly events: EventSet;
  /** Entries per property name, sorted by event. */
  readonly properties: ReadonlyMap<string, readonly PropertyEntry[]>;
  /** Names whose mapping entries were rejected (already reported): not "unknown" again. */
  readonly broken: ReadonlySet<string>;
  /**
   * The named metrics this tenant sees: its own (`productId`) over shared ones of the same name.
   * A broken entry is its problem, reported only when a formula references it.
   */
  readonly metrics: ReadonlyMap<string, MetricEntry | { readonly broken: string }>;
  /** The rollup tables declared for this tenant (entries that do not parse: their problem). */
  readonly rollups: readonly (RollupEntry | { readonly broken: string; readonly table: string })[];
  /** Hash of this tenant's mapping documents, for cache keys. */
  readonly fingerprint: string;
  readonly diagnostics: readonly Diagnostic[];
}

interface SchemaEntry {
  readonly schema: Schema | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly tenants: Map<string, TenantIndex>;
}

const cache = new WeakMap<object, SchemaEntry>();
const MAX_CACHED_TENANTS = 1024;

function shapeDiagnostics(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Diagnostic[] {
  return issues.slice(0, 20).map((i) =>
    fieldDiagnostic('invalid-schema', 'schema', i.path.map(String).join('.'), `the schema is not valid here: ${i.message}`),
  );
}

function layoutDiagnostics(schema: Schema): readonly Diagnostic[] {
  const out = new DiagnosticSink();
  for (const [role, name] of Object.entries(schema.columns)) {
    if (looksLikeSlot(name, schema.slots)) {
      out.report('error', () => fieldDiagnostic('invalid-schema', 'schema', `columns.${role}`, `column \`${name}\` looks like a property slot; slot names must not be used for built-in columns`));
    }
    if (isReservedName(name)) {
      out.report('error', () => fieldDiagnostic('invalid-schema', 'schema', `columns.${role}`, `column \`${name}\` collides with a result column name of metricc`));
    }
  }
  if (new Set(Object.values(schema.columns)).size !== Object.keys(schema.columns).length) {
    out.report('error', () => fieldDiagnostic('invalid-schema', 'schema', 'columns', 'the built-in columns must be five different columns'));
  }
  return out.list();
}

function schemaEntry(raw: unknown): SchemaEntry {
  const key = typeof raw === 'object' && raw !== null ? raw : undefined;
  const hit = key ? cache.get(key) : undefined;
  if (hit) return hit;
  const own = ownData(raw);
  if (!own.ok) {
    const diagnostics = [fieldDiagnostic('invalid-schema', 'schema', own.path, `the schema ${own.path === '' ? '' : `field \`${own.path.slice(0, 120)}\` `}${own.message}`)];
    const entry: SchemaEntry = { schema: undefined, diagnostics, tenants: new Map() };
    if (key) cache.set(key, entry);
    return entry;
  }
  const parsed = parseShape(SchemaSchema, own.value);
  const entry: SchemaEntry = parsed.success
    ? { schema: parsed.data, diagnostics: layoutDiagnostics(parsed.data), tenants: new Map() }
    : { schema: undefined, diagnostics: shapeDiagnostics(parsed.error.issues), tenants: new Map() };
  if (key) cache.set(key, entry);
  return entry;
}

function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

function indexEvent(doc: EventMapping, at: number, layout: Layout, into: Map<string, PropertyEntry[]>, broken: Set<string>, out: DiagnosticSink): void {
  const used = new Map<number, string>();
  for (const [name, entry] of Object.entries(doc.propertyMapping)) {
    const path = `events[${at}].propertyMapping.${JSON.stringify(name)}`;
    if (name === '') {
      out.report('error', () => fieldDiagnostic('invalid-schema', 'schema', path, `event ${show(doc.name)} maps a property with an empty name`));
      broken.add(name);
      continue;
    }
    const index = slotIndex(entry.column, layout.slots);
    if (index === undefined) {
      const last = `${layout.slots.prefix}${layout.slots.count - 1}`;
      out.report('error', () =>
        fieldDiagnostic('invalid-slot', 'schema', `${path}.column`, `property ${show(name)} of event ${show(doc.name)} names column ${show(entry.column)}, which is not a property slot (${layout.slots.prefix}0 … ${last})`),
      );
      broken.add(name);
      continue;
    }
    const other = used.get(index);
    if (other !== undefined) {
      out.report('error', () => fieldDiagnostic('slot-conflict', 'schema', `${path}.column`, `properties ${show(other)} and ${show(name)} of event ${show(doc.name)} both claim slot ${entry.column}`));
      broken.add(name);
      continue;
    }
    used.set(index, name);
    const types: Type[] = [];
    for (const [i, t] of entry.type.entries()) {
      const type = typeOfClickHouseName(t);
      if (type === undefined) {
        out.report('error', () => fieldDiagnostic('unknown-type', 'schema', `${path}.type[${i}]`, `property ${show(name)} of event ${show(doc.name)} has type ${show(t)}, which metricc does not know`));
      } else if (!types.includes(type)) {
        types.push(type);
      }
    }
    if (entry.type.length === 0) {
      out.report('error', () => fieldDiagnostic('unknown-type', 'schema', `${path}.type`, `property ${show(name)} of event ${show(doc.name)} has no type`));
    }
    const list = into.get(name) ?? [];
    list.push({ event: doc.name, slot: entry.column, slotIndex: index, types });
    into.set(name, list);
  }
}

function buildTenant(schema: Schema, tenant: string): TenantIndex {
  const layout: Layout = { table: schema.table, columns: schema.columns, slots: schema.slots };
  const diagnostics = new DiagnosticSink();
  const properties = new Map<string, PropertyEntry[]>();
  const broken = new Set<string>();
  const seen = new Set<string>();
  const docs: EventMapping[] = [];
  schema.events.forEach((doc, at) => {
    if (doc.productId !== tenant) return;
    docs.push(doc);
    if (seen.has(doc.name)) {
      diagnostics.report('error', () => fieldDiagnostic('duplicate-event', 'schema', `events[${at}].name`, `event ${show(doc.name)} is described by more than one mapping document`));
      return;
    }
    seen.add(doc.name);
    indexEvent(doc, at, layout, properties, broken, diagnostics);
  });
  if (docs.length === 0) {
    diagnostics.push(fieldDiagnostic('unknown-tenant', 'schema', 'events', `no mapping documents describe tenant ${show(tenant)}; only built-in fields can be used`));
  }
  for (const list of properties.values()) list.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  const fingerprint = sha256Hex(canonicalJson(docs.map((d) => ({ name: d.name, propertyMapping: d.propertyMapping })).sort((a, b) => (a.name < b.name ? -1 : 1))));
  return { tenant, layout, events: eventSet(seen), properties, broken, metrics: metricsOf(schema, tenant), rollups: rollupsOf(schema, tenant), fingerprint, diagnostics: diagnostics.list() };
}

/** The tenant's rollups; an entry that does not parse is kept as its problem (routing says it). */
function rollupsOf(schema: Schema, tenant: string): TenantIndex['rollups'] {
  const out: (RollupEntry | { readonly broken: string; readonly table: string })[] = [];
  (schema.rollups ?? []).forEach((raw, at) => {
    const own = raw !== null && typeof raw === 'object' ? (raw as { productId?: unknown; table?: unknown }) : undefined;
    if (own?.productId !== tenant) return;
    const parsed = parseShape(RollupEntrySchema, raw);
    const table = typeof own.table === 'string' ? own.table.slice(0, 120) : `rollups[${at}]`;
    out.push(parsed.success ? parsed.data : { table, broken: `rollups[${at}] is not a valid entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).slice(0, 3).join('; ')}` });
  });
  return out;
}

/** The catalogue as this tenant sees it; entries that are not even named are not reachable. */
function metricsOf(schema: Schema, tenant: string): Map<string, MetricEntry | { readonly broken: string }> {
  const shared = new Map<string, MetricEntry | { readonly broken: string }>();
  const own = new Map<string, MetricEntry | { readonly broken: string }>();
  (schema.metrics ?? []).forEach((raw, at) => {
    const name = typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : undefined;
    if (name === undefined) return;
    const productId = (raw as { productId?: unknown }).productId;
    if (productId !== undefined && productId !== tenant) return;
    const parsed = parseShape(MetricEntrySchema, raw);
    const entry = parsed.success ? parsed.data : { broken: `metrics[${at}] is not a valid entry: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).slice(0, 3).join('; ')}` };
    const into = productId === undefined ? shared : own;
    if (into.has(name)) into.set(name, { broken: `metrics[${at}]: the catalogue defines \`${name.slice(0, 80)}\` more than once${productId === undefined ? '' : ' for this tenant'}` });
    else into.set(name, entry);
  });
  for (const [name, entry] of own) shared.set(name, entry);
  return shared;
}

export interface IndexResult {
  readonly index: TenantIndex | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Validate `schema` (cached per object) and index `tenant`'s documents (cached per tenant). */
export function tenantIndex(schema: unknown, tenant: string): IndexResult {
  const entry = schemaEntry(schema);
  if (!entry.schema) return { index: undefined, diagnostics: entry.diagnostics };
  let index = entry.tenants.get(tenant);
  if (!index) {
    if (entry.tenants.size >= MAX_CACHED_TENANTS) entry.tenants.clear();
    index = buildTenant(entry.schema, tenant);
    entry.tenants.set(tenant, index);
  }
  return { index, diagnostics: [...entry.diagnostics, ...index.diagnostics] };
}
