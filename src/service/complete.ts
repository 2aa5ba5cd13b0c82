/**
 * Completion at the cursor. Where an operand can start: functions (signature snippets and help
 * from the catalogue; only scalars inside an aggregate or a filter), built-in fields, the
 * properties of the events in scope at that point, and value keywords. After an operand: the
 * operators and clauses that can follow. Where an event name goes: the tenant's event names.
 * Items are ranked by fuzzy match on what is typed, then by how likely they are in this place
 * (auto-captured `$…` properties after the tenant's own). Where the operand is a whole function
 * argument (`SUM(|`, `PERCENTILE(0.9, |`), only names whose type the catalogue accepts in that
 * position are offered — no string property inside SUM(, none at all where a constant goes.
 */
import { FUNCTIONS, lookupFunction, paramAt, signature, type FunctionSpec } from '../model/functions.js';
import { ANY, type Type } from '../model/types.js';
import { BUILTINS } from '../model/builtins.js';
import type { IToken } from 'chevrotain';
import type { SourceName } from '../diagnostics/index.js';
import { Keyword, LParen, RParen, Comma, Identifier } from '../syntax/tokens.js';
import { cursorAt, type Cursor } from './cursor.js';
import { scopeAt, closesAggregate } from './scope-at.js';
import { describeTenant, slotsInScope, type TenantDescription } from './describe.js';
import { fuzzyScore } from './fuzzy.js';
import { printName, printString } from '../ast/print.js';
import { KEYWORD_HELP } from './keyword-help.js';

export type CompletionKind = 'function' | 'property' | 'builtin' | 'keyword' | 'event' | 'metric';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Short text beside the label (signature, type). */
  readonly detail?: string;
  /** One-line help. */
  readonly info?: string;
  /** Text to insert, with `${name}` placeholders (CodeMirror snippet syntax) when it has fields. */
  readonly insert: string;
  readonly snippet: boolean;
  readonly score: number;
}

export interface Completions {
  readonly from: number;
  readonly to: number;
  readonly items: readonly CompletionItem[];
}

export interface EditorContext {
  readonly text: string;
  readonly offset: number;
  readonly source: Extract<SourceName, 'formula' | 'filter'>;
  readonly schema: unknown;
  readonly tenant: string;
  /** The query's filter, which narrows the events in scope of the formula. */
  readonly filter?: string | undefined;
}

type Candidate = Omit<CompletionItem, 'score'> & { readonly boost: number };

function callSnippet(spec: FunctionSpec): string {
  // Time functions are offered with their reach: `PREVIOUS(m, n)`, `ROLLING(m, n)`.
  const required = spec.variadic ? Math.max(spec.minArgs ?? 1, 1) : spec.kind === 'time' ? spec.params.length : (spec.minArgs ?? spec.params.length);
  const names = Array.from({ length: required }, (_, i) => spec.params[Math.min(i, spec.params.length - 1)]!.name);
  return `${spec.name}(${names.map((n) => `\${${n}}`).join(', ')})`;
}

function functionItems(allowAggregates: boolean): Candidate[] {
  return Object.values(FUNCTIONS as Record<string, FunctionSpec>)
    .filter((f) => allowAggregates || f.kind === 'scalar')
    .map((f) => ({ label: f.name, kind: 'function', detail: signature(f), info: f.help, insert: callSnippet(f), snippet: true, boost: f.kind === 'aggregate' && allowAggregates ? 3 : 1 }));
}

/** What the operand at the cursor may be: any type, these types, or no name at all (a constant). */
type Fits = readonly Type[] | 'constant' | undefined;

/**
 * When the cursor starts a whole argument of a catalogue function (right after its `(` or a
 * top-level `,`), the types that argument accepts; undefined anywhere else (inside an expression
 * the operand's type depends on the operator, and conditions take any type).
 */
function argumentFits(tokens: readonly IToken[], before: number): Fits {
  const prev = tokens[before];
  if (prev?.tokenType !== LParen && prev?.tokenType !== Comma) return undefined;
  let depth = 0;
  let index = 0;
  for (let i = before; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === RParen) depth++;
    else if (type === Comma && depth === 0) index++;
    else if (type === LParen && depth-- === 0) {
      const callee = tokens[i - 1];
      const spec = callee?.tokenType === Identifier ? lookupFunction(callee.image) : undefined;
      if (!spec) return undefined;
      const param = paramAt(spec, index);
      if (param.role === 'predicate') return undefined;
      if (param.role === 'probability' || param.role === 'digits') return 'constant';
      return param.types === 'T' ? (spec.typeVar ?? ANY) : param.types;
    }
  }
  return undefined;
}

const fitsAny = (fits: Fits, types: readonly Type[]): boolean => fits === undefined || (fits !== 'constant' && types.some((t) => fits.includes(t)));

function builtinItems(fits: Fits): Candidate[] {
  return Object.entries(BUILTINS).filter(([, b]) => fitsAny(fits, [b.type])).map(([name, b]) => ({ label: name, kind: 'builtin', detail: `${b.type} · built-in`, info: b.help, insert: name, snippet: false, boost: 1 }));
}

function propertyItems(d: TenantDescription, scope: readonly string[] | undefined, inAggregate: boolean, fits: Fits): Candidate[] {
  const out: Candidate[] = [];
  for (const p of d.properties) {
    const slots = slotsInScope(p, scope);
    if (slots.length === 0 || BUILTINS[p.name]) continue;
    const typeList = [...new Set(slots.flatMap((s) => s.types))];
    if (!fitsAny(fits, typeList)) continue;
    const types = typeList.join(' | ');
    const where = slots.map((s) => `${s.event} (${s.slot})`).join(', ');
    out.push({ label: p.name, kind: 'property', detail: types, info: `on ${where}`, insert: printName(p.name), snippet: false, boost: (inAggregate ? 4 : 0) - (p.name.startsWith('$') ? 0.5 : 0) });
  }
  return out;
}

/** A keyword item; its help is the keyword's own line unless the item needs a more specific one. */
const kw = (label: string, info = KEYWORD_HELP[label] ?? '', insert = label, snippet = false, boost = 0): Candidate => ({ label, kind: 'keyword', info, insert, snippet, boost });

function operandKeywords(c: Cursor): Candidate[] {
  const prev = c.tokens[c.before];
  const afterCountParen = prev?.tokenType === LParen && c.tokens[c.before - 1]?.tokenType === Identifier && lookupFunction(c.tokens[c.before - 1]!.image)?.name === 'COUNT';
  return [
    kw('NOT'),
    kw('CASE', undefined, 'CASE WHEN ${condition} THEN ${value} ELSE ${otherwise} END', true),
    kw('NULL'),
    kw('TRUE'),
    kw('FALSE'),
    ...(afterCountParen ? [kw('DISTINCT', undefined, 'DISTINCT ', false, 5), kw('*', 'COUNT(*): every row.', '*', false, 5)] : []),
  ];
}

function openCase(c: Cursor): boolean {
  let depth = 0;
  for (let i = 0; i <= c.before; i++) {
    const type = c.tokens[i]!.tokenType;
    if (type === Keyword.CASE) depth++;
    else if (type === Keyword.END) depth--;
  }
  return depth > 0;
}

function operatorKeywords(c: Cursor, inAggregate: boolean): Candidate[] {
  const out = [
    kw('AND'),
    kw('OR'),
    kw('IN', undefined, 'IN (${values})', true),
    kw('NOT IN', 'x NOT IN (a, b, …): x equals none of the listed constants.', 'NOT IN (${values})', true),
    kw('BETWEEN', undefined, 'BETWEEN ${low} AND ${high}', true),
    kw('LIKE', undefined, "LIKE '${pattern}'", true),
    kw('ILIKE', undefined, "ILIKE '${pattern}'", true),
    kw('IS NULL', 'x is missing.'),
    kw('IS NOT NULL', 'x is present.'),
  ];
  if (closesAggregate(c.tokens, c.before)) {
    if (!inAggregate) out.push(kw('FILTER', undefined, 'FILTER (WHERE ${condition})', true, 2));
    // Inside another aggregate's argument an aggregate may be computed per key.
    else out.push(kw('PER', undefined, 'PER ${key}', true, 2));
  }
  if (openCase(c)) out.push(kw('WHEN', undefined, 'WHEN ', false, 1), kw('THEN', undefined, 'THEN ', false, 1), kw('ELSE', undefined, 'ELSE ', false, 1), kw('END', undefined, 'END', false, 1));
  return out;
}

/** Named metrics of the catalogue: what a name outside any aggregate of a formula refers to. */
function metricItems(d: TenantDescription): Candidate[] {
  return d.metrics.map((m) => ({
    label: m.name,
    kind: 'metric',
    detail: 'named metric',
    info: [m.description, m.formula !== undefined ? `= ${m.formula}` : m.broken, m.filter ? `where ${m.filter}` : undefined].filter((x): x is string => x !== undefined && x !== '').join('\n'),
    insert: printName(m.name),
    snippet: false,
    boost: 2,
  }));
}

function eventItems(d: TenantDescription, inString: boolean): Candidate[] {
  return d.events.map((e) => ({
    label: e.name,
    kind: 'event',
    detail: `${e.properties.length} propert${e.properties.length === 1 ? 'y' : 'ies'}`,
    info: e.properties.map((p) => p.name).join(', '),
    insert: inString ? printString(e.name).slice(1, -1) : printString(e.name),
    snippet: false,
    boost: 0,
  }));
}

function rank(candidates: readonly Candidate[], prefix: string): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const { boost, ...c } of candidates) {
    const match = fuzzyScore(prefix, c.label);
    if (match !== undefined) out.push({ ...c, score: match + boost });
  }
  return out.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export function completionsAt(ctx: EditorContext): Completions | undefined {
  const c = cursorAt(ctx.text, ctx.offset, ctx.source);
  if (c.kind === 'none') return undefined;
  const d = describeTenant(ctx.schema, ctx.tenant);
  const scope = scopeAt(ctx.text, c.tokens, c.before + 1, ctx.source === 'formula' ? ctx.filter : undefined);
  const fits = c.kind === 'operand' ? argumentFits(c.tokens, c.before) : undefined;
  const candidates: Candidate[] =
    c.kind === 'event-value'
      ? eventItems(d, c.inString)
      : c.kind === 'operator'
        ? operatorKeywords(c, scope.inAggregate)
        : [
            ...functionItems(ctx.source === 'formula' && !scope.inAggregate),
            ...(ctx.source === 'formula' && !scope.inAggregate ? metricItems(d) : []),
            ...builtinItems(fits),
            ...propertyItems(d, scope.events, scope.inAggregate || ctx.source === 'filter', fits),
            ...operandKeywords(c),
          ];
  return { from: c.from, to: c.to, items: rank(candidates, c.prefix) };
}
