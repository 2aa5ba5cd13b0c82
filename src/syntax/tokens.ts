/**
 * Token types (chevrotain). Order matters: chevrotain tries patterns in order and takes the first
 * match, so longer operators precede their prefixes, and keywords precede `Identifier` with
 * `longer_alt` so that `android` stays a name. Unterminated strings and quoted names are tokens of
 * their own (in the same category as the good ones) so that the parser sees an operand and the
 * visitor reports one precise diagnostic instead of a cascade.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { KEYWORDS } from '../ast/keywords.js';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const Identifier = createToken({
  name: 'Identifier',
  label: 'a name',
  pattern: /[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/,
});

function keyword(word: string): TokenType {
  const lower = word.toLowerCase();
  return createToken({
    name: word,
    label: `\`${word}\``,
    pattern: new RegExp(lower, 'i'),
    longer_alt: Identifier,
    start_chars_hint: [word[0]!, lower[0]!],
  });
}

export const Keyword: Record<(typeof KEYWORDS)[number], TokenType> = Object.fromEntries(
  KEYWORDS.map((k) => [k, keyword(k)]),
) as Record<(typeof KEYWORDS)[number], TokenType>;

/** The keyword token types, for classifying tokens (highlighting). */
export const KEYWORD_TYPES: ReadonlySet<TokenType> = new Set(Object.values(Keyword));

export const NumberLit = createToken({
  name: 'NumberLit',
  label: 'a number',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
});

export const StringLit = createToken({ name: 'StringLit', label: 'a string', pattern: Lexer.NA });
export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: /'(?:[^'\\]|\\[\s\S]|'')*'/,
  categories: [StringLit],
  line_breaks: true,
});
export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: /"(?:[^"\\]|\\[\s\S]|"")*"/,
  categories: [StringLit],
  line_breaks: true,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /['"][\s\S]*/,
  categories: [StringLit],
  line_breaks: true,
});

export const QuotedName = createToken({ name: 'QuotedName', label: 'a name', pattern: Lexer.NA });
export const BacktickName = createToken({
  name: 'BacktickName',
  pattern: /`(?:[^`]|``)*`/,
  categories: [QuotedName],
  line_breaks: true,
});
export const UnterminatedName = createToken({
  name: 'UnterminatedName',
  pattern: /`[\s\S]*/,
  categories: [QuotedName],
  line_breaks: true,
});

export const CompareOp = createToken({ name: 'CompareOp', label: 'a comparison', pattern: Lexer.NA });
const op = (name: string, pattern: string, categories: TokenType[] = []): TokenType =>
  createToken({ name, label: `\`${pattern}\``, pattern, categories });
export const EqEq = op('EqEq', '==', [CompareOp]);
export const NotEq = op('NotEq', '!=', [CompareOp]);
export const LtGt = op('LtGt', '<>', [CompareOp]);
export const LtEq = op('LtEq', '<=', [CompareOp]);
export const GtEq = op('GtEq', '>=', [CompareOp]);
export const Eq = op('Eq', '=', [CompareOp]);
export const Lt = op('Lt', '<', [CompareOp]);
export const Gt = op('Gt', '>', [CompareOp]);
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Percent = op('Percent', '%');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const Comma = op('Comma', ',');

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  SingleQuoted,
  DoubleQuoted,
  UnterminatedString,
  StringLit,
  BacktickName,
  UnterminatedName,
  QuotedName,
  NumberLit,
  ...Object.values(Keyword),
  Identifier,
  CompareOp,
  EqEq,
  NotEq,
  LtGt,
  LtEq,
  GtEq,
  Eq,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  Comma,
];
