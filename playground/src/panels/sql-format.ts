/** SQL text for reading (no DOM): the SELECT list one item a line; placeholder types. */

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

/** `{name:Type}` placeholders → their types, for the parameters table. */
export function paramTypes(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*):([^}]*)\}/g)) out.set(m[1]!, m[2]!);
  return out;
}
