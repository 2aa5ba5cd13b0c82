/**
 * Text from formulas, files and engines is untrusted: written raw to a terminal, an escape
 * sequence (`\x1b]0;…\x07`, `\x1b[2J`), a carriage return or a bidi override could retitle the
 * window, clear the screen or make the caret point at the wrong text. Every control character
 * (C0, DEL, C1) and every bidi control is shown as a visible escape instead.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\t') return '\\t';
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control and bidi character shown as an escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** How many columns `text` takes once made terminal-safe (for aligning a caret under it). */
export function safeWidth(text: string): number {
  return terminalSafe(text).length;
}
