/** Hover help from `hoverAt`: function signatures and help, property slots per event, built-ins. */
import { hoverTooltip } from '@codemirror/view';
import { hoverAt } from '../../../src/index.js';
import type { ContextOf } from './complete.js';

export function metriccHover(contextOf: ContextOf) {
  return hoverTooltip((view, pos) => {
    const h = hoverAt(contextOf(view.state.doc.toString(), pos));
    if (!h) return null;
    return {
      pos: h.from,
      end: h.to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'hover';
        const title = dom.appendChild(document.createElement('div'));
        title.className = 'hover-title';
        title.textContent = h.title;
        for (const line of h.lines) dom.appendChild(document.createElement('div')).textContent = line;
        return { dom };
      },
    };
  });
}
