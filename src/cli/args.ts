/** Flag parsing shared by the commands: strict (an unknown flag is a usage error, exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { demoSchema } from '../demo/index.js';
import { readJson } from './definitions.js';

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

export function schemaFromFlag(file: string | boolean | undefined): unknown {
  if (typeof file !== 'string') return demoSchema;
  if (!existsSync(file)) throw new UsageError(`schema file ${file} not found`);
  return readJson(file);
}
