/**
 * The playground page: state ⇄ controls ⇄ URL, and one `analyze` per change — its diagnostics go
 * to the editors' underlines and the list, its compiled query to the output panels. Runs go to the
 * local API when there is one (`npm run playground`); a static build is compile-only. The page's
 * sections live in page/ (query controls, schema editor, URL state, runner); this file wires them
 * to one `Page` and does the checking.
 */
import './style.css';
import { analyze, parseFormula, demoSchema, type Diagnostic, type EditorContext } from '../../src/index.js';
import { createFormulaEditor, type FormulaEditor } from './editor/formula-editor.js';
import { dashboardOf, decodeState, toQuery, type PlaygroundState } from './state.js';
import { EXAMPLES, exampleState } from './examples.js';
import { renderDiagnostics } from './panels/diagnostics-list.js';
import { renderOutputs } from './panels/outputs.js';
import { renderAst } from './panels/ast-tree.js';
import { renderSchemaTable, renderSchemaErrors } from './panels/schema-panel.js';
import { health } from './api-client.js';
import { $, copyText } from './dom.js';
import type { Page, PageActions } from './page/page.js';
import { fillGroupNames, markInvalidInputs, showQueryControls, wireQueryControls } from './page/query-controls.js';
import { replaceSchema, showSchema, wireSchemaEditor } from './page/schema-editor.js';
import { renderCatalogue, revealMetric, withMetric, type MetricDraft } from './panels/catalogue-panel.js';
import { saveUrl, wireUrlState } from './page/url-state.js';
import { markStale, runQuery, setEngine, updateRunButton, wireRunner } from './page/runner.js';

const page: Page = { state: await decodeState(location.hash), schema: demoSchema, schemaJsonError: undefined, compiled: undefined };
let lastKey = 0;

/** Timings for tests and benchmarks: every check, and every keystroke → diagnostics shown. */
const timings = { compileMs: [] as number[], keyToDiagnosticsMs: [] as number[], keyToFrameMs: [] as number[] };
(window as unknown as { __metricc: unknown }).__metricc = { timings, state: () => page.state };

const contextOf = (source: 'formula' | 'filter') => (text: string, offset: number): EditorContext => ({
  text, offset, source, schema: page.schema, tenant: page.state.tenant, filter: source === 'formula' ? page.state.filter : undefined,
});

const formula: FormulaEditor = createFormulaEditor($('formula-editor'), {
  source: 'formula', initial: page.state.formula, placeholder: 'SUM(amount) / COUNT(DISTINCT user_id)', contextOf: contextOf('formula'),
  onChange: (text) => actions.change({ formula: text }),
  onRun: () => void runQuery(page),
  onDefinition: (name) => revealMetric(cataloguePanel, $('catalogue-list'), name),
});
const filter: FormulaEditor = createFormulaEditor($('filter-editor'), {
  source: 'filter', initial: page.state.filter, placeholder: "event = 'purchase' (optional)", contextOf: contextOf('filter'),
  onChange: (text) => actions.change({ filter: text }),
  onRun: () => void runQuery(page),
});

document.addEventListener('keydown', () => (lastKey = performance.now()), true);

// ── the metrics catalogue ───────────────────────────────────────────────────────────────────
const cataloguePanel = $<HTMLDetailsElement>('catalogue-panel');
const metricField = (id: string) => $<HTMLInputElement>(`metric-${id}`);
const catalogueActions = {
  insert: (name: string) => formula.insert(name),
  edit: (d: MetricDraft) => {
    for (const [k, v] of Object.entries(d)) metricField(k).value = v;
    metricField('formula').focus();
  },
};
$<HTMLFormElement>('metric-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const draft: MetricDraft = { name: metricField('name').value.trim(), formula: metricField('formula').value, filter: metricField('filter').value, description: metricField('description').value };
  if (draft.name === '' || draft.formula.trim() === '') return;
  replaceSchema(page, actions, withMetric(page.schema, page.state.tenant, draft));
});

// ── checking and showing ────────────────────────────────────────────────────────────────────
const out = { sql: $('sql'), params: $<HTMLTableElement>('params'), columns: $('columns'), cacheKey: $('cache-key'), time: $('compile-time'), route: $('route') };
const astPanel = $<HTMLDetailsElement>('ast-panel');
let shownSchema: { schema: unknown; tenant: string } = { schema: undefined, tenant: '' };

function reveal(d: Diagnostic): void {
  (d.source === 'filter' ? filter : formula).select(d.start, d.end);
}

/** A dashboard's diagnostics are relative to their line's formula: placed in the editor's text. */
function inFormulaText(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const dashboard = dashboardOf(page.state.formula);
  if (!dashboard) return [...diagnostics];
  return diagnostics.map((d) => {
    const key = d.path?.startsWith('formulas.') ? d.path.slice('formulas.'.length) : undefined;
    const at = key !== undefined ? dashboard.offsets[key] : undefined;
    if (at === undefined) return d;
    const before = page.state.formula.slice(0, d.start + at).split('\n');
    return { ...d, start: d.start + at, end: d.end + at, line: before.length, column: before[before.length - 1]!.length + 1 };
  });
}

function recheck(): void {
  const t0 = performance.now();
  const { diagnostics, compiled } = analyze(toQuery(page.state), page.schema);
  const ms = performance.now() - t0;
  timings.compileMs.push(ms);
  page.compiled = compiled;
  const inFormula = inFormulaText(diagnostics.filter((d) => d.source === 'formula'));
  formula.setDiagnostics(inFormula);
  filter.setDiagnostics(diagnostics.filter((d) => d.source === 'filter'));
  renderDiagnostics($('diagnostics'), [...inFormula, ...diagnostics.filter((d) => d.source !== 'schema' && d.source !== 'formula')], reveal);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const status = $('status');
  status.textContent = compiled ? (diagnostics.length > 0 ? `compiles · ${diagnostics.length} warning(s)` : 'compiles') : `${errors} error${errors === 1 ? '' : 's'}`;
  status.dataset['state'] = compiled ? 'ok' : 'error';
  renderOutputs(out, compiled, ms);
  markInvalidInputs(diagnostics);
  renderSchemaErrors($('schema-errors'), page.schemaJsonError, diagnostics);
  if (shownSchema.schema !== page.schema || shownSchema.tenant !== page.state.tenant) {
    renderSchemaTable($('schema-table'), $('schema-summary'), page.schema, page.state.tenant);
    renderCatalogue($('catalogue-list'), $('catalogue-summary'), page.schema, page.state.tenant, catalogueActions);
    shownSchema = { schema: page.schema, tenant: page.state.tenant };
  }
  if (astPanel.open) showAst();
  updateRunButton(page);
  markStale(page);
  if (lastKey > 0) {
    const key = lastKey;
    timings.keyToDiagnosticsMs.push(performance.now() - key);
    requestAnimationFrame(() => timings.keyToFrameMs.push(performance.now() - key));
    lastKey = 0;
  }
}

/** The tree is drawn only while its panel is open (the checker's own parse stays internal). */
function showAst(): void {
  renderAst($('ast'), parseFormula(page.state.formula, 'formula').expr);
}
astPanel.addEventListener('toggle', () => astPanel.open && showAst());

let pending = false;
const actions: PageActions = {
  change(patch: Partial<PlaygroundState>): void {
    const tenantChanged = patch.tenant !== undefined && patch.tenant !== page.state.tenant;
    page.state = { ...page.state, ...patch };
    if (tenantChanged) fillGroupNames(page);
    saveUrl(page);
    // Editors call this from inside their update; diagnostics are dispatched right after it.
    if (!pending) {
      pending = true;
      queueMicrotask(() => {
        pending = false;
        recheck();
      });
    }
  },
};

/** Every control shows the state (after a link or an example replaced it). */
function showState(): void {
  formula.setText(page.state.formula);
  filter.setText(page.state.filter);
  showQueryControls(page);
  showSchema(page);
}

// ── examples and copy buttons ───────────────────────────────────────────────────────────────
const examples = $<HTMLSelectElement>('examples');
examples.replaceChildren(
  Object.assign(document.createElement('option'), { value: '', textContent: 'Load an example…' }),
  ...EXAMPLES.map((e, i) => Object.assign(document.createElement('option'), { value: String(i), textContent: `${e.def.name} (${e.def.tenant})`, title: e.def.description ?? '' })),
);
examples.addEventListener('change', () => {
  const ex = EXAMPLES[Number(examples.value)];
  if (!ex) return;
  page.state = exampleState(ex.def);
  showState();
  saveUrl(page);
  recheck();
  examples.value = '';
});
$('copy-sql').addEventListener('click', () => page.compiled && void copyText(page.compiled.sql, $('copy-sql')));
$('copy-params').addEventListener('click', () => page.compiled && void copyText(JSON.stringify(page.compiled.params, null, 2), $('copy-params')));

// ── start ───────────────────────────────────────────────────────────────────────────────────
wireQueryControls(actions);
wireSchemaEditor(page, actions);
wireUrlState(page, () => {
  showState();
  recheck();
});
wireRunner(page);
showState();
recheck();
const mode = $('mode');
// From file:// (a browser that runs module scripts there) the page's own notice stays: no API.
const fromFile = location.protocol === 'file:';
const h = fromFile ? undefined : await health();
if (!fromFile) {
  mode.dataset['mode'] = h ? 'engine' : 'compile-only';
  mode.textContent = h ? `engine: ${h.engine} · ${h.rows.toLocaleString('en-US')} demo events` : 'compile-only (static build): run `npm run playground` to execute queries';
}
setEngine(h !== undefined);
updateRunButton(page);
document.body.dataset['ready'] = 'true';
