/** Printing a CompileError's diagnostics, compiler style. */
import { CompileError } from '../diagnostics/index.js';
import { printDiagnostic } from './print-diagnostic.js';
import { style } from './style.js';
import type { Io } from './args.js';

export function reportCompileError(e: unknown, query: Record<string, unknown>, where: string, io: Io): boolean {
  if (!(e instanceof CompileError)) return false;
  const s = style(process.stderr);
  for (const d of e.diagnostics) io.err(printDiagnostic(d, { formula: query['formula'] as string | undefined, filter: query['filter'] as string | undefined, formulas: query['formulas'] as Record<string, string> | undefined }, where, s));
  return true;
}
