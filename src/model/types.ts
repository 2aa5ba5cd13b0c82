/**
 * The language's value types (docs/language.md §4) and the mapping from ClickHouse type names in
 * mapping documents to them. `null` is the type of the NULL literal (it fits anywhere a value
 * may be missing); `error` marks a subtree that already has a diagnostic, so it fits anywhere
 * and no second diagnostic cascades from it.
 */
export type Type = 'number' | 'string' | 'boolean' | 'datetime';
export type IrType = Type | 'null' | 'error';

export const TYPE_WORDS: Record<IrType, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a condition (true/false)',
  datetime: 'a date-time',
  null: 'NULL',
  error: 'an invalid value',
};

const NUMBER_TYPE = /^(?:U?Int(?:8|16|32|64|128|256)|Float(?:32|64)|BFloat16|Decimal(?:32|64|128|256)?(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)$/;
const STRING_TYPE = /^(?:String|FixedString\(\s*\d+\s*\)|UUID|IPv4|IPv6|Enum(?:8|16)?\(.*\))$/s;
const BOOLEAN_TYPE = /^(?:Bool|Boolean)$/;
const DATETIME_TYPE = /^(?:Date|Date32|DateTime(?:\(\s*'[^']*'\s*\))?|DateTime64\(\s*\d+\s*(?:,\s*'[^']*'\s*)?\))$/;

/** The language type of a ClickHouse type name, or undefined when it is not one we read. */
export function typeOfClickHouseName(name: string): Type | undefined {
  let n = name.trim();
  for (;;) {
    const wrapped = /^(?:Nullable|LowCardinality)\((.*)\)$/s.exec(n);
    if (!wrapped) break;
    n = wrapped[1]!.trim();
  }
  if (NUMBER_TYPE.test(n)) return 'number';
  if (STRING_TYPE.test(n)) return 'string';
  if (BOOLEAN_TYPE.test(n)) return 'boolean';
  if (DATETIME_TYPE.test(n)) return 'datetime';
  return undefined;
}

/** Types that order (`<`, BETWEEN, MIN/MAX, GREATEST). */
export const ORDERED: readonly Type[] = ['number', 'string', 'datetime'];
export const ANY: readonly Type[] = ['number', 'string', 'boolean', 'datetime'];
