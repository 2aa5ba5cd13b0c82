/**
 * The playground's whole state — formula, query and tenant, plus the schema when it was edited —
 * and its round trip through the URL's fragment, so a link reproduces what its author saw. Plain
 * fields are readable `key=value` pairs (all of them, so a link keeps its meaning if defaults
 * change); an edited schema travels deflated and base64url-encoded.
 */
import { DEMO_NOW, type Granularity } from '../../src/index.js';

export interface PlaygroundState {
  formula: string;
  filter: string;
  tenant: string;
  from: string;
  to: string;
  granularity: Granularity | '';
  timezone: string;
  groupBy: string;
  limit: string;
  /** Buckets back to draw the formula again as a comparison line ('' for none). */
  compare: string;
  /** The schema's JSON text when it differs from the demo schema. */
  schemaText: string | undefined;
}

export const DEFAULT_STATE: PlaygroundState = {
  formula: 'SUM(amount) / COUNT(DISTINCT user_id)',
  filter: "event = 'purchase'",
  tenant: 'acme',
  from: new Date(Date.parse(DEMO_NOW) - 28 * 86_400_000).toISOString().slice(0, 10),
  to: DEMO_NOW.slice(0, 10),
  granularity: 'week',
  timezone: 'UTC',
  groupBy: '',
  limit: '',
  compare: '',
  schemaText: undefined,
};

const FIELDS = ['formula', 'filter', 'tenant', 'from', 'to', 'granularity', 'timezone', 'groupBy', 'limit', 'compare'] as const;

const TIME_FUNCTION = /\b(PREVIOUS|ROLLING|CUMULATIVE)\s*\(/i;

/**
 * The comparison line's query: the formula `n` buckets earlier, `PREVIOUS(formula, n)` — with a
 * granularity, and for a formula without time functions of its own (they do not nest).
 */
export function comparisonQuery(s: PlaygroundState): Record<string, unknown> | undefined {
  if (!/^[0-9]+$/.test(s.compare) || !s.granularity || TIME_FUNCTION.test(s.formula) || dashboardOf(s.formula)) return undefined;
  return { ...toQuery(s), formula: `PREVIOUS(${s.formula}, ${s.compare})` };
}

/**
 * A dashboard: the formula text as lines `name: formula` (two or more; blank lines skipped) — one
 * query with `formulas`, one column and one chart per line. `offsets` place each formula in the
 * text (diagnostics of `formulas.<name>` are relative to their formula). A formula never begins a
 * line with `name:`, so a single formula is never read as one.
 */
export interface Dashboard {
  readonly formulas: Record<string, string>;
  readonly offsets: Record<string, number>;
}

// Linear: no lazy group before a trailing `\s*$` (that backtracks quadratically on long runs of spaces).
const DASHBOARD_LINE = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:\s*)(\S.*)?$/;

/** One `name: formula` line (the formula may still be empty while typed): where its colon is, where its formula starts (offsets into the text). */
export interface DashboardLine {
  readonly name: string;
  readonly colon: number;
  readonly start: number;
  readonly formula: string;
}

/** Each non-blank line as a dashboard line, or undefined where a line is not one. */
export function dashboardLines(text: string): (DashboardLine | undefined)[] {
  const lines: (DashboardLine | undefined)[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') {
      const m = DASHBOARD_LINE.exec(line);
      const head = m ? at + m[1]!.length + m[2]!.length : 0;
      lines.push(m ? { name: m[2]!, colon: head + m[3]!.indexOf(':'), start: head + m[3]!.length, formula: (m[4] ?? '').trimEnd() } : undefined);
    }
    at += line.length + 1;
  }
  return lines;
}

export function dashboardOf(text: string): Dashboard | undefined {
  const formulas: Record<string, string> = {};
  const offsets: Record<string, number> = {};
  const lines = dashboardLines(text);
  for (const line of lines) {
    if (!line || line.formula === '' || line.name in formulas) return undefined;
    formulas[line.name] = line.formula;
    offsets[line.name] = line.start;
  }
  return lines.length >= 2 ? { formulas, offsets } : undefined;
}

/** The compiler's query object for this state (empty fields left out). */
export function toQuery(s: PlaygroundState): Record<string, unknown> {
  const groupBy = s.groupBy.split(',').map((g) => g.trim()).filter((g) => g !== '');
  const dashboard = dashboardOf(s.formula);
  return {
    tenant: s.tenant,
    ...(dashboard ? { formulas: dashboard.formulas } : { formula: s.formula }),
    ...(s.filter.trim() !== '' ? { filter: s.filter } : {}),
    from: s.from,
    to: s.to,
    ...(s.granularity ? { granularity: s.granularity } : {}),
    ...(s.timezone.trim() !== '' ? { timezone: s.timezone.trim() } : {}),
    ...(groupBy.length > 0 ? { groupBy } : {}),
    ...(s.limit.trim() !== '' ? { limit: Number(s.limit) } : {}),
  };
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([new Uint8Array(bytes)]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export async function encodeState(s: PlaygroundState): Promise<string> {
  const p = new URLSearchParams();
  for (const f of FIELDS) p.set(f, s[f]);
  if (s.schemaText !== undefined) p.set('schema', toBase64Url(await pipe(new TextEncoder().encode(s.schemaText), new CompressionStream('deflate-raw'))));
  return p.toString();
}

/** The state a fragment describes; fields it lacks keep their defaults, unreadable parts are ignored. */
export async function decodeState(fragment: string): Promise<PlaygroundState> {
  const p = new URLSearchParams(fragment.replace(/^#/, ''));
  const s: PlaygroundState = { ...DEFAULT_STATE };
  for (const f of FIELDS) {
    const v = p.get(f);
    if (v !== null) (s as unknown as Record<string, string>)[f] = v;
  }
  if (!['', 'hour', 'day', 'week', 'month'].includes(s.granularity)) s.granularity = DEFAULT_STATE.granularity;
  if (!/^[0-9]{0,4}$/.test(s.compare)) s.compare = '';
  const schema = p.get('schema');
  if (schema) {
    try {
      s.schemaText = new TextDecoder().decode(await pipe(fromBase64Url(schema), new DecompressionStream('deflate-raw')));
    } catch {
      s.schemaText = undefined;
    }
  }
  return s;
}
