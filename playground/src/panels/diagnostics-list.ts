/** Every diagnostic as a list under the editor; a click on a formula or filter one selects its span. */
import type { Diagnostic } from '../../../src/index.js';

export function renderDiagnostics(target: HTMLElement, diagnostics: readonly Diagnostic[], reveal: (d: Diagnostic) => void): void {
  const items = diagnostics.map((d) => {
    const li = document.createElement('li');
    li.className = `diag ${d.severity}`;
    li.dataset['code'] = d.code;
    const where = d.source === 'formula' || d.source === 'filter' ? `${d.source} ${d.line}:${d.column}` : `${d.source}${d.path ? ` · ${d.path}` : ''}`;
    const loc = li.appendChild(document.createElement('span'));
    loc.className = 'diag-where';
    loc.textContent = where;
    const code = li.appendChild(document.createElement('span'));
    code.className = 'diag-code';
    code.textContent = `${d.severity}[${d.code}]`;
    li.append(` ${d.message}`);
    if (d.source === 'formula' || d.source === 'filter') {
      li.tabIndex = 0;
      li.addEventListener('click', () => reveal(d));
    }
    return li;
  });
  target.replaceChildren(...items);
}
