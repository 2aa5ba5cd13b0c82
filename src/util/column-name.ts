/**
 * The one rule for a result column's name (docs/language.md §6): group-by names (and, later, formula
 * keys) are written into SQL as backticked aliases, since ClickHouse cannot bind an alias. A name
 * qualifies when it has 1–256 characters and no backtick or control character. The checker
 * reports names that fail it; the emitter refuses to write them.
 */
const FORBIDDEN = /[`\u0000-\u001f\u007f-\u009f]/;

export const MAX_COLUMN_NAME = 256;

/** Why `name` cannot name a result column (control characters shown as `?`). */
export function invalidColumnNameMessage(name: string): string {
  return `\`${name.slice(0, 80).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}\` cannot name a result column: a column name has at most ${MAX_COLUMN_NAME} characters and no backtick or control character`;
}

export function isColumnName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_COLUMN_NAME && !FORBIDDEN.test(name);
}
