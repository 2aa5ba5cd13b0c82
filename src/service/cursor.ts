/**
 * What the cursor is in, read off the tokens around it: an operand can start here (names,
 * functions, literals), an operand just ended (operators, FILTER), or the cursor is where an event
 * name goes (`event = |`, `event IN ('a', |`, or inside that string). Works on unfinished text —
 * it needs only the lexer, never a successful parse.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from 'chevrotain';
import { lex, tokenEnd } from '../syntax/lexer.js';
import {
  Identifier, NumberLit, StringLit, QuotedName, LParen, RParen, Comma, Keyword, KEYWORD_TYPES,
  Eq, EqEq, NotEq, LtGt, UnterminatedString, Star,
} from '../syntax/tokens.js';
import type { SourceName } from '../diagnostics/index.js';

export type CursorKind = 'operand' | 'operator' | 'event-value' | 'none';

export interface Cursor {
  readonly kind: CursorKind;
  /** The text the completion replaces: [from, to). */
  readonly from: number;
  readonly to: number;
  /** What is typed so far (text from `from` to the cursor). */
  readonly prefix: string;
  /** For `event-value`: the cursor is already inside quotes. */
  readonly inString: boolean;
  readonly tokens: readonly IToken[];
  /** Index of the last token before the replaced text (-1: none). */
  readonly before: number;
}

const isWord = (t: IToken): boolean => t.tokenType === Identifier || KEYWORD_TYPES.has(t.tokenType);
const isTerminatedString = (t: IToken): boolean => tokenMatcher(t, StringLit) && t.tokenType !== UnterminatedString;
const isEventName = (t: IToken | undefined): boolean => t?.tokenType === Identifier && t.image === 'event';

/** Does the operand slot after token `i` take an event name? (`event =`, `event IN (… ,`) */
export function eventSlotAfter(tokens: readonly IToken[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.tokenType === Eq || t.tokenType === EqEq || t.tokenType === NotEq || t.tokenType === LtGt) return isEventName(tokens[i - 1]);
  if (t.tokenType !== LParen && t.tokenType !== Comma) return false;
  let j = i;
  while (tokens[j]?.tokenType === Comma) {
    const value = tokens[j - 1];
    if (!value || !isTerminatedString(value)) return false;
    j -= 2;
  }
  if (tokens[j]?.tokenType !== LParen || tokens[j - 1]?.tokenType !== Keyword.IN) return false;
  const k = tokens[j - 2]?.tokenType === Keyword.NOT ? j - 3 : j - 2;
  return isEventName(tokens[k]);
}

const ENDS_OPERAND = new Set([NumberLit, RParen, Identifier, Keyword.NULL, Keyword.TRUE, Keyword.FALSE, Keyword.END]);

function endsOperand(tokens: readonly IToken[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.tokenType === Star) return tokens[i - 1]?.tokenType === LParen; // COUNT(*)
  return ENDS_OPERAND.has(t.tokenType) || isTerminatedString(t) || tokenMatcher(t, QuotedName);
}

function contextAfter(tokens: readonly IToken[], before: number, from: number, to: number, prefix: string): Cursor {
  const kind: CursorKind = eventSlotAfter(tokens, before) ? 'event-value' : endsOperand(tokens, before) ? 'operator' : 'operand';
  return { kind, from, to, prefix, inString: false, tokens, before };
}

export function cursorAt(text: string, offset: number, source: SourceName = 'formula'): Cursor {
  const { tokens } = lex(text, source);
  const at = tokens.findIndex((t) => t.startOffset < offset && offset <= tokenEnd(t));
  const t = at >= 0 ? tokens[at]! : undefined;
  if (!t) {
    let before = -1;
    for (let i = 0; i < tokens.length && tokenEnd(tokens[i]!) <= offset; i++) before = i;
    return contextAfter(tokens, before, offset, offset, '');
  }
  if (isWord(t)) return contextAfter(tokens, at - 1, t.startOffset, tokenEnd(t), text.slice(t.startOffset, offset));
  if (tokenMatcher(t, StringLit)) {
    const closed = t.tokenType !== UnterminatedString;
    if (closed && offset === tokenEnd(t)) return contextAfter(tokens, at, offset, offset, '');
    if (!eventSlotAfter(tokens, at - 1)) return { kind: 'none', from: offset, to: offset, prefix: '', inString: true, tokens, before: at - 1 };
    const to = closed ? tokenEnd(t) - 1 : tokenEnd(t);
    return { kind: 'event-value', from: t.startOffset + 1, to, prefix: text.slice(t.startOffset + 1, offset), inString: true, tokens, before: at - 1 };
  }
  if (t.tokenType === NumberLit || tokenMatcher(t, QuotedName)) return { kind: 'none', from: offset, to: offset, prefix: '', inString: false, tokens, before: at - 1 };
  // The cursor right after an operator or parenthesis: a fresh slot after it.
  return contextAfter(tokens, at, offset, offset, '');
}
