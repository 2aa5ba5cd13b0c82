/** The examples menu: every `examples/*.metric.json`, resolved against the demo clock. */
import { MetricDefinitionSchema, CatalogueFileSchema, resolveRange, withCatalogue, demoSchema, DEMO_NOW, type MetricDefinition } from '../../src/index.js';
import { dashboardOf } from './state.js';
import type { PlaygroundState } from './state.js';

const files = import.meta.glob('../../examples/*.metric.json', { eager: true, import: 'default' });
const catalogues = import.meta.glob('../../examples/*.metrics.json', { eager: true, import: 'default' });

/** A definition naming a catalogue file opens with the demo schema and that catalogue joined. */
function schemaTextOf(def: MetricDefinition): string | undefined {
  if (!def.metrics) return undefined;
  const json = catalogues[`../../examples/${def.metrics}`];
  return json === undefined ? undefined : JSON.stringify(withCatalogue(demoSchema, CatalogueFileSchema.parse(json)), null, 2);
}

/** A `formulas` definition opens as a dashboard (lines `name: formula`) when its names allow it. */
function formulaTextOf(def: MetricDefinition): string {
  if (!def.formulas) return def.formula ?? '';
  const lines = Object.entries(def.formulas).map(([name, f]) => `${name}: ${f}`).join('\n');
  return dashboardOf(lines) ? lines : (Object.values(def.formulas)[0] ?? '');
}

export const EXAMPLES: readonly { readonly file: string; readonly def: MetricDefinition }[] = Object.entries(files)
  .map(([path, json]) => ({ file: path.split('/').pop()!, def: MetricDefinitionSchema.parse(json) }))
  .sort((a, b) => a.def.name.localeCompare(b.def.name));

export function exampleState(def: MetricDefinition): PlaygroundState {
  const { from, to } = resolveRange(def.range, new Date(DEMO_NOW));
  return {
    formula: formulaTextOf(def),
    filter: def.filter ?? '',
    tenant: def.tenant,
    from,
    to,
    granularity: def.granularity ?? '',
    timezone: def.timezone ?? 'UTC',
    groupBy: (def.groupBy ?? []).join(', '),
    limit: def.limit !== undefined ? String(def.limit) : '',
    compare: '',
    schemaText: schemaTextOf(def),
  };
}
