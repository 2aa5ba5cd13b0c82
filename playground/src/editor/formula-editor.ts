/**
 * A CodeMirror 6 editor for formula or filter text: metricc highlighting, completion and hover,
 * and diagnostics pushed in by the app (`setDiagnostics`) the moment a change is checked — no
 * linter delay. A diagnostic's suggestions become quick-fix actions in its tooltip.
 */
import { EditorView, keymap, placeholder, drawSelection } from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { Diagnostic } from '../../../src/index.js';
import { metriccHighlight } from './highlight.js';
import { metriccCompletion, type ContextOf } from './complete.js';
import { metriccHover } from './hover.js';

export interface FormulaEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  setDiagnostics(diagnostics: readonly Diagnostic[]): void;
  select(from: number, to: number): void;
  /** Replace the selection with `text` (at the cursor when nothing is selected). */
  insert(text: string): void;
}

export interface EditorOptions {
  readonly source: 'formula' | 'filter';
  readonly initial: string;
  readonly placeholder: string;
  readonly contextOf: ContextOf;
  readonly onChange: (text: string) => void;
  /** Mod-Enter (before CodeMirror's own binding, which would insert a line). */
  readonly onRun: () => void;
  /** Go to definition: F12, or Ctrl/Cmd-click, on a name (the name under the cursor or pointer). */
  readonly onDefinition?: (name: string) => void;
}

/** The identifier around `pos` in `text`, if any. */
function nameAt(text: string, pos: number): string | undefined {
  const word = /[A-Za-z_$][A-Za-z0-9_$]*/g;
  for (let m = word.exec(text); m; m = word.exec(text)) if (m.index <= pos && pos <= m.index + m[0].length) return m[0];
  return undefined;
}

function toLint(d: Diagnostic, length: number): LintDiagnostic {
  const from = Math.min(d.start, length);
  const to = Math.min(Math.max(d.end, from), length);
  return {
    from,
    to,
    severity: d.severity,
    source: d.code,
    message: d.message,
    actions: (d.suggestions ?? []).slice(0, 3).map((s) => ({
      name: `Use ${s}`,
      apply: (view: EditorView, f: number, t: number) => view.dispatch({ changes: { from: f, to: t, insert: s } }),
    })),
  };
}

export function createFormulaEditor(parent: HTMLElement, o: EditorOptions): FormulaEditor {
  const definitionAt = (v: EditorView, pos: number): boolean => {
    const name = o.onDefinition ? nameAt(v.state.doc.toString(), pos) : undefined;
    if (name === undefined) return false;
    o.onDefinition!(name);
    return true;
  };
  // No underlines shown and none to show: skip the transaction (the common case while typing).
  let clean = true;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: o.initial,
      extensions: [
        history(),
        drawSelection(),
        closeBrackets(),
        Prec.highest(keymap.of([
          { key: 'Mod-Enter', run: () => (o.onRun(), true) },
          { key: 'F12', run: (v) => definitionAt(v, v.state.selection.main.head) },
        ])),
        EditorView.domEventHandlers({
          mousedown: (event, v) => {
            if (!(event.ctrlKey || event.metaKey)) return false;
            const pos = v.posAtCoords({ x: event.clientX, y: event.clientY });
            return pos !== null && definitionAt(v, pos);
          },
        }),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        placeholder(o.placeholder),
        EditorView.contentAttributes.of({ 'aria-label': o.source === 'formula' ? 'Formula' : 'Filter', spellcheck: 'false' }),
        metriccHighlight(o.source),
        metriccCompletion(o.contextOf),
        metriccHover(o.contextOf),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) o.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      if (text !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setDiagnostics(diagnostics) {
      if (clean && diagnostics.length === 0) return;
      clean = diagnostics.length === 0;
      const length = view.state.doc.length;
      view.dispatch(setDiagnostics(view.state, diagnostics.map((d) => toLint(d, length))));
    },
    select(from, to) {
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
      view.focus();
    },
    insert(text) {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
  };
}
