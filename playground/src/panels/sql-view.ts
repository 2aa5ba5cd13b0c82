/**
 * The compiled SQL as people read it: the SELECT list one item a line, and colours for keywords,
 * functions, `{name:Type}` parameters, strings and numbers. Display only — what runs is the
 * compiler's text, byte for byte (the Copy button copies that).
 */
const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'GROUP', 'BY', 'ORDER', 'LIMIT', 'AS', 'IN', 'IS', 'NULL', 'WITH', 'SETTINGS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'LIKE', 'ILIKE', 'BETWEEN', 'DESC', 'ASC']);
const TOKEN = /(\{[A-Za-z_][A-Za-z0-9_]*:[^}]*\})|('(?:[^'\\]|\\.)*')|(`(?:[^`]|``)*`)|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_]*)|(\s+|.)/gs;

export function renderSql(target: HTMLElement, sql: string): void {
  const frag = document.createDocumentFragment();
  for (const m of sql.matchAll(TOKEN)) {
    const [text, param, str, quoted, num, fn, word] = m;
    const cls = param ? 'sql-param' : str ? 'sql-string' : quoted ? 'sql-ident' : num ? 'sql-number' : fn ? 'sql-fn' : word && KEYWORDS.has(word) ? 'sql-kw' : '';
    if (cls) {
      const span = frag.appendChild(document.createElement('span'));
      span.className = cls;
      span.textContent = text;
    } else {
      frag.appendChild(document.createTextNode(text));
    }
  }
  target.replaceChildren(frag);
}
