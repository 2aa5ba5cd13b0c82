/**
 * Autocomplete from `completionsAt`: the service decides what fits at the cursor and ranks it by
 * fuzzy match; CodeMirror only shows the list (filter: false keeps the service's order) and
 * expands signature snippets. It opens by itself once a word is started or where an event name
 * goes, and on Ctrl-Space anywhere.
 */
import { autocompletion, snippet, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { completionsAt, type CompletionKind, type EditorContext } from '../../../src/index.js';

const TYPES: Record<CompletionKind, string> = { function: 'function', property: 'property', builtin: 'variable', keyword: 'keyword', event: 'enum', metric: 'constant' };

export type ContextOf = (text: string, offset: number) => EditorContext;

export function metriccCompletion(contextOf: ContextOf) {
  const source = (cx: CompletionContext): CompletionResult | null => {
    const result = completionsAt(contextOf(cx.state.doc.toString(), cx.pos));
    if (!result || result.items.length === 0) return null;
    const typed = cx.pos > result.from;
    const eventSlot = result.items[0]!.kind === 'event';
    if (!cx.explicit && !typed && !eventSlot) return null;
    const options: Completion[] = result.items.slice(0, 200).map((i) => ({
      label: i.label,
      type: TYPES[i.kind],
      ...(i.detail ? { detail: i.detail } : {}),
      ...(i.info ? { info: i.info } : {}),
      apply: i.snippet ? snippet(i.insert) : i.insert,
    }));
    return { from: result.from, to: result.to, options, filter: false };
  };
  return autocompletion({ override: [source], icons: true, activateOnTypingDelay: 0 });
}
