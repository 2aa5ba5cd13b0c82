/** Flag parsing shared by the commands: strict (an unknown flag is a usage error, exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { demoSchema } from '../demo/index.js';
import { dirname } from 'node:path';
import { clockFor, loadDefinition, readJson } from './definitions.js';
import { toQuery } from '../metric/definition.js';
import { CliError } from './errors.js';

export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const QUERY_FLAGS = {
  schema: { type: 'string' },
  tenant: { type: 'string' },
  formula: { type: 'string' },
  filter: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  granularity: { type: 'string' },
  timezone: { type: 'string' },
  'group-by': { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends ParseArgsConfig['options']>(args: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function queryFromFlags(v: Record<string, string | boolean | undefined>): Record<string, unknown> {
  for (const required of ['tenant', 'formula', 'from', 'to']) if (typeof v[required] !== 'string') throw new UsageError(`--${required} is required`);
  const limit = v['limit'] !== undefined ? Number(v['limit']) : undefined;
  if (limit !== undefined && !Number.isInteger(limit)) throw new UsageError('--limit takes a whole number');
  return {
    tenant: v['tenant'],
    formula: v['formula'],
    ...(v['filter'] !== undefined ? { filter: v['filter'] } : {}),
    from: v['from'],
    to: v['to'],
    ...(v['granularity'] !== undefined ? { granularity: v['granularity'] } : {}),
    ...(v['timezone'] !== undefined ? { timezone: v['timezone'] } : {}),
    ...(typeof v['group-by'] === 'string' ? { groupBy: v['group-by'].split(',').map((s) => s.trim()).filter((s) => s !== '') } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

/**
 * The query a command works on: a metric definition file given as the one positional argument
 * (its schema file, its range against --now, metricc.config.json beside it, or the real clock),
 * or the query flags.
 */
export function querySource(values: Record<string, string | boolean | undefined>, positionals: readonly string[]): { query: Record<string, unknown>; schema: unknown; where: string } {
  if (positionals.length > 1) throw new UsageError('give one metric definition file, or the query flags');
  const file = positionals[0];
  if (file === undefined) return { query: queryFromFlags(values), schema: schemaFromFlag(values['schema']), where: '' };
  for (const flag of ['tenant', 'formula', 'filter', 'from', 'to', 'schema']) if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with a definition file`);
  const loaded = loadDefinition(file);
  if (!loaded.definition || loaded.problem) throw new CliError(`${loaded.shown}: ${loaded.problem}`);
  const now = clockFor(dirname(file), typeof values['now'] === 'string' ? values['now'] : undefined) ?? new Date();
  return { query: toQuery(loaded.definition, now), schema: loaded.schema, where: loaded.shown };
}

export function schemaFromFlag(file: string | boolean | undefined): unknown {
  if (typeof file !== 'string') return demoSchema;
  if (!existsSync(file)) throw new CliError(`schema file ${file} not found`);
  return readJson(file);
}
