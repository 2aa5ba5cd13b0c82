/** The examples menu: every `examples/*.metric.json`, resolved against the demo clock. */
import { MetricDefinitionSchema, resolveRange, DEMO_NOW, type MetricDefinition } from '../../src/index.js';
import type { PlaygroundState } from './state.js';

const files = import.meta.glob('../../examples/*.metric.json', { eager: true, import: 'default' });

export const EXAMPLES: readonly { readonly file: string; readonly def: MetricDefinition }[] = Object.entries(files)
  .map(([path, json]) => ({ file: path.split('/').pop()!, def: MetricDefinitionSchema.parse(json) }))
  .sort((a, b) => a.def.name.localeCompare(b.def.name));

export function exampleState(def: MetricDefinition): PlaygroundState {
  const { from, to } = resolveRange(def.range, new Date(DEMO_NOW));
  return {
    // The playground edits one formula: a dashboard definition opens with its first.
    formula: def.formula ?? Object.values(def.formulas ?? {})[0] ?? '',
    filter: def.filter ?? '',
    tenant: def.tenant,
    from,
    to,
    granularity: def.granularity ?? '',
    timezone: def.timezone ?? 'UTC',
    groupBy: (def.groupBy ?? []).join(', '),
    limit: def.limit !== undefined ? String(def.limit) : '',
    compare: '',
    schemaText: undefined,
  };
}
