/**
 * A run's rows as a table and a chart (Chart.js): time buckets draw a line per series (one series
 * per group-by combination), a group-by alone draws bars, a single number draws one bar.
 */
import type { ResultColumn } from '../../../src/index.js';
import type { Cell, Row } from '../../../src/run/executor.js';
import { Chart, LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface RunOutput {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
let chart: Chart | undefined;

function cellText(v: Cell, type: string): string {
  if (v === null) return '∅';
  if (type === 'datetime' && typeof v === 'string') {
    // Buckets are in the query's timezone: midnight shows as the date, else date and time.
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)$/.exec(v);
    if (!m) return v;
    const seconds = /^:00(?:\.0+)?$/.test(m[3]!) ? '' : m[3]!;
    return m[2] === '00:00' && !seconds ? m[1]! : `${m[1]} ${m[2]}${seconds}`;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  return String(v);
}

export function renderTable(target: HTMLElement, out: RunOutput): void {
  const table = document.createElement('table');
  table.className = 'table';
  table.dataset['testid'] = 'result-table';
  const head = table.createTHead().insertRow();
  for (const c of out.columns) head.appendChild(document.createElement('th')).textContent = c.name;
  const body = table.createTBody();
  for (const r of out.rows) {
    const tr = body.insertRow();
    for (const c of out.columns) {
      const td = tr.insertCell();
      td.textContent = cellText(r[c.name] ?? null, c.type);
      if (c.type === 'number') td.className = 'num';
    }
  }
  target.replaceChildren(table);
}

/** A second result drawn as dashed lines beside the first (the formula some buckets earlier). */
export interface Comparison {
  readonly out: RunOutput;
  readonly label: string;
}

export function renderChart(canvas: HTMLCanvasElement, out: RunOutput, comparison?: Comparison): void {
  chart?.destroy();
  chart = drawChart(canvas, out, out.columns[out.columns.length - 1]!, 1, comparison);
}

let dashboardCharts: Chart[] = [];

/** A dashboard: one chart per value column (the last `values` columns), in `container`. */
export function renderDashboard(container: HTMLElement, out: RunOutput, values: number): void {
  for (const c of dashboardCharts) c.destroy();
  const columns = out.columns.slice(out.columns.length - values);
  const boxes = columns.map((c) => {
    const box = Object.assign(document.createElement('div'), { className: 'chart-box dashboard-chart' });
    const area = Object.assign(document.createElement('div'), { className: 'chart-area' });
    area.append(Object.assign(document.createElement('canvas'), { ariaLabel: `Chart of ${c.name}` }));
    box.append(Object.assign(document.createElement('div'), { className: 'panel-title', textContent: c.name }), area);
    box.dataset['column'] = c.name;
    return box;
  });
  container.replaceChildren(...boxes);
  dashboardCharts = columns.map((c, i) => drawChart(boxes[i]!.querySelector('canvas')!, out, c, values));
}

function drawChart(canvas: HTMLCanvasElement, out: RunOutput, value: ResultColumn, values: number, comparison?: Comparison): Chart {
  const bucket = out.columns.find((c) => c.name === 'bucket' && c.type === 'datetime');
  const valueColumns = out.columns.slice(out.columns.length - values);
  const groups = out.columns.filter((c) => c !== bucket && !valueColumns.includes(c));
  const seriesOf = (r: Row) => (groups.length === 0 ? value.name : groups.map((g) => cellText(r[g.name] ?? null, g.type)).join(' · '));
  const num = (v: Cell | undefined) => (typeof v === 'number' ? v : null);
  if (bucket) {
    const labels = [...new Set(out.rows.map((r) => cellText(r[bucket.name] ?? null, 'datetime')))];
    const seriesFrom = (rows: readonly Row[]) => {
      const series = new Map<string, (number | null)[]>();
      for (const r of rows) {
        const key = seriesOf(r);
        const data = series.get(key) ?? series.set(key, labels.map(() => null)).get(key)!;
        const at = labels.indexOf(cellText(r[bucket.name] ?? null, 'datetime'));
        if (at >= 0) data[at] = num(r[value.name]);
      }
      return [...series].slice(0, 20);
    };
    // Missing values are gaps (a filled bucket with no value is not drawn as 0 or joined over).
    const datasets = seriesFrom(out.rows).map(([label, data], i) => ({ label, data, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: false, tension: 0.2 }));
    if (comparison) {
      const earlier = seriesFrom(comparison.out.rows).slice(0, 10);
      datasets.push(...earlier.map(([label, data]) => {
        const i = Math.max(datasets.findIndex((d) => d.label === label), 0);
        return { label: `${label} (${comparison.label})`, data, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: false, tension: 0.2, borderDash: [6, 4] };
      }));
      canvas.dataset['comparison'] = String(earlier.length);
    } else {
      delete canvas.dataset['comparison'];
    }
    canvas.dataset['chart'] = 'line';
    return new Chart(canvas, { type: 'line', data: { labels, datasets }, options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: datasets.length > 1 } } } });
  } else {
    const rows = out.rows.slice(0, 50);
    const labels = rows.map(seriesOf);
    const data = rows.map((r) => num(r[value.name]));
    canvas.dataset['chart'] = 'bar';
    return new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: value.name, data, backgroundColor: PALETTE[0] }] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
  }
}

export function clearResult(canvas: HTMLCanvasElement, target: HTMLElement): void {
  chart?.destroy();
  chart = undefined;
  for (const c of dashboardCharts) c.destroy();
  dashboardCharts = [];
  delete canvas.dataset['chart'];
  target.replaceChildren();
}
