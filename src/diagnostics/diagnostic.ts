/**
 * The diagnostic record and its one constructor. A diagnostic points at a span of one source
 * (`formula`, `filter`, `query`, `schema`); for `query` and `schema` problems `path` names the
 * offending field (`groupBy[1]`, `events[3].propertyMapping.amount.column`) and the span is 0..0.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from './codes.js';

export type SourceName = 'formula' | 'filter' | 'query' | 'schema';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly source: SourceName;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly suggestions?: readonly string[];
  readonly path?: string;
  /** Only on `too-many-diagnostics`: how many diagnostics were found but not listed (absent: uncounted). */
  readonly omitted?: number;
  /** A problem inside a referenced named metric: its name (the span is the reference's). */
  readonly metric?: string;
}

export interface DiagnosticExtras {
  readonly suggestions?: readonly string[];
  readonly path?: string;
  readonly metric?: string;
}

/**
 * Where each line of the last text asked about starts. Diagnostics of one source come in a row,
 * so remembering one text makes every position after the first a binary search instead of a
 * rescan from offset 0 (which made many diagnostics quadratic in the text's length).
 */
let lastText: string | undefined;
let lastLineStarts: readonly number[] = [0];

function lineStarts(text: string): readonly number[] {
  if (text === lastText) return lastLineStarts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lastText = text;
  lastLineStarts = starts;
  return starts;
}

/** 1-based line and column (UTF-16 code units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const limit = Math.min(Math.max(offset, 0), text.length);
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= limit) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: limit - starts[lo]! + 1 };
}

export function diagnostic(
  code: DiagnosticCode,
  source: SourceName,
  text: string,
  span: Span,
  message: string,
  extras: DiagnosticExtras = {},
): Diagnostic {
  const { line, column } = lineColumn(text, span.start);
  const d: Diagnostic = {
    code,
    severity: DIAGNOSTIC_CODES[code],
    message,
    source,
    start: span.start,
    end: span.end,
    line,
    column,
    ...(extras.suggestions && extras.suggestions.length > 0 ? { suggestions: extras.suggestions } : {}),
    ...(extras.path !== undefined ? { path: extras.path } : {}),
    ...(extras.metric !== undefined ? { metric: extras.metric } : {}),
  };
  return d;
}

/** A diagnostic about a field of the query or the schema, which have no text to point into. */
export function fieldDiagnostic(
  code: DiagnosticCode,
  source: 'query' | 'schema',
  path: string,
  message: string,
  suggestions?: readonly string[],
): Diagnostic {
  return diagnostic(code, source, '', { start: 0, end: 0 }, message, { path, ...(suggestions ? { suggestions } : {}) });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
