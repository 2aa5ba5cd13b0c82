/** Syntax colouring from metricc's own lexer (`highlightTokens`), as CodeMirror mark decorations. */
import { Decoration, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from '@codemirror/view';
import { RangeSetBuilder } from '@codemirror/state';
import { highlightTokens, type TokenClass } from '../../../src/index.js';

const MARKS = {} as Record<TokenClass, Decoration>;
for (const c of ['keyword', 'function', 'builtin', 'name', 'number', 'string', 'quoted-name', 'operator', 'punctuation', 'invalid'] satisfies TokenClass[]) {
  MARKS[c] = Decoration.mark({ class: `tok-${c}` });
}

function decorate(view: EditorView, source: 'formula' | 'filter'): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const t of highlightTokens(view.state.doc.toString(), source)) {
    if (t.end > t.start) builder.add(t.start, t.end, MARKS[t.class]);
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
