/** The query controls: tenant, range, granularity, timezone, limit, group-by — state ⇄ inputs. */
import { describeTenant, BUILTINS, type Diagnostic } from '../../../src/index.js';
import type { PlaygroundState } from '../state.js';
import { tenantsOf } from '../panels/schema-panel.js';
import { $ } from '../dom.js';
import type { Page, PageActions } from './page.js';

const inputs = {
  tenant: $<HTMLSelectElement>('tenant'),
  granularity: $<HTMLSelectElement>('granularity'),
  from: $<HTMLInputElement>('from'),
  to: $<HTMLInputElement>('to'),
  timezone: $<HTMLInputElement>('timezone'),
  limit: $<HTMLInputElement>('limit'),
  groupBy: $<HTMLInputElement>('group-by'),
  compare: $<HTMLSelectElement>('compare'),
} as const;

export function wireQueryControls(actions: PageActions): void {
  for (const [field, el] of Object.entries(inputs) as [keyof typeof inputs, HTMLInputElement | HTMLSelectElement][]) {
    el.addEventListener('input', () => actions.change({ [field]: el.value } as Partial<PlaygroundState>));
  }
  const zones = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
  $('timezones').replaceChildren(...['UTC', ...zones].map((z) => Object.assign(document.createElement('option'), { value: z })));
}

export function fillTenants(page: Page): void {
  const tenants = tenantsOf(page.schema);
  if (!tenants.includes(page.state.tenant)) tenants.push(page.state.tenant);
  inputs.tenant.replaceChildren(...tenants.map((t) => Object.assign(document.createElement('option'), { value: t, textContent: t })));
  inputs.tenant.value = page.state.tenant;
}

export function fillGroupNames(page: Page): void {
  const names = [...Object.keys(BUILTINS), ...describeTenant(page.schema, page.state.tenant).properties.map((p) => p.name)];
  $('group-names').replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n })));
}

/** The inputs show the state's values (after a link or an example replaced it). */
export function showQueryControls(page: Page): void {
  for (const field of ['granularity', 'from', 'to', 'timezone', 'limit', 'groupBy', 'compare'] as const) inputs[field].value = page.state[field];
}

/** A query diagnostic's path names the control to mark (`groupBy[1]` → the group-by input). */
export function markInvalidInputs(diagnostics: readonly Diagnostic[]): void {
  for (const [field, el] of Object.entries(inputs)) {
    const problems = diagnostics.filter((d) => d.source === 'query' && d.path !== undefined && (d.path === field || d.path.startsWith(`${field}[`) || d.path.startsWith(`${field}.`)));
    el.toggleAttribute('aria-invalid', problems.length > 0);
    el.title = problems.map((d) => d.message).join('\n');
  }
}
