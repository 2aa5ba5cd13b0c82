/**
 * Hover help for the token under the cursor: a function's signature, kind, result and help; a
 * built-in field's type and meaning; a property's types and slot on each event, marking which
 * events are in scope at that point; an event name's properties; a keyword's meaning.
 */
import { tokenMatcher } from 'chevrotain';
import { lex, tokenEnd } from '../syntax/lexer.js';
import { Identifier, LParen, StringLit, QuotedName, KEYWORD_TYPES } from '../syntax/tokens.js';
import { lookupFunction, signature } from '../model/functions.js';
import { lookupBuiltin } from '../model/builtins.js';
import { decodeString, decodeQuotedName } from '../syntax/literals.js';
import { describeTenant, slotsInScope } from './describe.js';
import { scopeAt } from './scope-at.js';
import { eventSlotAfter } from './cursor.js';
import { KEYWORD_HELP } from './keyword-help.js';
import type { EditorContext } from './complete.js';

export interface HoverInfo {
  readonly from: number;
  readonly to: number;
  readonly title: string;
  readonly lines: readonly string[];
}

export function hoverAt(ctx: EditorContext): HoverInfo | undefined {
  const { tokens } = lex(ctx.text, ctx.source);
  const at = tokens.findIndex((t) => t.startOffset <= ctx.offset && ctx.offset < tokenEnd(t));
  const t = tokens[at];
  if (!t) return undefined;
  const span = { from: t.startOffset, to: tokenEnd(t) };
  if (KEYWORD_TYPES.has(t.tokenType)) {
    const word = t.image.toUpperCase();
    return { ...span, title: word, lines: [KEYWORD_HELP[word] ?? ''] };
  }
  if (t.tokenType === Identifier && tokens[at + 1]?.tokenType === LParen) {
    const f = lookupFunction(t.image);
    if (!f) return undefined;
    return { ...span, title: signature(f), lines: [`${f.kind === 'aggregate' ? 'aggregate' : f.kind === 'time' ? 'time function (needs a granularity)' : 'function'} → ${f.result === 'T' ? 'the type of its arguments' : f.result}`, f.help, `Example: ${f.example}`] };
  }
  if (tokenMatcher(t, StringLit)) {
    if (!eventSlotAfter(tokens, at - 1)) return undefined;
    const name = decodeString(t.image, t.startOffset).value;
    const e = describeTenant(ctx.schema, ctx.tenant).events.find((x) => x.name === name);
    if (!e) return undefined;
    return { ...span, title: `event '${e.name}'`, lines: e.properties.map((p) => `${p.name}: ${p.types.join(' | ')} in ${p.slot}`) };
  }
  if (t.tokenType !== Identifier && !tokenMatcher(t, QuotedName)) return undefined;
  const name = t.tokenType === Identifier ? t.image : decodeQuotedName(t.image);
  // Outside any aggregate of a formula, a catalogue name is a metric reference.
  const metric = ctx.source === 'formula' ? describeTenant(ctx.schema, ctx.tenant).metrics.find((m) => m.name === name) : undefined;
  if (metric && !scopeAt(ctx.text, tokens, at, ctx.filter).inAggregate) {
    const lines = [metric.description, metric.formula !== undefined ? `= ${metric.formula}` : `cannot be used: ${metric.broken}`, metric.filter ? `where ${metric.filter}` : undefined];
    return { ...span, title: `metric ${name}`, lines: ['named metric (the catalogue in the schema)', ...lines.filter((l): l is string => l !== undefined)] };
  }
  const builtin = lookupBuiltin(name);
  if (builtin) return { ...span, title: `${name}: ${builtin.type}`, lines: ['built-in field', builtin.help] };
  const p = describeTenant(ctx.schema, ctx.tenant).properties.find((x) => x.name === name);
  if (!p) return undefined;
  const scope = scopeAt(ctx.text, tokens, at, ctx.source === 'formula' ? ctx.filter : undefined).events;
  const inScope = new Set(slotsInScope(p, scope).map((s) => s.event));
  const lines = p.slots.map((s) => `${inScope.has(s.event) ? '●' : '○'} ${s.event}: ${s.slot}, ${s.types.join(' | ')}`);
  const note = scope === undefined ? 'every event in scope' : `events in scope here: ${scope.length > 0 ? scope.join(', ') : 'none'}`;
  return { ...span, title: `${name}: ${p.types.join(' | ')}`, lines: [`property (${note})`, ...lines] };
}
