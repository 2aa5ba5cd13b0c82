/**
 * The events in scope at a position (docs/language.md §5), for completion and hover: the query filter's
 * pinned events, narrowed by the enclosing aggregate's condition argument (COUNTIF, SUMIF, …) and
 * its `FILTER (WHERE …)`. Read off tokens so that it works while the text around the cursor is
 * unfinished; each condition is parsed on its own and only counts when it parses.
 */
import type { IToken } from 'chevrotain';
import { LParen, RParen, Comma, Keyword, Identifier } from '../syntax/tokens.js';
import { lookupFunction, type AggregateSpec } from '../model/functions.js';
import { pinnedEvents } from '../check/scope.js';
import { parseSource } from '../syntax/parse.js';
import { intersect, type EventSet } from '../util/sets.js';
import { tokenEnd } from '../syntax/lexer.js';

/** The aggregate call whose parentheses (or whose FILTER's) enclose token position `at`. */
function enclosingAggregate(tokens: readonly IToken[], at: number): { open: number; spec: AggregateSpec } | undefined {
  const opens: number[] = [];
  for (let i = 0; i < at; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LParen) opens.push(i);
    else if (type === RParen) opens.pop();
  }
  for (let k = opens.length - 1; k >= 0; k--) {
    let open = opens[k]!;
    if (tokens[open - 1]?.tokenType === Keyword.FILTER && tokens[open - 2]?.tokenType === RParen) {
      open = matching(tokens, open - 2, -1) ?? open;
    }
    const callee = tokens[open - 1];
    const spec = callee?.tokenType === Identifier ? lookupFunction(callee.image) : undefined;
    if (spec?.kind === 'aggregate') return { open, spec };
  }
  return undefined;
}

/** Index of the parenthesis matching the one at `i`, scanning in direction `dir`. */
function matching(tokens: readonly IToken[], i: number, dir: 1 | -1): number | undefined {
  let depth = 0;
  for (let j = i; j >= 0 && j < tokens.length; j += dir) {
    const type = tokens[j]!.tokenType;
    if (type === LParen) depth += dir;
    else if (type === RParen) depth -= dir;
    if (depth === 0) return j;
  }
  return undefined;
}

/** Does token `i` close an aggregate call's parentheses (where FILTER may follow)? */
export function closesAggregate(tokens: readonly IToken[], i: number): boolean {
  if (tokens[i]?.tokenType !== RParen) return false;
  const open = matching(tokens, i, -1);
  const callee = open === undefined ? undefined : tokens[open - 1];
  return callee?.tokenType === Identifier && lookupFunction(callee.image)?.kind === 'aggregate';
}

function slice(text: string, tokens: readonly IToken[], first: number, last: number): string {
  return first > last ? '' : text.slice(tokens[first]!.startOffset, tokenEnd(tokens[last]!));
}

/** The aggregate's condition texts: its predicate argument and its FILTER (WHERE …) body. */
function conditionTexts(text: string, tokens: readonly IToken[], open: number, spec: AggregateSpec): string[] {
  const close = matching(tokens, open, 1) ?? tokens.length;
  const args: Array<[number, number]> = [];
  let start = open + 1;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LParen) depth++;
    else if (type === RParen) depth--;
    else if (type === Comma && depth === 0) {
      args.push([start, i - 1]);
      start = i + 1;
    }
  }
  args.push([start, close - 1]);
  const out: string[] = [];
  const predicate = spec.params.findIndex((p) => p.role === 'predicate');
  const arg = predicate >= 0 ? args[predicate] : undefined;
  if (arg) out.push(slice(text, tokens, arg[0], arg[1]));
  if (tokens[close + 1]?.tokenType === Keyword.FILTER && tokens[close + 2]?.tokenType === LParen && tokens[close + 3]?.tokenType === Keyword.WHERE) {
    const end = matching(tokens, close + 2, 1) ?? tokens.length;
    out.push(slice(text, tokens, close + 4, end - 1));
  }
  return out;
}

function pinnedBy(text: string | undefined): EventSet | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return pinnedEvents(parseSource(text, 'filter').expr);
}

export interface ScopeAt {
  /** Inside an aggregate's parentheses (or its FILTER). */
  readonly inAggregate: boolean;
  /** undefined: every event. */
  readonly events: EventSet | undefined;
}

/** Scope at token position `at` (the first token at or after the cursor) of `text`'s tokens. */
export function scopeAt(text: string, tokens: readonly IToken[], at: number, queryFilter: string | undefined): ScopeAt {
  let events = pinnedBy(queryFilter);
  const agg = enclosingAggregate(tokens, at);
  if (!agg) return { inAggregate: false, events };
  for (const c of conditionTexts(text, tokens, agg.open, agg.spec)) events = intersect(events, pinnedBy(c));
  return { inAggregate: true, events };
}
