/** Syntax colouring from metricc's own lexer (`highlightTokens`), as CodeMirror mark decorations. */
import { Decoration, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from '@codemirror/view';
import { RangeSetBuilder } from '@codemirror/state';
import { highlightTokens, type TokenClass } from '../../../src/index.js';
import { dashboardLines } from '../state.js';

const MARKS = {} as Record<TokenClass, Decoration>;
for (const c of ['keyword', 'function', 'builtin', 'name', 'number', 'string', 'quoted-name', 'operator', 'punctuation', 'invalid'] satisfies TokenClass[]) {
  MARKS[c] = Decoration.mark({ class: `tok-${c}` });
}

function decorate(view: EditorView, source: 'formula' | 'filter'): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const text = view.state.doc.toString();
  // Colons that end a dashboard line's name are punctuation (the page reads such lines as formulas).
  const heads = new Set<number>(source === 'formula' ? dashboardLines(text).flatMap((l) => (l ? [l.colon] : [])) : []);
  for (const t of highlightTokens(text, source)) {
    if (t.end <= t.start) continue;
    const cls = t.class === 'invalid' && t.end - t.start === 1 && heads.has(t.start) ? 'punctuation' : t.class;
    builder.add(t.start, t.end, MARKS[cls]);
  }
  return builder.finish();
}

export function metriccHighlight(source: 'formula' | 'filter') {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorate(view, source);
      }
      update(u: ViewUpdate) {
        if (u.docChanged) this.decorations = decorate(u.view, source);
      }
    },
    { decorations: (v) => v.decorations },
  );
}
