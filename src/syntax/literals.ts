/**
 * Decoding the text of string literals and quoted names (docs/language.md §1). Escapes:
 * `\\ \' \" \n \r \t \0 \uXXXX` and a doubled quote; an unknown escape is an error at its own
 * two characters, so the caret lands on the backslash.
 */
import type { Span } from '../diagnostics/index.js';

export interface DecodeProblem {
  readonly span: Span;
  readonly message: string;
}

export interface Decoded {
  readonly value: string;
  readonly problem?: DecodeProblem;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', '0': '\0' };

/** The body of a quoted string token whose text starts at `offset` (quotes included). */
export function decodeString(image: string, offset: number): Decoded {
  const quote = image[0]!;
  const body = image.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) {
      out += quote; // a doubled quote: the lexer guarantees its twin follows
      i++;
    } else if (c !== '\\') {
      out += c;
    } else {
      const at = offset + 1 + i;
      const next = body[i + 1] ?? '';
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        out += simple;
        i++;
      } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(body.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        const shown = next === 'u' ? '\\u' : `\\${next}`;
        const message =
          next === 'u'
            ? '`\\u` must be followed by exactly four hexadecimal digits, as in `\\u00e9`'
            : `unknown escape \`${shown}\`; write \`\\\\\` for a backslash (known escapes: \\\\ \\' \\" \\n \\r \\t \\0 \\uXXXX)`;
        return { value: out, problem: { span: { start: at, end: at + Math.min(2, 1 + next.length) }, message } };
      }
    }
  }
  return { value: out };
}

/** The name inside backticks, with doubled backticks undone. */
export function decodeQuotedName(image: string): string {
  return image.slice(1, -1).replace(/``/g, '`');
}
