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
}

export interface DiagnosticExtras {
  readonly suggestions?: readonly string[];
  readonly path?: string;
}

/** 1-based line and column (UTF-16 code units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const limit = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < limit; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: limit - lineStart + 1 };
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
