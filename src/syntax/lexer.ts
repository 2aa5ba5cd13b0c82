/**
 * Tokenizing: chevrotain's lexer over `tokens.ts`, plus the bound on parser recursion. Lexer
 * errors become `unexpected-character` diagnostics (the lexer skips the character and goes on,
 * so one pass reports every stray character).
 */
import { Lexer, type IToken } from 'chevrotain';
import { ALL_TOKENS, LParen, RParen, Keyword, UnterminatedName, UnterminatedString } from './tokens.js';
import { diagnostic, type Diagnostic, type SourceName, type Span } from '../diagnostics/index.js';

let lexer: Lexer | undefined;

function instance(): Lexer {
  lexer ??= new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  return lexer;
}

const CHARACTER_HINTS: Record<string, string> = {
  ';': 'a formula is one expression; `;` cannot separate statements',
  '[': 'lists are written in parentheses: `x IN (1, 2)`',
  ']': 'lists are written in parentheses: `x IN (1, 2)`',
  '#': 'comments are not part of the formula language',
  '|': 'use OR to combine conditions',
  '&': 'use AND to combine conditions',
  '!': 'use NOT to negate a condition, or `!=` to compare',
  '{': 'braces are not part of the formula language',
  '}': 'braces are not part of the formula language',
};

/** Where a token ends (UTF-16 offset just past its text). */
export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/** The span a token covers in its source text. */
export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: tokenEnd(t) };
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function lex(text: string, source: SourceName): LexResult {
  const result = instance().tokenize(text);
  const diagnostics = result.errors.map((e) => {
    const ch = text.slice(e.offset, e.offset + 1);
    const hint = CHARACTER_HINTS[ch];
    const shown = /[\x00-\x1f\x7f]/.test(ch) ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ch;
    return diagnostic(
      'unexpected-character',
      source,
      text,
      { start: e.offset, end: e.offset + e.length },
      `\`${shown}\` cannot appear here${hint ? `: ${hint}` : ''}`,
    );
  });
  for (const t of result.tokens) {
    const span = tokenSpan(t);
    if (t.tokenType === UnterminatedString) {
      const quote = t.image[0] === '"' ? '`"`' : "`'`";
      diagnostics.push(diagnostic('unterminated-string', source, text, span, `this string is never closed: add the closing ${quote}`));
    } else if (t.tokenType === UnterminatedName) {
      diagnostics.push(diagnostic('unterminated-quoted-name', source, text, span, 'this quoted name is never closed: add the closing backtick'));
    }
  }
  return { tokens: result.tokens, diagnostics };
}

/**
 * The first token at which parentheses plus CASEs nest deeper than `max`, if any. Only these
 * deepen the parser's recursion, so checking them here keeps pathological input away from the
 * call stack.
 */
export function tooDeepToken(tokens: readonly IToken[], max: number): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === LParen || type === Keyword.CASE) {
      if (++depth > max) return t;
    } else if (type === RParen || type === Keyword.END) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
