/** Loading metric definition files and the schema files they name (relative to the definition). */
import { parseShape } from '../util/shape.js';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MetricDefinitionSchema, type MetricDefinition } from '../metric/definition.js';

export interface LoadedDefinition {
  readonly file: string;
  readonly shown: string;
  readonly definition: MetricDefinition | undefined;
  readonly schema: unknown;
  readonly problem: string | undefined;
}

const schemas = new Map<string, unknown>();

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function loadSchema(file: string): unknown {
  const full = resolve(file);
  if (!schemas.has(full)) schemas.set(full, readJson(full));
  return schemas.get(full);
}

export function definitionFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.metric.json'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
}

export function loadDefinition(file: string): LoadedDefinition {
  const shown = relative(process.cwd(), file) || file;
  try {
    const parsed = parseShape(MetricDefinitionSchema, readJson(file));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { file, shown, definition: undefined, schema: undefined, problem: `invalid definition at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
    }
    const schemaFile = join(dirname(file), parsed.data.schema);
    if (!existsSync(schemaFile)) return { file, shown, definition: parsed.data, schema: undefined, problem: `schema file ${parsed.data.schema} not found` };
    return { file, shown, definition: parsed.data, schema: loadSchema(schemaFile), problem: undefined };
  } catch (e) {
    return { file, shown, definition: undefined, schema: undefined, problem: `cannot read: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** The fixed clock for relative ranges: --now, else `now` in DIR/metricc.config.json. */
export function clockFor(dir: string, flag: string | undefined): Date | undefined {
  const text = flag ?? (existsSync(join(dir, 'metricc.config.json')) ? (readJson(join(dir, 'metricc.config.json')) as { now?: string }).now : undefined);
  if (text === undefined) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
