/**
 * The playground page: state ⇄ controls ⇄ URL, and one `analyze` per change — its diagnostics go
 * to the editors' underlines and the list, its compiled query to the output panels. Runs go to the
 * local API when there is one (`npm run playground`); a static build is compile-only.
 */
import './style.css';
import { analyze, parseFormula, demoSchema, describeTenant, BUILTINS, type Diagnostic, type EditorContext } from '../../src/index.js';
import { createFormulaEditor, type FormulaEditor } from './editor/formula-editor.js';
import { decodeState, encodeState, toQuery, type PlaygroundState } from './state.js';
import { EXAMPLES, exampleState } from './examples.js';
import { renderDiagnostics } from './panels/diagnostics-list.js';
import { renderOutputs } from './panels/outputs.js';
import { renderAst } from './panels/ast-tree.js';
import { renderSchemaTable, renderSchemaErrors, parseJson, tenantsOf } from './panels/schema-panel.js';
import { renderTable, renderChart, clearResult } from './panels/results.js';
import { health, run } from './api-client.js';
import { $, copyText } from './dom.js';

const DEMO_SCHEMA_TEXT = JSON.stringify(demoSchema, null, 2);

let state: PlaygroundState = await decodeState(location.hash);
let schema: unknown = demoSchema;
let schemaJsonError: string | undefined;
let lastCompiled: ReturnType<typeof analyze>['compiled'];
let lastKey = 0;

/** Timings for tests and benchmarks: every check, and every keystroke → diagnostics shown. */
const timings = { compileMs: [] as number[], keyToDiagnosticsMs: [] as number[], keyToFrameMs: [] as number[] };
(window as unknown as { __metricc: unknown }).__metricc = { timings, state: () => state };

const contextOf = (source: 'formula' | 'filter') => (text: string, offset: number): EditorContext => ({
  text, offset, source, schema, tenant: state.tenant, filter: source === 'formula' ? state.filter : undefined,
});

const formula: FormulaEditor = createFormulaEditor($('formula-editor'), {
  source: 'formula', initial: state.formula, placeholder: 'SUM(amount) / COUNT(DISTINCT user_id)', contextOf: contextOf('formula'),
  onChange: (text) => change({ formula: text }),
  onRun: () => void runQuery(),
});
const filter: FormulaEditor = createFormulaEditor($('filter-editor'), {
  source: 'filter', initial: state.filter, placeholder: "event = 'purchase' (optional)", contextOf: contextOf('filter'),
  onChange: (text) => change({ filter: text }),
  onRun: () => void runQuery(),
});

document.addEventListener('keydown', () => (lastKey = performance.now()), true);

// ── the query controls ──────────────────────────────────────────────────────────────────────
const inputs = {
  tenant: $<HTMLSelectElement>('tenant'),
  granularity: $<HTMLSelectElement>('granularity'),
  from: $<HTMLInputElement>('from'),
  to: $<HTMLInputElement>('to'),
  timezone: $<HTMLInputElement>('timezone'),
  limit: $<HTMLInputElement>('limit'),
  groupBy: $<HTMLInputElement>('group-by'),
} as const;

for (const [field, el] of Object.entries(inputs) as [keyof typeof inputs, HTMLInputElement | HTMLSelectElement][]) {
  el.addEventListener('input', () => change({ [field]: el.value } as Partial<PlaygroundState>));
}

const zones = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
$('timezones').replaceChildren(...['UTC', ...zones].map((z) => Object.assign(document.createElement('option'), { value: z })));

function fillTenants(): void {
  const tenants = tenantsOf(schema);
  if (!tenants.includes(state.tenant)) tenants.push(state.tenant);
  inputs.tenant.replaceChildren(...tenants.map((t) => Object.assign(document.createElement('option'), { value: t, textContent: t })));
  inputs.tenant.value = state.tenant;
}

function fillGroupNames(): void {
  const names = [...Object.keys(BUILTINS), ...describeTenant(schema, state.tenant).properties.map((p) => p.name)];
  $('group-names').replaceChildren(...names.map((n) => Object.assign(document.createElement('option'), { value: n })));
}

/** A query diagnostic's path names the control to mark (`groupBy[1]` → the group-by input). */
function markInvalidInputs(diagnostics: readonly Diagnostic[]): void {
  for (const [field, el] of Object.entries(inputs)) {
    const problems = diagnostics.filter((d) => d.source === 'query' && d.path !== undefined && (d.path === field || d.path.startsWith(`${field}[`) || d.path.startsWith(`${field}.`)));
    el.toggleAttribute('aria-invalid', problems.length > 0);
    el.title = problems.map((d) => d.message).join('\n');
  }
}

function showState(): void {
  formula.setText(state.formula);
  filter.setText(state.filter);
  for (const field of ['granularity', 'from', 'to', 'timezone', 'limit', 'groupBy'] as const) inputs[field].value = state[field];
  schemaText.value = state.schemaText ?? DEMO_SCHEMA_TEXT;
  readSchema(false);
}

// ── schema panel ────────────────────────────────────────────────────────────────────────────
const schemaText = $<HTMLTextAreaElement>('schema-json');
let schemaTimer: ReturnType<typeof setTimeout> | undefined;

function readSchema(edited: boolean): void {
  const parsed = parseJson(schemaText.value);
  const isDemo = schemaText.value === DEMO_SCHEMA_TEXT;
  schemaJsonError = parsed.ok ? undefined : parsed.message;
  if (parsed.ok) schema = isDemo ? demoSchema : parsed.value;
  if (edited) state.schemaText = isDemo ? undefined : schemaText.value;
  fillTenants();
  fillGroupNames();
}

function applySchemaEdit(): void {
  clearTimeout(schemaTimer);
  readSchema(true);
  change({});
}

schemaText.addEventListener('input', () => {
  clearTimeout(schemaTimer);
  schemaTimer = setTimeout(applySchemaEdit, 150);
});
$('schema-apply').addEventListener('click', applySchemaEdit);
$('schema-reset').addEventListener('click', () => {
  schemaText.value = DEMO_SCHEMA_TEXT;
  applySchemaEdit();
});

// ── checking and showing ────────────────────────────────────────────────────────────────────
const out = { sql: $('sql'), params: $<HTMLTableElement>('params'), columns: $('columns'), cacheKey: $('cache-key'), time: $('compile-time') };
const astPanel = $<HTMLDetailsElement>('ast-panel');

function reveal(d: Diagnostic): void {
  (d.source === 'filter' ? filter : formula).select(d.start, d.end);
}

let shownSchema: { schema: unknown; tenant: string } = { schema: undefined, tenant: '' };

function recheck(): void {
  const t0 = performance.now();
  const { diagnostics, compiled } = analyze(toQuery(state), schema);
  const ms = performance.now() - t0;
  timings.compileMs.push(ms);
  lastCompiled = compiled;
  formula.setDiagnostics(diagnostics.filter((d) => d.source === 'formula'));
  filter.setDiagnostics(diagnostics.filter((d) => d.source === 'filter'));
  renderDiagnostics($('diagnostics'), diagnostics.filter((d) => d.source !== 'schema'), reveal);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const status = $('status');
  status.textContent = compiled ? (diagnostics.length > 0 ? `compiles · ${diagnostics.length} warning(s)` : 'compiles') : `${errors} error${errors === 1 ? '' : 's'}`;
  status.dataset['state'] = compiled ? 'ok' : 'error';
  renderOutputs(out, compiled, ms);
  markInvalidInputs(diagnostics);
  renderSchemaErrors($('schema-errors'), schemaJsonError, diagnostics);
  if (shownSchema.schema !== schema || shownSchema.tenant !== state.tenant) {
    renderSchemaTable($('schema-table'), $('schema-summary'), schema, state.tenant);
    shownSchema = { schema, tenant: state.tenant };
  }
  if (astPanel.open) showAst();
  updateRunButton();
  markStale();
  if (lastKey > 0) {
    const key = lastKey;
    timings.keyToDiagnosticsMs.push(performance.now() - key);
    requestAnimationFrame(() => timings.keyToFrameMs.push(performance.now() - key));
    lastKey = 0;
  }
}

/** The tree is drawn only while its panel is open (the checker's own parse stays internal). */
function showAst(): void {
  renderAst($('ast'), parseFormula(state.formula, 'formula').expr);
}
astPanel.addEventListener('toggle', () => astPanel.open && showAst());

let pending = false;
function change(patch: Partial<PlaygroundState>): void {
  const tenantChanged = patch.tenant !== undefined && patch.tenant !== state.tenant;
  state = { ...state, ...patch };
  if (tenantChanged) fillGroupNames();
  saveUrl();
  // Editors call this from inside their update; diagnostics are dispatched right after it.
  if (!pending) {
    pending = true;
    queueMicrotask(() => {
      pending = false;
      recheck();
    });
  }
}

// ── URL state ───────────────────────────────────────────────────────────────────────────────
let written = location.hash;
let urlTimer: ReturnType<typeof setTimeout> | undefined;
async function writeUrl(): Promise<void> {
  written = `#${await encodeState(state)}`;
  history.replaceState(null, '', written);
}
function saveUrl(): void {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => void writeUrl(), 200);
}
window.addEventListener('hashchange', async () => {
  if (location.hash === written) return;
  state = await decodeState(location.hash);
  showState();
  recheck();
});
$('share').addEventListener('click', async () => {
  clearTimeout(urlTimer);
  await writeUrl();
  await copyText(location.href, $('share'));
});

// ── examples ────────────────────────────────────────────────────────────────────────────────
const examples = $<HTMLSelectElement>('examples');
examples.replaceChildren(
  Object.assign(document.createElement('option'), { value: '', textContent: 'Load an example…' }),
  ...EXAMPLES.map((e, i) => Object.assign(document.createElement('option'), { value: String(i), textContent: `${e.def.name} (${e.def.tenant})`, title: e.def.description ?? '' })),
);
examples.addEventListener('change', () => {
  const ex = EXAMPLES[Number(examples.value)];
  if (!ex) return;
  state = exampleState(ex.def);
  showState();
  saveUrl();
  recheck();
  examples.value = '';
});

// ── copy buttons ────────────────────────────────────────────────────────────────────────────
$('copy-sql').addEventListener('click', () => lastCompiled && void copyText(lastCompiled.sql, $('copy-sql')));
$('copy-params').addEventListener('click', () => lastCompiled && void copyText(JSON.stringify(lastCompiled.params, null, 2), $('copy-params')));

// ── running ─────────────────────────────────────────────────────────────────────────────────
let engine = false;
let ranKey: string | undefined;
let running: AbortController | undefined;
const runStatus = $('run-status');

function updateRunButton(): void {
  $('run').toggleAttribute('disabled', !lastCompiled || !engine);
}

function markStale(): void {
  const result = $('result');
  if (ranKey !== undefined && ranKey !== lastCompiled?.cacheKey) result.dataset['stale'] = 'true';
  else delete result.dataset['stale'];
}

async function runQuery(): Promise<void> {
  if (!lastCompiled || !engine) return;
  running?.abort();
  const controller = (running = new AbortController());
  const key = lastCompiled.cacheKey;
  runStatus.textContent = 'running…';
  runStatus.dataset['state'] = 'running';
  try {
    const reply = await run(toQuery(state), schema, controller.signal);
    ranKey = key;
    renderTable($('result'), reply);
    renderChart($<HTMLCanvasElement>('chart'), reply);
    const s = reply.stats;
    runStatus.textContent = `${reply.rows.length} row${reply.rows.length === 1 ? '' : 's'}${reply.truncated ? ' (the first ones; more were found)' : ''} · ran in ${s.elapsedMs.toFixed(1)} ms · read ${s.rowsRead.toLocaleString('en-US')} rows, ${(s.bytesRead / 1e6).toFixed(2)} MB`;
    runStatus.dataset['state'] = 'done';
    markStale();
  } catch (e) {
    if (controller.signal.aborted) return;
    clearResult($<HTMLCanvasElement>('chart'), $('result'));
    runStatus.textContent = (e as Error).message;
    runStatus.dataset['state'] = 'error';
  }
}

$('run').addEventListener('click', () => void runQuery());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
    e.preventDefault();
    void runQuery();
  }
});

// ── start ───────────────────────────────────────────────────────────────────────────────────
showState();
recheck();
const mode = $('mode');
// From file:// (a browser that runs module scripts there) the page's own notice stays: no API.
const fromFile = location.protocol === 'file:';
const h = fromFile ? undefined : await health();
engine = h !== undefined;
if (!fromFile) {
  mode.dataset['mode'] = engine ? 'engine' : 'compile-only';
  mode.textContent = h ? `engine: ${h.engine} · ${h.rows.toLocaleString('en-US')} demo events` : 'compile-only (static build): run `npm run playground` to execute queries';
}
updateRunButton();
if (!engine) $('run').title = 'This build has no engine; `npm run playground` serves one.';
document.body.dataset['ready'] = 'true';
