/** Running the compiled query on the local API's engine: the Run button, its status, stale results. */
import { comparisonQuery, dashboardOf, toQuery } from '../state.js';
import { renderTable, renderChart, renderDashboard, clearResult } from '../panels/results.js';
import { run } from '../api-client.js';
import { $ } from '../dom.js';
import type { Page } from './page.js';

const runStatus = $('run-status');
let engine = false;
let ranKey: string | undefined;
let running: AbortController | undefined;

export function setEngine(available: boolean): void {
  engine = available;
  updateRunButton(undefined);
  if (!engine) $('run').title = 'This build has no engine; `npm run playground` serves one.';
}

export function updateRunButton(page: Page | undefined): void {
  $('run').toggleAttribute('disabled', !page?.compiled || !engine);
}

/** The shown result is of another query than the one compiled now. */
export function markStale(page: Page): void {
  const result = $('result');
  if (ranKey !== undefined && ranKey !== page.compiled?.cacheKey) result.dataset['stale'] = 'true';
  else delete result.dataset['stale'];
}

export async function runQuery(page: Page): Promise<void> {
  if (!page.compiled || !engine) return;
  running?.abort();
  const controller = (running = new AbortController());
  const key = page.compiled.cacheKey;
  runStatus.textContent = 'running…';
  runStatus.dataset['state'] = 'running';
  try {
    const compare = comparisonQuery(page.state);
    const [reply, earlier] = await Promise.all([run(toQuery(page.state), page.schema, controller.signal), compare ? run(compare, page.schema, controller.signal) : undefined]);
    ranKey = key;
    renderTable($('result'), reply);
    const label = page.state.compare === '1' ? 'previous bucket' : `${page.state.compare} buckets earlier`;
    // A dashboard (lines `name: formula`): one query, one chart per formula.
    const dashboard = dashboardOf(page.state.formula);
    $('chart-box').hidden = dashboard !== undefined;
    if (dashboard) renderDashboard($('dashboard-charts'), reply, Object.keys(dashboard.formulas).length);
    else {
      $('dashboard-charts').replaceChildren();
      renderChart($<HTMLCanvasElement>('chart'), reply, earlier ? { out: earlier, label } : undefined);
    }
    const s = reply.stats;
    const compared = earlier ? ` · dashed: the formula ${label} (PREVIOUS, a second query)` : '';
    runStatus.textContent = `${reply.rows.length} row${reply.rows.length === 1 ? '' : 's'}${reply.truncated ? ' (the first ones; more were found)' : ''} · ran in ${s.elapsedMs.toFixed(1)} ms · read ${s.rowsRead.toLocaleString('en-US')} rows, ${(s.bytesRead / 1e6).toFixed(2)} MB${compared}`;
    runStatus.dataset['state'] = 'done';
    markStale(page);
  } catch (e) {
    if (controller.signal.aborted) return;
    clearResult($<HTMLCanvasElement>('chart'), $('result'));
    runStatus.textContent = (e as Error).message;
    runStatus.dataset['state'] = 'error';
  }
}

export function wireRunner(page: Page): void {
  $('run').addEventListener('click', () => void runQuery(page));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void runQuery(page);
    }
  });
}
