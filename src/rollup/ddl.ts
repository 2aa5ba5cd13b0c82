/**
 * The DDL of a rollup (docs/rollups.md): an AggregatingMergeTree table created empty from the
 * same SELECT that keeps it — so every state column has exactly the type its function gives —,
 * the materialized view that feeds it on every insert into the events table, and the one-off
 * backfill of the rows already there. Each measure's state is `<fn>State<level>(<args>)` with the
 * arguments as the compiler emits them for the rollup's event: a routed query's `<fn>Merge` reads
 * exactly what the raw query would aggregate. Tenant and event names are string literals here (a
 * view cannot take query parameters), escaped for ClickHouse.
 */
import type { RollupEntry, Schema } from '../model/schema.js';
import { identifier } from '../emit/quote.js';
import { measureCall } from '../emit/aggregate.js';
import { walkIr } from '../model/ir-children.js';
import { tenantIndex } from '../check/tenant-index.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { checkMeasure, keyScope, ROLLUP_TIME } from '../route/route.js';

/** A ClickHouse string literal: quote and backslash escaped, control characters as \xHH. */
export function sqlString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  throw new Error(`internal: a rollup measure has a parameter of an unexpected kind`);
}

/** The emitted text with each `{name:Type}` placeholder replaced by its value as a literal. */
function inline(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*):[^{}]*\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? `CAST(${literal(params[name])}, ${sqlString(whole.slice(name.length + 2, -1))})` : whole));
}

export interface RollupDdl {
  readonly statements: readonly string[];
  /** Why the rollup cannot be built (its measures or dimensions do not check), if it cannot. */
  readonly problems: readonly string[];
}

/** The rollup entry with `mapping` set from the tenant's current mapping documents. */
export function withMapping(schema: Schema, entry: Omit<RollupEntry, 'mapping'>): RollupEntry {
  const doc = schema.events.find((e) => e.productId === entry.productId && e.name === entry.event);
  const mapping: RollupEntry['mapping'] = {};
  const names = new Set<string>([...entry.dimensions.filter((d) => d !== 'source')]);
  const index = tenantIndex(schema, entry.productId).index;
  for (const text of entry.measures) {
    const ir = index ? checkMeasure(index, DEFAULT_LIMITS, text) : undefined;
    if (ir && typeof ir !== 'string') for (const a of ir.args) for (const node of walkIr(a)) if (node.kind === 'property') names.add(node.name);
  }
  for (const name of [...names].sort()) {
    const m = doc && Object.prototype.hasOwnProperty.call(doc.propertyMapping, name) ? doc.propertyMapping[name] : undefined;
    if (m) mapping[name] = { column: m.column, type: [...m.type] };
  }
  return { ...entry, mapping };
}

export function rollupDdl(schema: Schema, entry: RollupEntry, eventsTable = schema.table): RollupDdl {
  const problems: string[] = [];
  const { index } = tenantIndex(schema, entry.productId);
  if (!index) return { statements: [], problems: ['the schema does not validate'] };
  const { columns } = index.layout;
  const keys: string[] = [identifier(columns.tenant), identifier(columns.event)];
  const time = identifier(columns.time);
  const bucket = entry.grain === 'hour' ? `toStartOfHour(${time})` : `toStartOfDay(${time}, ${sqlString(entry.timezone ?? 'UTC')})`;
  const dims: string[] = [];
  for (const d of entry.dimensions) {
    if (d === 'source') dims.push(identifier(columns.source));
    else {
      const slot = entry.mapping[d]?.column;
      const now = index.properties.get(d)?.find((p) => p.event === entry.event);
      if (!slot || !now || now.slot !== slot) problems.push(`dimension \`${d}\` is not in the mapping of ${JSON.stringify(entry.event)} the rollup records`);
      else dims.push(identifier(slot));
    }
  }
  const states: string[] = [];
  entry.measures.forEach((text, i) => {
    const ir = checkMeasure(index, DEFAULT_LIMITS, text);
    if (typeof ir === 'string') {
      problems.push(ir);
      return;
    }
    const scope = keyScope(index, entry.event);
    const call = measureCall(scope, ir);
    states.push(`${call.fn}State${call.level}(${inline(scope.reads.inline(call.args), scope.params.params())}) AS m${i}`);
  });
  if (problems.length > 0) return { statements: [], problems };
  const table = identifier(entry.table, true);
  const select = [
    `SELECT ${[...keys, `${bucket} AS ${ROLLUP_TIME}`, ...dims, ...states].join(', ')}`,
    `FROM ${identifier(eventsTable, true)}`,
    `WHERE ${identifier(columns.tenant)} = ${sqlString(entry.productId)} AND ${identifier(columns.event)} = ${sqlString(entry.event)}`,
    `GROUP BY ${[...keys, ROLLUP_TIME, ...dims].join(', ')}`,
  ].join('\n');
  const viewName = identifier(`${entry.table}_mv`, true);
  return {
    problems,
    statements: [
      `CREATE TABLE IF NOT EXISTS ${table}\nENGINE = AggregatingMergeTree\nPARTITION BY toYYYYMM(${ROLLUP_TIME})\nORDER BY (${[...keys, ROLLUP_TIME, ...dims].join(', ')})\nEMPTY AS\n${select}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${viewName} TO ${table} AS\n${select}`,
      `INSERT INTO ${table}\n${select}`,
    ],
  };
}
