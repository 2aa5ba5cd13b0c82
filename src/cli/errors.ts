/**
 * What the command line tells a person instead of a stack trace. A `UsageError` is a mistake in
 * the command (exit 2); a `CliError` is a problem with what the command was given — a file that
 * is missing, a directory, JSON that does not parse, an engine that cannot start (exit 1). Only a
 * real bug is an "internal error" (exit 70).
 */
export class CliError extends Error {}

/** One line, safe to print: no stack, no multi-line driver dump. */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 500);
}
