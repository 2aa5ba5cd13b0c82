/**
 * The one exception the public API throws for bad input: it carries every diagnostic.
 *
 * The package ships an ESM and a CJS build, and an application can load both (its own code in
 * one format, a dependency in the other): each has its own class, so plain `instanceof` would
 * fail across them. Every CompileError is branded with a `Symbol.for` key, shared by all copies
 * in a process; `CompileError.is(e)` tests the brand, and `instanceof CompileError` does too
 * (`Symbol.hasInstance`), whichever build made the error.
 */
import type { Diagnostic } from './diagnostic.js';

const BRAND = Symbol.for('metricc.CompileError');

export class CompileError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    const where = first ? `${first.source}:${first.line}:${first.column}` : 'metricc';
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${where}: ${first.message}${more}` : 'compile failed');
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Whether `e` is a CompileError from any copy of metricc (ESM or CJS build). */
  static is(e: unknown): e is CompileError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
  }

  static override [Symbol.hasInstance](e: unknown): boolean {
    return CompileError.is(e);
  }
}
