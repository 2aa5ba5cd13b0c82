/**
 * The metrics catalogue: the named metrics the tenant sees (its own over shared ones), each with
 * its formula, filter and description; a name inserts the metric into the formula; Edit fills the
 * form, which defines or replaces one of the tenant's own metrics in the schema's `metrics`
 * (the mapping documents' JSON, so a shared link carries it). Go to definition (F12 or Ctrl/Cmd-
 * click on a name in the formula) opens the panel at that metric.
 */
import { describeTenant } from '../../../src/index.js';

export interface MetricDraft {
  readonly name: string;
  readonly formula: string;
  readonly filter: string;
  readonly description: string;
}

export interface CatalogueActions {
  insert(name: string): void;
  edit(draft: MetricDraft): void;
}

export function renderCatalogue(list: HTMLElement, summary: HTMLElement, schema: unknown, tenant: string, on: CatalogueActions): void {
  const metrics = describeTenant(schema, tenant).metrics;
  summary.textContent = `${metrics.length} named metric${metrics.length === 1 ? '' : 's'} for ${tenant}`;
  list.replaceChildren(
    ...metrics.map((m) => {
      const li = document.createElement('li');
      li.dataset['metric'] = m.name;
      const name = Object.assign(document.createElement('button'), { type: 'button', className: 'metric-name', textContent: m.name, title: 'Insert into the formula' });
      name.addEventListener('click', () => on.insert(m.name));
      li.append(name);
      if ('broken' in m && m.broken) {
        li.append(Object.assign(document.createElement('span'), { className: 'diag error', textContent: ` ${m.broken}` }));
        return li;
      }
      const info = m as { formula: string; filter?: string; description?: string };
      li.append(' = ', Object.assign(document.createElement('code'), { textContent: info.formula }));
      if (info.filter) li.append(' where ', Object.assign(document.createElement('code'), { textContent: info.filter }));
      if (info.description) li.append(Object.assign(document.createElement('div'), { className: 'metric-description', textContent: info.description }));
      const edit = Object.assign(document.createElement('button'), { type: 'button', className: 'metric-edit', textContent: 'Edit' });
      edit.addEventListener('click', () => on.edit({ name: m.name, formula: info.formula, filter: info.filter ?? '', description: info.description ?? '' }));
      li.append(' ', edit);
      return li;
    }),
  );
}

/** The schema with `draft` as one of `tenant`'s own metrics (replacing its own of that name). */
export function withMetric(schema: unknown, tenant: string, draft: MetricDraft): unknown {
  const base = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : {};
  const others = (Array.isArray(base['metrics']) ? base['metrics'] : []).filter((m: unknown) => {
    const e = m as { name?: unknown; productId?: unknown };
    return !(e?.name === draft.name && e?.productId === tenant);
  });
  const entry = { name: draft.name, formula: draft.formula, ...(draft.filter.trim() ? { filter: draft.filter } : {}), ...(draft.description.trim() ? { description: draft.description } : {}), productId: tenant };
  return { ...base, metrics: [...others, entry] };
}

/** Open the panel at a metric (go to definition); false when the tenant has no such metric. */
export function revealMetric(panel: HTMLDetailsElement, list: HTMLElement, name: string): boolean {
  const li = [...list.querySelectorAll<HTMLElement>('li[data-metric]')].find((el) => el.dataset['metric'] === name);
  if (!li) return false;
  panel.open = true;
  for (const el of list.querySelectorAll<HTMLElement>('li[data-highlight]')) delete el.dataset['highlight'];
  li.dataset['highlight'] = 'true';
  li.scrollIntoView({ block: 'nearest' });
  return true;
}
