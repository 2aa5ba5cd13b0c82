/** The schema panel's JSON: parsed as it is edited (debounced), applied to the page, reset to the demo's. */
import { demoSchema } from '../../../src/index.js';
import { parseJson } from '../panels/schema-panel.js';
import { $ } from '../dom.js';
import { DEMO_SCHEMA_TEXT, type Page, type PageActions } from './page.js';
import { fillGroupNames, fillTenants } from './query-controls.js';

const schemaText = $<HTMLTextAreaElement>('schema-json');
let timer: ReturnType<typeof setTimeout> | undefined;

/** Read the text into the page (`edited`: the user changed it, so the URL carries it). */
export function readSchema(page: Page, edited: boolean): void {
  const parsed = parseJson(schemaText.value);
  const isDemo = schemaText.value === DEMO_SCHEMA_TEXT;
  page.schemaJsonError = parsed.ok ? undefined : parsed.message;
  if (parsed.ok) page.schema = isDemo ? demoSchema : parsed.value;
  if (edited) page.state.schemaText = isDemo ? undefined : schemaText.value;
  fillTenants(page);
  fillGroupNames(page);
}

/** The text shows the state's schema (after a link or an example replaced it). */
export function showSchema(page: Page): void {
  schemaText.value = page.state.schemaText ?? DEMO_SCHEMA_TEXT;
  readSchema(page, false);
}

export function wireSchemaEditor(page: Page, actions: PageActions): void {
  const apply = (): void => {
    clearTimeout(timer);
    readSchema(page, true);
    actions.change({});
  };
  schemaText.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  $('schema-apply').addEventListener('click', apply);
  $('schema-reset').addEventListener('click', () => {
    schemaText.value = DEMO_SCHEMA_TEXT;
    apply();
  });
}

/** Replace the schema with `value` as if the user had edited its JSON (the URL carries it). */
export function replaceSchema(page: Page, actions: PageActions, value: unknown): void {
  schemaText.value = JSON.stringify(value, null, 2);
  readSchema(page, true);
  actions.change({});
}
