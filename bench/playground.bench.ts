/**
 * Keystroke → diagnostics in real Chromium: the built playground (static, compile-only), a 1 KB
 * formula in the editor, then 200 keystrokes at its end that alternate between a valid and an
 * invalid formula. The page records, per keystroke, the time from keydown to diagnostics
 * dispatched and every panel updated (synchronous work), and to the next animation frame.
 *
 *   npm run bench:playground
 */
import { chromiumPath, launchChromium } from '../test/fixtures/browser.js';
import { buildPlayground, serveStatic } from '../test/fixtures/playground-server.js';

const chromium = chromiumPath();
if (!chromium) {
  console.error('Chromium is not installed (apt-get install chromium)');
  process.exit(1);
}

const TERMS = [
  "SUM(amount) FILTER (WHERE country = 'US')",
  "COUNTIF(event = 'purchase' AND amount > 100)",
  'AVG(load_time) * 2',
  "COUNT(DISTINCT user_id) FILTER (WHERE source IN ('ios', 'android'))",
  'ROUND(MEDIAN(items), 1)',
];
function formulaOfSize(bytes: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.join(' + ').length < bytes - 4; i++) parts.push(TERMS[i % TERMS.length]!);
  return `${parts.join(' + ')} + 1`;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (n=${s.length})`;
};

const dir = await buildPlayground();
const server = await serveStatic(dir);
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}#tenant=acme&filter=&formula=${encodeURIComponent(formulaOfSize(1024))}&from=2024-03-01&to=2024-03-31&granularity=day&timezone=UTC&groupBy=&limit=`);
  await page.waitForSelector('body[data-ready=true]');
  const length = await page.evaluate(() => (globalThis as unknown as { __metricc: { state(): { formula: string } } }).__metricc.state().formula.length);
  await page.locator('#formula-editor .cm-content').click();
  await page.keyboard.press('Control+End');
  type Timings = Record<string, number[]>;
  const take = () =>
    page.evaluate(() => {
      const t = (globalThis as unknown as { __metricc: { timings: Record<string, number[]> } }).__metricc.timings;
      const copy = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...v]]));
      for (const v of Object.values(t)) v.length = 0;
      return copy;
    });
  const scenario = async (name: string, keys: (i: number) => string): Promise<Timings> => {
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press(keys(i));
      await page.waitForTimeout(20);
    }
    const t = await take();
    console.log(`\n${name}`);
    console.log(`  check (analyze) per keystroke:         ${stats(t['compileMs']!)}`);
    console.log(`  keydown → diagnostics + panels shown:  ${stats(t['keyToDiagnosticsMs']!)}`);
    console.log(`  keydown → next animation frame:        ${stats(t['keyToFrameMs']!)}`);
    return t;
  };
  console.log(`Chromium ${browser.version()}, formula ${length} characters`);
  await scenario('warm-up', (i) => (i % 2 === 0 ? '+' : 'Backspace'));
  // `… + 1+` is a syntax error and Backspace mends it: underlines appear and go every keystroke.
  await scenario('valid ⇄ invalid (an underline comes and goes each keystroke)', (i) => (i % 2 === 0 ? '+' : 'Backspace'));
  // Digits grow and shrink the last number: every keystroke compiles to new SQL.
  await scenario('valid edits (new SQL every keystroke)', (i) => (i % 20 < 10 ? String((i % 9) + 1) : 'Backspace'));
} finally {
  await browser.close();
  await server.stop();
}
