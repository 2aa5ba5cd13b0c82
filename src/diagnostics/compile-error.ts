/** The one exception the public API throws for bad input: it carries every diagnostic. */
import type { Diagnostic } from './diagnostic.js';

export class CompileError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    const where = first ? `${first.source}:${first.line}:${first.column}` : 'metricc';
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${where}: ${first.message}${more}` : 'compile failed');
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
  }
}
