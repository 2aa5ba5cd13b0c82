/** Loading metric definition files and the schema files they name (relative to the definition). */
import { parseShape } from '../util/shape.js';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MetricDefinitionSchema, type MetricDefinition } from '../metric/definition.js';
import { CatalogueFileSchema, withCatalogue } from '../metric/catalogue.js';
import { CliError, firstLine } from './errors.js';

export interface LoadedDefinition {
  readonly file: string;
  readonly shown: string;
  readonly definition: MetricDefinition | undefined;
  readonly schema: unknown;
  readonly problem: string | undefined;
}

const schemas = new Map<string, unknown>();

/** A JSON file's content, or a CliError saying in one sentence why it cannot be had. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new CliError(`${file} is a directory, not a JSON file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as { code?: string }).code;
    throw new CliError(code === 'ENOENT' ? `${file} not found` : `cannot read ${file}: ${firstLine(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${firstLine(e)}`);
  }
}

function loadSchema(file: string): unknown {
  const full = resolve(file);
  if (!schemas.has(full)) schemas.set(full, readJson(full));
  return schemas.get(full);
}

const catalogues = new Map<string, unknown>();

/**
 * The schema with a catalogue file's entries joined (one object per schema and catalogue pair, so
 * the compiler's per-schema index is shared), or why the catalogue file cannot be used.
 */
function loadCatalogue(schemaFile: string, catalogueFile: string): unknown {
  const key = `${resolve(schemaFile)}\u0000${resolve(catalogueFile)}`;
  if (!catalogues.has(key)) {
    const parsed = parseShape(CatalogueFileSchema, readJson(catalogueFile));
    const schema = loadSchema(schemaFile);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return `catalogue file ${relative(process.cwd(), catalogueFile) || catalogueFile} is not valid at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    }
    catalogues.set(key, typeof schema === 'object' && schema !== null ? withCatalogue(schema, parsed.data) : schema);
  }
  return catalogues.get(key);
}

export function definitionFiles(paths: readonly string[]): string[] {
  for (const p of paths) if (!existsSync(p)) throw new CliError(`${p} not found`);
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
    if (parsed.data.metrics === undefined) return { file, shown, definition: parsed.data, schema: loadSchema(schemaFile), problem: undefined };
    const catalogueFile = join(dirname(file), parsed.data.metrics);
    if (!existsSync(catalogueFile)) return { file, shown, definition: parsed.data, schema: undefined, problem: `catalogue file ${parsed.data.metrics} not found` };
    const catalogue = loadCatalogue(schemaFile, catalogueFile);
    if (typeof catalogue === 'string') return { file, shown, definition: parsed.data, schema: undefined, problem: catalogue };
    return { file, shown, definition: parsed.data, schema: catalogue, problem: undefined };
  } catch (e) {
    return { file, shown, definition: undefined, schema: undefined, problem: firstLine(e) };
  }
}

/** The fixed clock for relative ranges: --now, else `now` in DIR/metricc.config.json. */
export function clockFor(dir: string, flag: string | undefined): Date | undefined {
  const text = flag ?? (existsSync(join(dir, 'metricc.config.json')) ? (readJson(join(dir, 'metricc.config.json')) as { now?: string }).now : undefined);
  if (text === undefined) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
