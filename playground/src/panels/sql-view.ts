/**
 * The compiled SQL as people read it: the SELECT list one item a line, and colours for keywords,
 * functions, `{name:Type}` parameters, strings and numbers. Display only — what runs is the
 * compiler's text, byte for byte (the Copy button copies that).
 */
const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'GROUP', 'BY', 'ORDER', 'LIMIT', 'AS', 'IN', 'IS', 'NULL', 'WITH', 'SETTINGS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'LIKE', 'ILIKE', 'BETWEEN', 'DESC', 'ASC']);
const TOKEN = /(\{[A-Za-z_][A-Za-z0-9_]*:[^}]*\})|('(?:[^'\\]|\\.)*')|(`(?:[^`]|``)*`)|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_]*)|(\s+|.)/gs;

/** Top-level commas of the first line's SELECT list → one item a line. */
export function formatSql(sql: string): string {
  const nl = sql.indexOf('\n');
  const first = nl < 0 ? sql : sql.slice(0, nl);
  if (!first.startsWith('SELECT ')) return sql;
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 7;
  for (let i = 7; i < first.length; i++) {
    const c = first[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      items.push(first.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(first.slice(start).trim());
  return `SELECT\n${items.map((x) => `    ${x}`).join(',\n')}${nl < 0 ? '' : sql.slice(nl)}`;
}

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

/** `{name:Type}` placeholders → their types, for the parameters table. */
export function paramTypes(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*):([^}]*)\}/g)) out.set(m[1]!, m[2]!);
  return out;
}
