/** The whole state lives in the URL: written shortly after each change, read back on navigation. */
import { decodeState, encodeState } from '../state.js';
import { $, copyText } from '../dom.js';
import type { Page } from './page.js';

let written = location.hash;
let timer: ReturnType<typeof setTimeout> | undefined;

async function writeUrl(page: Page): Promise<void> {
  written = `#${await encodeState(page.state)}`;
  history.replaceState(null, '', written);
}

export function saveUrl(page: Page): void {
  clearTimeout(timer);
  timer = setTimeout(() => void writeUrl(page), 200);
}

/** `onNavigate` runs when the user opens another link (not when the page writes its own). */
export function wireUrlState(page: Page, onNavigate: () => void): void {
  window.addEventListener('hashchange', async () => {
    if (location.hash === written) return;
    page.state = await decodeState(location.hash);
    onNavigate();
  });
  $('share').addEventListener('click', async () => {
    clearTimeout(timer);
    await writeUrl(page);
    await copyText(location.href, $('share'));
  });
}
