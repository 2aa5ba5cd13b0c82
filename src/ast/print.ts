/**
 * Canonical formula text for a tree: keywords and function names in upper case, one space
 * around binary operators, parentheses only where precedence needs them, strings in single
 * quotes, names in backticks only when they are not plain identifiers. Parsing the output gives
 * back the same tree (modulo spans) — a property test holds us to that.
 */
import type { Expr, ExprKind, ExprOf } from './nodes.js';
import { isKeyword } from './keywords.js';

/** Binding strength of each construct; higher binds tighter (docs/language.md §2). */
const PREC = { or: 1, and: 2, not: 3, compare: 4, additive: 5, multiplicative: 6, unary: 7, primary: 8 } as const;

const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

export function printName(name: string): string {
  if (PLAIN_NAME.test(name) && !isKeyword(name)) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
};

export function printString(value: string): string {
  const body = value.replace(/[\\'\n\r\t\0]|[\u0001-\u001f\u007f]/g, (c) => {
    const known = STRING_ESCAPES[c];
    return known ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
  return `'${body}'`;
}

function printNumber(value: number): string {
  return String(value);
}

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      return e.op === 'or' ? PREC.or : e.op === 'and' ? PREC.and : e.op === '+' || e.op === '-' ? PREC.additive : PREC.multiplicative;
    case 'unary':
      return e.op === 'not' ? PREC.not : PREC.unary;
    case 'compare':
    case 'in':
    case 'between':
    case 'like':
    case 'isNull':
      return PREC.compare;
    default:
      return PREC.primary;
  }
}

function at(e: Expr, min: number): string {
  const text = print(e);
  return precedence(e) < min ? `(${text})` : text;
}

const PRINTERS = {
  number: (e) => printNumber(e.value),
  string: (e) => printString(e.value),
  boolean: (e) => (e.value ? 'TRUE' : 'FALSE'),
  null: () => 'NULL',
  name: (e) => printName(e.name),
  unary: (e) => {
    if (e.op === 'not') return `NOT ${at(e.operand, PREC.not)}`;
    const operand = at(e.operand, PREC.unary);
    return operand.startsWith('-') || operand.startsWith('+') ? `${e.op} ${operand}` : `${e.op}${operand}`;
  },
  binary: (e) => {
    const p = precedence(e);
    const op = e.op === 'and' || e.op === 'or' ? e.op.toUpperCase() : e.op;
    return `${at(e.left, p)} ${op} ${at(e.right, p + 1)}`;
  },
  compare: (e) => `${at(e.left, PREC.additive)} ${e.op} ${at(e.right, PREC.additive)}`,
  in: (e) => `${at(e.operand, PREC.additive)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(print).join(', ')})`,
  between: (e) =>
    `${at(e.operand, PREC.additive)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${at(e.low, PREC.additive)} AND ${at(e.high, PREC.additive)}`,
  like: (e) =>
    `${at(e.operand, PREC.additive)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${at(e.pattern, PREC.additive)}`,
  isNull: (e) => `${at(e.operand, PREC.additive)} IS ${e.negated ? 'NOT NULL' : 'NULL'}`,
  call: (e) => {
    const args = e.star ? '*' : (e.distinct ? 'DISTINCT ' : '') + e.args.map(print).join(', ');
    const filter = e.filter ? ` FILTER (WHERE ${print(e.filter)})` : '';
    return `${e.name.toUpperCase()}(${args})${filter}${e.per ? ` PER ${printName(e.per.name)}` : ''}`;
  },
  case: (e) => {
    const branches = e.branches.map((b) => `WHEN ${print(b.when)} THEN ${print(b.then)}`).join(' ');
    const otherwise = e.otherwise ? ` ELSE ${print(e.otherwise)}` : '';
    return `CASE ${branches}${otherwise} END`;
  },
} satisfies { [K in ExprKind]: (e: ExprOf<K>) => string };

/** Canonical text of a formula tree. */
export function print(e: Expr): string {
  return (PRINTERS[e.kind] as (x: Expr) => string)(e);
}
