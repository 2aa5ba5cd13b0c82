/**
 * The safety settings every executor sends with every query, enforced by the engine itself:
 * `readonly` (2: read-only, yet a client may still send its own settings; 1 would refuse those),
 * `max_execution_time` (seconds; the engine stops the query, so a timed-out query really ends),
 * `max_result_rows` with `result_overflow_mode = 'throw'`, and `max_memory_usage` (bytes).
 * In ClickHouse 0 means "unlimited" (and readonly 0 allows writes), so 0 is refused here: a
 * limit is a positive number or the default. https://clickhouse.com/docs/operations/settings/query-complexity
 */
import { z } from 'zod';
import { ExecutionError } from './executor.js';

export interface SafetySettings {
  readonly readonly: 1 | 2;
  readonly max_execution_time: number;
  readonly max_result_rows: number;
  readonly max_memory_usage: number;
}

export const DEFAULT_SAFETY: SafetySettings = { readonly: 2, max_execution_time: 30, max_result_rows: 1_000_000, max_memory_usage: 4_000_000_000 };

const SafetySchema = z
  .object({
    readonly: z.union([z.literal(1), z.literal(2)]),
    max_execution_time: z.number().positive().max(86_400),
    max_result_rows: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    max_memory_usage: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .partial()
  .strict();

/** The defaults with the caller's changes, or a `config` error naming the bad field. */
export function safetySettings(given: unknown): SafetySettings {
  const parsed = SafetySchema.safeParse(given ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExecutionError('config', `safety.${issue.path.join('.') || '?'}: ${issue.message} (0 would mean "unlimited" in ClickHouse; give a positive limit, and readonly 1 or 2)`);
  }
  return { ...DEFAULT_SAFETY, ...(parsed.data as Partial<SafetySettings>) };
}

/** `max_execution_time` for one query: the safety limit, or the caller's timeout when shorter. */
export function executionSeconds(safety: SafetySettings, timeoutMs: number | undefined): number {
  return timeoutMs === undefined ? safety.max_execution_time : Math.min(safety.max_execution_time, Math.max(timeoutMs, 1) / 1000);
}

/** A SETTINGS clause with the safety limits (for engines that take settings only in the SQL). */
export function settingsClause(safety: SafetySettings, timeoutMs: number | undefined): string {
  return (
    `SETTINGS readonly = ${safety.readonly}, max_execution_time = ${executionSeconds(safety, timeoutMs)}, timeout_overflow_mode = 'throw', ` +
    `max_result_rows = ${safety.max_result_rows}, result_overflow_mode = 'throw', max_memory_usage = ${safety.max_memory_usage}`
  );
}
