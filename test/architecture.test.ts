/**
 * The architecture as data: which folder of src/ may import which. Phases point one way —
 * syntax → ast → check → (model) → emit → query — and the front end and the back end meet only
 * at `model/` (the checked IR, types, the function catalogue, the layout): emit and query import
 * nothing from check or syntax. Only the CLI may import Node built-ins; the core runs in a browser.
 * A new import that crosses a line fails here until the map says it may.
 */
import { expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const SRC = join(import.meta.dirname, '../src');

/** folder (or top-level file) → the folders it may import from. */
const ALLOWED: Record<string, readonly string[]> = {
  util: ['diagnostics'],
  diagnostics: [],
  limits: [],
  ast: ['diagnostics'],
  model: ['ast', 'util'],
  syntax: ['ast', 'diagnostics', 'limits'],
  check: ['ast', 'diagnostics', 'limits', 'model', 'util'],
  emit: ['model', 'util'],
  query: ['emit', 'model', 'util'],
  ddl: ['emit', 'model'],
  metric: ['model', 'query'],
  demo: ['model'],
  compile: ['check', 'diagnostics', 'emit', 'limits', 'model', 'query', 'route', 'syntax', 'util'],
  rollup: ['check', 'compile', 'emit', 'limits', 'model', 'query', 'route', 'util'],
  route: ['check', 'diagnostics', 'emit', 'limits', 'model', 'query', 'syntax', 'util'],
  service: ['ast', 'check', 'diagnostics', 'model', 'syntax', 'util'],
  index: ['ast', 'compile', 'ddl', 'demo', 'diagnostics', 'emit', 'limits', 'metric', 'model', 'query', 'rollup', 'route', 'service', 'syntax'],
  run: ['demo', 'emit', 'query', 'util'],
  cache: ['run', 'util'],
  provider: ['compile', 'diagnostics', 'model'],
  cli: ['ast', 'ddl', 'demo', 'diagnostics', 'index', 'metric', 'model', 'rollup', 'run', 'syntax', 'util'],
};
const NODE_ALLOWED = new Set(['cli']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function folderOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.[jt]s$/, '');
}

it('imports between folders follow the map, and only the CLI reaches Node built-ins', () => {
  const wrong: string[] = [];
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      wrong.push(`${relative(SRC, file)}: folder ${from} is not in the map`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:') || /^(fs|path|os|crypto|child_process|url)$/.test(spec)) {
        if (!NODE_ALLOWED.has(from)) wrong.push(`${relative(SRC, file)} imports ${spec}`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const to = folderOf(normalize(join(dirname(file), spec)));
      if (to !== from && !allowed.includes(to)) wrong.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
    }
  }
  expect(wrong).toEqual([]);
});

it('the map has no cycles between folders', () => {
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cycle = (f: string): boolean => {
    if (done.has(f)) return false;
    if (visiting.has(f)) return true;
    visiting.add(f);
    const found = (ALLOWED[f] ?? []).some(cycle);
    visiting.delete(f);
    done.add(f);
    return found;
  };
  expect(Object.keys(ALLOWED).filter(cycle)).toEqual([]);
});
