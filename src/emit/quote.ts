/**
 * The one function that writes identifiers into SQL. Names come from the validated layout
 * (table, built-in columns, declared slots) or are metricc's own aliases; anything else is a bug.
 * A plain identifier is written bare (lean SQL) only when ClickHouse cannot read it as anything
 * but a name: not one of its keywords (`system.keywords`, generated into engine-words.ts) and not
 * a literal it knows (`true`, `NULL`, `inf`, `Infinity`, `nan`, any case). Everything else is
 * backtick-quoted, so a layout naming its tenant column `true` cannot turn the tenant guard into
 * `true = {tenant:String}`. `quoteAlias` backticks result-column aliases.
 */
import { CLICKHOUSE_KEYWORDS } from '../util/engine-words.js';
import { isColumnName } from '../util/column-name.js';
import { slotIndex, type Layout } from '../model/layout.js';

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL_WORDS = ['true', 'false', 'null', 'inf', 'infinity', 'nan'];
const NOT_BARE = new Set([...CLICKHOUSE_KEYWORDS, ...LITERAL_WORDS]);

/** A plain name written bare, or backticked when ClickHouse could read it as a keyword or literal. */
function nameText(name: string): string {
  return NOT_BARE.has(name.toLowerCase()) ? '`' + name + '`' : name;
}
const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const ALIAS = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

export function identifier(name: string, allowQualified = false): string {
  if ((allowQualified ? QUALIFIED : PLAIN).test(name)) return name.split('.').map(nameText).join('.');
  throw new Error(`internal: refusing to write identifier ${JSON.stringify(name)} into SQL`);
}

/** A slot column: must be one of the declared `prefix0 … prefix{count-1}`. */
export function slotIdentifier(name: string, slots: Layout['slots']): string {
  if (slotIndex(name, slots) !== undefined) return identifier(name);
  throw new Error(`internal: ${JSON.stringify(name)} is not a declared slot`);
}

/** Whether `name` has the language's plain-name shape (`country`, `item.sku`, `$browser`). */
export function isPlainName(name: string): boolean {
  return name.length <= 128 && ALIAS.test(name);
}


/**
 * A result column's name as a backticked identifier. ClickHouse reads backslash escapes inside
 * backticks, so a backslash is doubled (`a\` must not escape the closing backtick).
 */
export function quoteAlias(name: string): string {
  if (!isColumnName(name)) throw new Error(`internal: refusing to write alias ${JSON.stringify(name)} into SQL`);
  return '`' + name.replace(/\\/g, '\\\\') + '`';
}
