/** The compiled query's outputs: SQL, parameters, result columns, cache key, compile time. */
import type { CompiledQuery } from '../../../src/index.js';
import { renderSql } from './sql-view.js';
import { formatSql, paramTypes } from './sql-format.js';

export interface OutputElements {
  readonly sql: HTMLElement;
  readonly params: HTMLTableElement;
  readonly columns: HTMLElement;
  readonly cacheKey: HTMLElement;
  readonly time: HTMLElement;
  readonly route: HTMLElement;
}

/** Which table the query reads: a rollup badge when one serves it, with why others did not. */
function renderRoute(el: HTMLElement, compiled: CompiledQuery): void {
  const { route } = compiled;
  el.textContent = route.rollup ? `rollup: ${route.rollup}` : `reads ${route.table}`;
  if (route.rollup) el.dataset['rollup'] = route.rollup;
  else delete el.dataset['rollup'];
  el.title = route.refused.length === 0 ? (route.rollup ? 'Served from a rollup: the same answer as over the events, from pre-aggregated states.' : 'No rollup is declared for this tenant.') : route.refused.map((r) => `${r.rollup} not used: ${r.reason}`).join('\n');
}

function renderParams(table: HTMLTableElement, compiled: CompiledQuery): void {
  const types = paramTypes(compiled.sql);
  const head = document.createElement('thead');
  head.innerHTML = '<tr><th>name</th><th>type</th><th>value</th></tr>';
  const body = document.createElement('tbody');
  for (const [name, value] of Object.entries(compiled.params)) {
    const tr = body.insertRow();
    tr.dataset['param'] = name;
    tr.insertCell().textContent = name;
    tr.insertCell().textContent = types.get(name) ?? '';
    tr.insertCell().textContent = JSON.stringify(value);
  }
  table.replaceChildren(head, body);
}

let rendered: string | undefined;

export function renderOutputs(el: OutputElements, compiled: CompiledQuery | undefined, ms: number): void {
  el.time.textContent = `compiled in ${ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`}`;
  el.sql.dataset['state'] = compiled ? 'fresh' : 'stale';
  if (!compiled) return;
  // The cache key covers SQL, params and columns: the same key shows the same outputs.
  if (compiled.cacheKey === rendered) return;
  rendered = compiled.cacheKey;
  renderSql(el.sql, formatSql(compiled.sql));
  renderParams(el.params, compiled);
  el.columns.replaceChildren(
    ...compiled.columns.map((c) => {
      const code = document.createElement('code');
      code.textContent = `${c.name}: ${c.type}`;
      return code;
    }),
  );
  el.cacheKey.textContent = compiled.cacheKey;
  renderRoute(el.route, compiled);
}
