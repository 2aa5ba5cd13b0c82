/** The reserved words of the language (docs/language.md §1), matched case-insensitively. */
export const KEYWORDS = [
  'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'BETWEEN', 'LIKE', 'ILIKE',
  'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DISTINCT', 'FILTER', 'WHERE', 'PER',
] as const;

export type Keyword = (typeof KEYWORDS)[number];

const SET: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(word: string): boolean {
  return SET.has(word.toUpperCase());
}
