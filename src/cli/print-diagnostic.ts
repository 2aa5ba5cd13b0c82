/**
 * Diagnostics printed like a compiler's:
 *
 *   examples/arpu.metric.json:formula:1:5: error[unknown-name]: unknown name `amout`; did you mean `amount`?
 *     SUM(amout)
 *         ^^^^^
 */
import type { Diagnostic } from '../diagnostics/index.js';
import type { Style } from './style.js';
import { safeWidth, terminalSafe } from './terminal.js';

export function printDiagnostic(d: Diagnostic, texts: { formula?: string; filter?: string; formulas?: Record<string, string> }, where: string, s: Style): string {
  const severity = d.severity === 'error' ? s.red('error') : s.yellow('warning');
  // An entry of `formulas` is named by its path (`formulas.revenue:1:5`).
  const entry = d.source === 'formula' && d.path?.startsWith('formulas.') ? d.path : undefined;
  const place = d.source === 'formula' || d.source === 'filter' ? `${entry ?? d.source}:${d.line}:${d.column}` : `${d.source}${d.path ? `:${d.path}` : ''}`;
  const head = `${where ? `${terminalSafe(where)}:` : ''}${terminalSafe(place)}: ${severity}${s.bold(`[${d.code}]`)}: ${terminalSafe(d.message)}`;
  const text = entry ? texts.formulas?.[entry.slice('formulas.'.length)] : d.source === 'formula' ? texts.formula : d.source === 'filter' ? texts.filter : undefined;
  if (text === undefined) return head;
  const lines = text.split('\n');
  const line = lines[d.line - 1] ?? '';
  // The caret goes under the text as it is shown: escapes widen what they replace.
  const before = line.slice(0, d.column - 1);
  const marked = line.slice(d.column - 1, d.column - 1 + Math.max(1, d.end - d.start));
  const caret = `${' '.repeat(safeWidth(before))}${'^'.repeat(Math.max(1, safeWidth(marked)))}`;
  const hint = d.suggestions && d.suggestions.length > 0 && !d.message.includes('did you mean') ? `\n  ${s.dim(`help: did you mean ${d.suggestions.map((x) => `\`${terminalSafe(x)}\``).join(' or ')}?`)}` : '';
  return `${head}\n  ${terminalSafe(line)}\n  ${s.red(caret)}${hint}`;
}
