/**
 * Token classes for syntax highlighting, read off the compiler's own lexer so that an editor can
 * never colour text differently from how the compiler reads it. A name directly followed by `(`
 * is a function; a built-in field is `builtin`; characters the lexer rejects are `invalid`.
 */
import { lex, tokenEnd } from '../syntax/lexer.js';
import { Identifier, NumberLit, StringLit, QuotedName, LParen, RParen, Comma, KEYWORD_TYPES } from '../syntax/tokens.js';
import { lookupBuiltin } from '../model/builtins.js';
import type { SourceName } from '../diagnostics/index.js';
import { tokenMatcher, type IToken } from 'chevrotain';

export type TokenClass = 'keyword' | 'function' | 'builtin' | 'name' | 'number' | 'string' | 'quoted-name' | 'operator' | 'punctuation' | 'invalid';

export interface ClassedToken {
  readonly start: number;
  readonly end: number;
  readonly class: TokenClass;
}

function classOf(t: IToken, next: IToken | undefined): TokenClass {
  const type = t.tokenType;
  if (KEYWORD_TYPES.has(type)) return 'keyword';
  if (type === Identifier) {
    if (next?.tokenType === LParen) return 'function';
    return lookupBuiltin(t.image) ? 'builtin' : 'name';
  }
  if (type === NumberLit) return 'number';
  if (tokenMatcher(t, StringLit)) return 'string';
  if (tokenMatcher(t, QuotedName)) return 'quoted-name';
  if (type === LParen || type === RParen || type === Comma) return 'punctuation';
  return 'operator';
}

/** Every token of `text` with its class, in order, plus `invalid` spans for rejected characters. */
export function highlightTokens(text: string, source: SourceName = 'formula'): ClassedToken[] {
  const { tokens, diagnostics } = lex(text, source);
  const out: ClassedToken[] = tokens.map((t, i) => ({ start: t.startOffset, end: tokenEnd(t), class: classOf(t, tokens[i + 1]) }));
  for (const d of diagnostics) {
    if (d.code === 'unexpected-character') out.push({ start: d.start, end: d.end, class: 'invalid' });
  }
  return out.sort((a, b) => a.start - b.start);
}
