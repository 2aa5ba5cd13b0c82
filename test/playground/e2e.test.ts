/**
 * The playground end to end in real Chromium (Debian's, through playwright-core): the page that
 * `npm run playground` serves, with its API on the embedded engine, and the static
 * compile-only build. Screenshots of the main states go to test-results/playground/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../fixtures/browser.js';
import { startPlayground, serveStatic, buildPlayground, type Running } from '../fixtures/playground-server.js';

const chromium = chromiumPath();
if (!chromium) console.warn('playground e2e tests skipped: Chromium is not installed (apt-get install chromium; .ci/run does this)');

const shots = join(import.meta.dirname, '../../test-results/playground');
mkdirSync(shots, { recursive: true });
const shot = async (page: Page, name: string) => {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
};

const content = (page: Page, editor = 'formula') => page.locator(`#${editor}-editor .cm-content`);

/** Replace an editor's text the way a user does: select all, then type. */
async function typeInto(page: Page, text: string, editor = 'formula'): Promise<void> {
  await content(page, editor).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape'); // close a completion list the typing opened
}

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 90_000 });
  return page;
}

const editorText = (page: Page, editor = 'formula') => content(page, editor).evaluate((el) => (el as unknown as { innerText: string }).innerText.replace(/\n$/, ''));
const sqlText = (page: Page) => page.locator('#sql').innerText();
const param = (page: Page, name: string) => page.locator(`#params tr[data-param=${name}] td:nth-child(3)`).innerText();

describe.skipIf(!chromium)('playground in Chromium (npm run playground)', () => {
  let browser: Browser;
  let server: Running;
  let page: Page;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(chromium!), startPlayground()]);
    page = await open(browser, server.url);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('compiles what is typed into SQL', async () => {
    expect(await page.locator('#mode').getAttribute('data-mode')).toBe('engine');
    await typeInto(page, 'COUNT(DISTINCT user_id) / COUNT(*)');
    expect(await editorText(page)).toBe('COUNT(DISTINCT user_id) / COUNT(*)');
    await expect.poll(() => sqlText(page)).toContain('uniqExact(UserRefID)');
    expect(await page.locator('#status').getAttribute('data-state')).toBe('ok');
    expect(await page.locator('#formula-editor .tok-function').allInnerTexts()).toEqual(['COUNT', 'COUNT']);
    expect(await page.locator('#formula-editor .tok-keyword').allInnerTexts()).toEqual(['DISTINCT']);
    await page.click('#ast-panel summary');
    const tree = page.locator('#ast');
    await expect.poll(() => tree.innerText()).toContain('binary /');
    expect(await tree.innerText()).toContain('call COUNT DISTINCT');
    expect(await tree.innerText()).toContain('name user_id');
    await shot(page, '1-sql');
    await page.click('#ast-panel summary');
  });

  it('underlines exactly the unknown name and offers the fix on hover', async () => {
    await typeInto(page, 'SUM(amout)');
    const mark = page.locator('#formula-editor .cm-lintRange-error');
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.innerText()).toBe('amout');
    expect(await page.locator('#diagnostics').innerText()).toContain('did you mean `amount`');
    expect(await page.locator('#sql').getAttribute('data-state')).toBe('stale');
    await mark.hover();
    const tip = page.locator('.cm-tooltip-lint');
    await tip.waitFor({ timeout: 10_000 });
    expect(await tip.innerText()).toContain('did you mean `amount`');
    await shot(page, '2-diagnostic');
    await tip.getByText('Use amount').click();
    await expect.poll(() => editorText(page)).toBe('SUM(amount)');
    await expect.poll(() => mark.count()).toBe(0);
  });

  it('completes a function with its signature snippet and a property in scope', async () => {
    const list = page.locator('.cm-tooltip-autocomplete');
    // The filter pins purchase events: only their properties are offered.
    await typeInto(page, 'SUM('); // closeBrackets adds the `)`: the cursor is inside
    await page.keyboard.type('am');
    await list.waitFor();
    expect(await list.locator('li[aria-selected]').innerText()).toContain('amount');
    await page.keyboard.press('Escape');
    await typeInto(page, 'SUM(loa');
    expect(await editorText(page)).toBe('SUM(loa)');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => list.locator('li', { hasText: 'load_time' }).count()).toBe(0);
    // Without the filter, every event is in scope.
    await typeInto(page, '', 'filter');
    await typeInto(page, '');
    await content(page).click();
    await page.keyboard.type('PERCEN');
    await list.waitFor();
    expect(await list.locator('li[aria-selected]').innerText()).toContain('PERCENTILE');
    await shot(page, '3-autocomplete');
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('PERCENTILE(p, x)');
    await page.keyboard.type('0.95');
    await page.keyboard.press('Tab');
    await page.keyboard.type('load_t');
    await list.waitFor();
    expect(await list.locator('li[aria-selected]').innerText()).toContain('load_time');
    await page.waitForTimeout(150); // CodeMirror ignores Enter for 75 ms after the list changes
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('PERCENTILE(0.95, load_time)');
    await page.keyboard.press('Escape');
    await expect.poll(() => sqlText(page)).toContain('quantileExactInclusiveOrNull(0.95)');
  });

  it("changes the SQL's params with the tenant", async () => {
    await typeInto(page, 'SUM(amount)');
    await expect.poll(() => param(page, 'tenant')).toBe('"acme"');
    await page.selectOption('#tenant', 'globex');
    await expect.poll(() => param(page, 'tenant')).toBe('"globex"');
    expect(await page.locator('#tenant').inputValue()).toBe('globex');
    // A bad query field marks its control and says why.
    await page.fill('#timezone', 'Mars/Olympus_Mons');
    await expect.poll(() => page.locator('#timezone').getAttribute('aria-invalid')).not.toBeNull();
    expect(await page.locator('#diagnostics').innerText()).toContain('invalid-timezone');
    await page.fill('#timezone', 'UTC');
    await expect.poll(() => page.locator('#timezone').getAttribute('aria-invalid')).toBeNull();
  });

  it('runs on the engine: a line per series for buckets, bars for a group-by', async () => {
    await page.selectOption('#tenant', 'acme');
    await typeInto(page, 'COUNT(*)');
    await page.selectOption('#granularity', 'week');
    await page.fill('#group-by', 'source');
    await expect.poll(() => page.locator('#columns').innerText()).toContain('source: string');
    await page.click('#run');
    const rows = page.locator('[data-testid=result-table] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(4);
    expect(await page.locator('#chart').getAttribute('data-chart')).toBe('line');
    expect(await page.locator('[data-testid=result-table] th').allInnerTexts()).toEqual(['bucket', 'source', 'value']);
    const values = await page.locator('[data-testid=result-table] td.num').allInnerTexts();
    expect(values.every((v) => /^[\d,]+$/.test(v) && Number(v.replace(/,/g, '')) > 0)).toBe(true);
    expect(await rows.first().locator('td').first().innerText()).toMatch(/^\d{4}-\d\d-\d\d$/); // a week bucket: its date
    await shot(page, '4-run-lines');
    await page.selectOption('#granularity', '');
    await content(page).click();
    await page.keyboard.press('Control+Enter'); // runs, and inserts no line
    await expect.poll(() => page.locator('#chart').getAttribute('data-chart'), { timeout: 30_000 }).toBe('bar');
    expect(await page.locator('[data-testid=result-table] th').allInnerTexts()).toEqual(['source', 'value']);
    expect(await editorText(page)).toBe('COUNT(*)');
    await shot(page, '5-run-bars');
  });

  it('draws a time function chart, and a comparison as a second, dashed line (the formula n buckets earlier)', async () => {
    await page.selectOption('#tenant', 'acme');
    await page.fill('#group-by', '');
    await typeInto(page, 'ROLLING(COUNT(DISTINCT user_id), 7)');
    await page.selectOption('#granularity', 'day');
    await expect.poll(() => sqlText(page)).toContain('uniqExactMerge');
    await page.click('#run');
    await expect.poll(() => page.locator('#chart').getAttribute('data-chart'), { timeout: 30_000 }).toBe('line');
    expect(await page.locator('#chart').getAttribute('data-comparison')).toBeNull();
    await typeInto(page, 'SUM(amount)');
    await page.selectOption('#compare', '7');
    await page.click('#run');
    await expect.poll(() => page.locator('#chart').getAttribute('data-comparison'), { timeout: 30_000 }).toBe('1');
    expect(await page.locator('#run-status').innerText()).toContain('7 buckets earlier');
    await shot(page, '5b-comparison');
    await page.selectOption('#compare', '');
    await page.fill('#group-by', 'source'); // as the next test expects it
  });

  it('reproduces the whole state, edited schema included, from a shared link', async () => {
    await page.click('#schema-panel summary');
    const schema = await page.locator('#schema-json').inputValue();
    await page.fill('#schema-json', schema.replaceAll('"amount":', '"revenue":'));
    await typeInto(page, 'SUM(revenue) / COUNT(DISTINCT user_id)');
    await typeInto(page, "event = 'purchase'", 'filter');
    await page.fill('#timezone', 'Europe/Berlin');
    await expect.poll(() => page.locator('#status').getAttribute('data-state')).toBe('ok');
    await page.click('#share');
    await expect.poll(() => page.url()).toContain('schema=');
    const url = page.url();
    const sql = await sqlText(page);
    const params = await page.locator('#params').innerText();
    await shot(page, '6-before-share');

    const again = await open(browser, url);
    expect(await editorText(again)).toBe('SUM(revenue) / COUNT(DISTINCT user_id)');
    expect(await editorText(again, 'filter')).toBe("event = 'purchase'");
    expect(await again.locator('#timezone').inputValue()).toBe('Europe/Berlin');
    expect(await again.locator('#group-by').inputValue()).toBe('source');
    expect(await again.locator('#tenant').inputValue()).toBe('acme');
    expect(await sqlText(again)).toBe(sql);
    expect(await again.locator('#params').innerText()).toBe(params);
    await shot(again, '7-after-reload');
    await again.close();
  });

  it('validates the schema JSON and reports poisoned mapping documents', async () => {
    await page.locator('#schema-panel').evaluate((el) => ((el as unknown as { open: boolean }).open = true));
    await page.fill('#schema-json', '{"table": "events",');
    await expect.poll(() => page.locator('#schema-errors').innerText()).toMatch(/JSON: .*line 1/);
    await page.click('#schema-reset');
    const poisoned = (await page.locator('#schema-json').inputValue()).replace('"column": "Prop0"', '"column": "Prop0) OR 1=1 --"');
    await page.fill('#schema-json', poisoned);
    await expect.poll(() => page.locator('#schema-errors').innerText()).toContain('is not a property slot');
    expect(await page.locator('#status').getAttribute('data-state')).toBe('error');
    await page.click('#schema-reset');
    await expect.poll(() => page.locator('#schema-errors').innerText()).toBe('');
  });

  it('shows which table the query reads: a rollup badge when a declared rollup serves it, why not otherwise', async () => {
    // A page of its own, in the default state (UTC weeks over four weeks): earlier tests changed the shared one.
    const page = await open(browser, server.url);
    await page.locator('#schema-panel').evaluate((el) => ((el as unknown as { open: boolean }).open = true));
    await page.click('#schema-reset');
    await typeInto(page, 'SUM(amount) / COUNT(DISTINCT user_id)');
    await typeInto(page, "event = 'purchase'", 'filter');
    await expect.poll(() => page.locator('#route').innerText()).toBe('reads events');
    const schema = JSON.parse(await page.locator('#schema-json').inputValue()) as { events: { productId: string; name: string; propertyMapping: Record<string, unknown> }[]; rollups?: unknown[] };
    const purchase = schema.events.find((e) => e.productId === 'acme' && e.name === 'purchase')!;
    schema.rollups = [{ table: 'daily_purchases', productId: 'acme', event: 'purchase', grain: 'day', dimensions: [], measures: ['SUM(amount)', 'COUNT(DISTINCT user_id)'], mapping: { amount: purchase.propertyMapping['amount'] } }];
    await page.fill('#schema-json', JSON.stringify(schema, null, 2));
    await expect.poll(() => page.locator('#route').innerText()).toBe('rollup: daily_purchases');
    await expect.poll(() => sqlText(page)).toContain('FROM daily_purchases');
    await typeInto(page, 'SUM(amount) / COUNT(*)');
    await expect.poll(() => page.locator('#route').innerText()).toBe('reads events');
    expect(await page.locator('#route').getAttribute('title')).toContain("not one of the rollup's measures");
    await page.close();
  });

  it('defines a metric in the catalogue panel, uses it in a formula, and goes to its definition', async () => {
    const page = await open(browser, server.url);
    await page.locator('#catalogue-panel').evaluate((el) => ((el as unknown as { open: boolean }).open = true));
    await expect.poll(() => page.locator('#catalogue-list li').count()).toBe(4);
    await page.fill('#metric-name', 'aov');
    await page.fill('#metric-formula', 'revenue / orders_placed');
    await page.click('#metric-form button[type=submit]');
    await page.fill('#metric-name', 'orders_placed');
    await page.fill('#metric-formula', 'COUNT(*)');
    await page.fill('#metric-filter', "event = 'purchase'");
    await page.click('#metric-form button[type=submit]');
    await expect.poll(() => page.locator('#catalogue-list li').count()).toBe(6);
    await typeInto(page, 'aov * 100');
    await expect.poll(() => page.locator('#status').getAttribute('data-state')).toBe('ok');
    expect(await sqlText(page)).toContain('count()');
    // Go to definition: F12 on the name.
    await content(page).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('F12');
    await expect.poll(() => page.locator('#catalogue-list li[data-highlight]').getAttribute('data-metric')).toBe('aov');
    // A name in the list inserts it; Edit fills the form.
    await page.locator('#catalogue-list li[data-metric=arpu] .metric-edit').click();
    expect(await page.inputValue('#metric-formula')).toBe('revenue / active_users');
    await page.close();
  });

  it('runs several formulas as a dashboard: lines `name: formula`, one query, one chart per formula, errors on their line', async () => {
    const page = await open(browser, server.url);
    await page.keyboard.press('Escape');
    await content(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('revenue: SUM(amount)\nbuyers: COUNT(DISTINCT user_id)\naov: SUM(amount) / COUNT(*)', { delay: 2 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#status').getAttribute('data-state')).toBe('ok');
    expect(await page.locator('#formula-editor .tok-invalid').count()).toBe(0);
    const sql = await sqlText(page);
    expect(sql).toContain('`revenue`');
    expect(sql).toContain('`buyers`');
    expect((sql.match(/`events`/g) ?? []).length).toBe(1);
    await page.click('#run');
    await expect.poll(() => page.locator('#dashboard-charts .dashboard-chart').count()).toBe(3);
    expect(await page.locator('#dashboard-charts .dashboard-chart').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset['column']))).toEqual(['revenue', 'buyers', 'aov']);
    expect(await page.locator('#chart-box').isHidden()).toBe(true);
    // A mistake on the second line is underlined there.
    await content(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nbad: SUM(amout)', { delay: 2 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.cm-lintRange-error').first().innerText()).toBe('amout');
    expect(await page.locator('#diagnostics').innerText()).toContain('formula 4:10');
    await shot(page, '9-dashboard');
    await page.close();
  });

  it('opens every example of the menu compiled (a catalogue file joined to the schema, formulas as a dashboard)', async () => {
    const page = await open(browser, server.url);
    const count = await page.locator('#examples option').count();
    expect(count).toBeGreaterThan(20);
    for (let i = 1; i < count; i++) {
      const label = await page.locator('#examples option').nth(i).innerText();
      await page.selectOption('#examples', { index: i });
      await expect.poll(() => page.locator('#status').getAttribute('data-state'), { message: label }).toBe('ok');
      if (label.startsWith('average order value from the team catalogue')) expect(await sqlText(page)).toContain('count()');
      if (label.startsWith('Shop dashboard')) expect((await editorText(page)).split('\n').length).toBeGreaterThan(3);
    }
    await page.close();
  });

  it('loads an example from the menu', async () => {
    const label = await page.locator('#examples option').nth(1).innerText();
    await page.selectOption('#examples', { index: 1 });
    await expect.poll(() => page.locator('#status').getAttribute('data-state')).toBe('ok');
    expect(label.length).toBeGreaterThan(0);
    expect((await editorText(page)).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!chromium)('playground static build (compile-only)', () => {
  let browser: Browser;
  let server: Running;

  let dir = '';

  beforeAll(async () => {
    dir = await buildPlayground();
    [browser, server] = await Promise.all([launchChromium(chromium!), serveStatic(dir)]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('compiles without an API and says it cannot run', async () => {
    const page = await open(browser, server.url);
    expect(await page.locator('#mode').getAttribute('data-mode')).toBe('compile-only');
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await typeInto(page, 'AVG(load_time)');
    await typeInto(page, "event = 'page_view'", 'filter');
    await expect.poll(() => sqlText(page)).toContain('avgOrNull');
    await shot(page, '8-static-compile-only');
    await page.close();
  });

  it('opened from disk (file://) says to serve it over HTTP instead of waiting forever (issue 11 item 15)', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await expect.poll(() => page.locator('#mode').getAttribute('data-mode'), { timeout: 10_000 }).toBe('file');
    expect(await page.locator('#mode').innerText()).toMatch(/over HTTP.*npm run playground -- --dist/s);
    await shot(page, '9-static-from-file');
    await page.close();
  });
});
