/**
 * The schema panel: the tenant's events with each property's slot and type (from the same index
 * the compiler uses), and the mapping documents as editable JSON. JSON syntax errors are shown
 * with line and column; a parsed document is handed to the compiler, whose schema diagnostics
 * (shape, poisoned slots, slot conflicts, unknown types) appear under the editor.
 */
import { describeTenant, type Diagnostic } from '../../../src/index.js';

export function renderSchemaTable(target: HTMLElement, summary: HTMLElement, schema: unknown, tenant: string): void {
  const d = describeTenant(schema, tenant);
  const props = d.events.reduce((n, e) => n + e.properties.length, 0);
  summary.textContent = `tenant ${tenant}: ${d.events.length} events, ${d.properties.length} properties (${props} slot entries)`;
  const table = document.createElement('table');
  table.className = 'table schema';
  table.createTHead().innerHTML = '<tr><th>event</th><th>property</th><th>slot</th><th>type</th></tr>';
  const body = table.createTBody();
  for (const e of d.events) {
    e.properties.forEach((p, i) => {
      const tr = body.insertRow();
      const ev = tr.insertCell();
      if (i === 0) {
        ev.textContent = e.name;
        ev.rowSpan = e.properties.length;
        ev.className = 'event';
      } else {
        tr.deleteCell(0);
      }
      tr.insertCell().textContent = p.name;
      tr.insertCell().textContent = p.slot;
      tr.insertCell().textContent = p.types.join(' | ');
    });
  }
  target.replaceChildren(table);
}

/** JSON text → value, or the parser's message with a line and column when it can tell. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) return { ok: false, message };
    const offset = Number(at[1]);
    const before = text.slice(0, offset).split('\n');
    return { ok: false, message: `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${before.length}, column ${before[before.length - 1]!.length + 1})` };
  }
}

export function renderSchemaErrors(target: HTMLElement, jsonError: string | undefined, diagnostics: readonly Diagnostic[]): void {
  const items: HTMLElement[] = [];
  if (jsonError) items.push(Object.assign(document.createElement('li'), { className: 'diag error', textContent: `JSON: ${jsonError}` }));
  for (const d of diagnostics) {
    if (d.source !== 'schema') continue;
    items.push(Object.assign(document.createElement('li'), { className: `diag ${d.severity}`, textContent: `${d.path ?? ''}: ${d.message}` }));
  }
  target.replaceChildren(...items);
}

/** The tenants the schema's documents name (for the tenant picker). */
export function tenantsOf(schema: unknown): string[] {
  const events = (schema as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return [];
  return [...new Set(events.map((e) => (e as { productId?: unknown })?.productId).filter((t): t is string => typeof t === 'string'))].sort();
}
