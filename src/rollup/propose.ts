/**
 * `metricc rollup`: the rollups that would serve a set of metric definitions (docs/rollups.md).
 * Each definition's checked form names its event (the event plan must pin every row to one), its
 * dimensions (group-by, filter and FILTER conditions: `source` or properties) and its measures
 * (each aggregate without its conditions, written back as a formula). Definitions of one tenant,
 * event, grain and timezone share one rollup holding the union. Whether a rollup serves a
 * definition is not guessed: the definition is compiled again with the rollup declared, and the
 * route it takes is the answer (a measure written back imperfectly can only cost a routing, never
 * a wrong result).
 */
import { planEvents } from '../query/plan.js';
import { analyze, compileInspected, type Inspected } from '../compile.js';
import type { Ir, IrAggregate } from '../model/ir.js';
import { walkIr } from '../model/ir-children.js';
import type { RollupEntry, Schema } from '../model/schema.js';
import { isPlainName } from '../emit/quote.js';
import { sha256Hex } from '../util/sha256.js';
import { withMapping } from './ddl.js';

export interface Proposal {
  /** The rollups, each with the definitions (by label) it serves. */
  readonly rollups: readonly { readonly entry: RollupEntry; readonly serves: readonly string[] }[];
  /** Definitions no rollup serves, and why. */
  readonly unserved: readonly { readonly label: string; readonly reason: string }[];
}

export interface ProposeOptions {
  /** `day` (default) or `hour`. */
  readonly grain?: 'hour' | 'day';
}

const FIELDS: Record<string, string> = { user: 'user_id', event: 'event', source: 'source', time: 'time' };

function name(n: string): string {
  return isPlainName(n) ? n : `\`${n.replace(/`/g, '``')}\``;
}

/** An aggregate's argument written back as formula text (undefined: not a form a measure keeps). */
function text(ir: Ir): string | undefined {
  switch (ir.kind) {
    case 'property':
      return name(ir.name);
    case 'field':
      return FIELDS[ir.field];
    case 'literal':
      return typeof ir.value === 'number' ? String(ir.value) : typeof ir.value === 'string' ? `'${ir.value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : ir.value === null ? 'NULL' : ir.value ? 'TRUE' : 'FALSE';
    case 'arith': {
      const l = text(ir.left);
      const r = text(ir.right);
      return l !== undefined && r !== undefined ? `(${l} ${ir.op} ${r})` : undefined;
    }
    case 'negate': {
      const o = text(ir.operand);
      return o === undefined ? undefined : `-(${o})`;
    }
    case 'scalar': {
      const args = ir.args.map(text);
      return args.every((a) => a !== undefined) ? `${ir.fn}(${args.join(', ')})` : undefined;
    }
    default:
      return undefined;
  }
}

/** The measure an aggregate reads: itself without conditions (`COUNTIF(c)` keeps `COUNT(*)`). */
export function measureText(agg: IrAggregate): string | undefined {
  const fn = agg.fn.endsWith('IF') && agg.fn !== 'IF' ? agg.fn.slice(0, -2) : agg.fn;
  if (agg.star || (fn === 'COUNT' && agg.args.length === 0)) return 'COUNT(*)';
  const args = agg.args.map(text);
  if (args.some((a) => a === undefined)) return undefined;
  const level = fn === 'PERCENTILE' && agg.level !== undefined ? `${agg.level}, ` : '';
  return `${fn}(${level}${agg.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
}

interface Need {
  readonly label: string;
  readonly query: Record<string, unknown>;
  readonly schema: unknown;
  readonly tenant: string;
  readonly event: string;
  readonly timezone: string;
  readonly dimensions: Set<string>;
  readonly measures: string[];
}

/** Which dimension a filter, group-by or condition reads, or why none can hold it. */
function dimensionsOf(ir: Ir, into: Set<string>): string | undefined {
  for (const node of walkIr(ir)) {
    if (node.kind === 'field') {
      if (node.field === 'source') into.add('source');
      else if (node.field !== 'event') return `it reads \`${FIELDS[node.field]}\` outside an aggregate, which a rollup does not keep per row`;
    } else if (node.kind === 'property') into.add(node.name);
  }
  return undefined;
}

function need(label: string, query: Record<string, unknown>, schema: unknown, inspected: Inspected): Need | string {
  const { checked, rawOnly } = inspected;
  if (rawOnly) return rawOnly;
  const aggregates = checked.values.flatMap((v) => [...walkIr(v.ir)]).filter((n): n is IrAggregate => n.kind === 'aggregate');
  if (aggregates.length === 0) return 'the formula has no aggregate';
  // The rows' event as routing reads it (the event plan), so a proposal is what routing can serve.
  const rows = planEvents(checked).rowEvents;
  const pinned = rows?.length === 1 ? rows[0]! : undefined;
  if (pinned === undefined) return 'its rows are not all of one event (pin them: a filter such as event = \'purchase\', or FILTER on every aggregate)';
  const dimensions = new Set<string>();
  for (const g of checked.groups) {
    const why = dimensionsOf(g.expr, dimensions);
    if (why) return `group-by \`${g.name}\`: ${why}`;
  }
  if (checked.filter) {
    const why = dimensionsOf(checked.filter, dimensions);
    if (why) return `the filter: ${why}`;
  }
  const measures: string[] = [];
  for (const a of aggregates) {
    for (const c of a.conditions) {
      const why = dimensionsOf(c, dimensions);
      if (why) return `a FILTER condition: ${why}`;
    }
    const m = measureText(a);
    if (!m) return 'an aggregate reads an expression a rollup does not keep';
    if (!measures.includes(m)) measures.push(m);
  }
  return { label, query, schema, tenant: String(query['tenant']), event: pinned, timezone: String(query['timezone'] ?? 'UTC'), dimensions, measures };
}

function tableName(tenant: string, event: string, grain: string, timezone: string): string {
  const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 24) || 'x';
  return `rollup_${plain(tenant)}_${plain(event)}_${grain}_${sha256Hex(JSON.stringify([tenant, event, grain, timezone])).slice(0, 8)}`;
}

/**
 * `schema` holds the mapping documents the rollups are built from; a definition may carry its own
 * schema object (the same documents with a catalogue file's metrics joined).
 */
export function proposeRollups(definitions: readonly { readonly label: string; readonly query: Record<string, unknown>; readonly schema?: unknown }[], schema: Schema, options: ProposeOptions = {}): Proposal {
  const grain = options.grain ?? 'day';
  const unserved: { label: string; reason: string }[] = [];
  const groups = new Map<string, Need[]>();
  for (const d of definitions) {
    let inspected: Inspected | undefined;
    const { diagnostics } = compileInspected(d.query, d.schema ?? schema, (i) => (inspected = i));
    if (!inspected) {
      unserved.push({ label: d.label, reason: `it does not compile (${diagnostics[0]?.message ?? 'unknown error'})` });
      continue;
    }
    const n = need(d.label, d.query, d.schema ?? schema, inspected);
    if (typeof n === 'string') {
      unserved.push({ label: d.label, reason: n });
      continue;
    }
    const key = JSON.stringify([n.tenant, n.event, grain === 'day' ? n.timezone : 'UTC']);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const rollups: { entry: RollupEntry; serves: string[] }[] = [];
  for (const needs of groups.values()) {
    const first = needs[0]!;
    const timezone = grain === 'day' ? first.timezone : 'UTC';
    const entry = withMapping(schema, {
      table: tableName(first.tenant, first.event, grain, timezone),
      productId: first.tenant,
      event: first.event,
      grain,
      ...(grain === 'day' && timezone !== 'UTC' ? { timezone } : {}),
      dimensions: [...new Set(needs.flatMap((n) => [...n.dimensions]))].sort(),
      measures: [...new Set(needs.flatMap((n) => n.measures))],
    });
    const serves: string[] = [];
    for (const n of needs) {
      const route = analyze(n.query, { ...(n.schema as object), rollups: [entry] }).compiled?.route;
      if (route?.rollup === entry.table) serves.push(n.label);
      else unserved.push({ label: n.label, reason: route?.refused[0]?.reason ?? 'it does not compile with the rollup declared' });
    }
    rollups.push({ entry, serves });
  }
  return { rollups, unserved };
}
