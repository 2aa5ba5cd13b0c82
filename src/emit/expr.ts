/**
 * IR → SQL for one expression: one handler per IR kind in an exhaustive table. Values that can
 * be missing stay NULL through arithmetic; division and modulo by zero are NULL
 * (`a / nullIf(b, 0)`, never inf); predicates are written two-valued.
 */
import type { Ir, IrKind, IrOf } from '../model/ir.js';
import { PREC, at, atom, type Sql } from './sql.js';
import { identifier } from './quote.js';
import { sqlNumber } from './numbers.js';
import { emitPropertyRead } from './read-property.js';
import { emitAggregate } from './aggregate.js';
import { emitScalar } from './scalar.js';
import type { EmitScope, Frame } from './scope.js';
import { unifyNumbers } from './numeric-kind.js';

type Handler<K extends IrKind> = (scope: EmitScope, ir: IrOf<K>) => Sql;

function literal(scope: EmitScope, ir: IrOf<'literal'>): Sql {
  const value = ir.value;
  if (value === null) return atom('NULL');
  if (ir.type === 'datetime' && typeof value === 'string') return atom(scope.params.instant(value));
  if (typeof value === 'boolean') return atom(value ? 'true' : 'false');
  if (typeof value === 'number') return value < 0 || Object.is(value, -0) ? { text: sqlNumber(value), prec: PREC.unary } : atom(sqlNumber(value));
  return atom(scope.params.string(value));
}

/**
 * `ifNull(test, 0)` when a side can be missing (false), `ifNull(test, 1)` for the negated forms
 * (true): docs/language.md §4's two-valued predicates.
 */
function twoValued(test: string, mayBeMissing: boolean, negated: boolean): Sql {
  return mayBeMissing ? atom(`ifNull(${test}, ${negated ? 1 : 0})`) : { text: test, prec: PREC.compare };
}

const ARITH_PREC = { '+': PREC.additive, '-': PREC.additive, '*': PREC.multiplicative, '/': PREC.multiplicative, '%': PREC.multiplicative } as const;

const HANDLERS: { [K in IrKind]: Handler<K> } = {
  literal: (scope, ir) => literal(scope, ir),
  field: (scope, ir) => atom(identifier(scope.layout.columns[ir.field])),
  property: (scope, ir) => atom(scope.reads.read(ir.reads, scope.rowEvents, ir.type, () => emitPropertyRead(scope, ir))),
  negate: (scope, ir) => {
    const operand = at(emitExpr(scope, ir.operand), PREC.unary);
    return { text: operand.startsWith('-') ? `-(${operand})` : `-${operand}`, prec: PREC.unary };
  },
  not: (scope, ir) => ({ text: `NOT ${at(emitPredicate(scope, ir.operand), PREC.not)}`, prec: PREC.not }),
  arith: (scope, ir) => {
    const p = ARITH_PREC[ir.op];
    const left = at(emitExpr(scope, ir.left), p);
    const rightSql = emitExpr(scope, ir.right);
    const divides = ir.op === '/' || ir.op === '%';
    // x / 0 is missing: guard the divisor, unless it is a constant that cannot be 0.
    const constant = ir.right.kind === 'literal' && typeof ir.right.value === 'number' && ir.right.value !== 0;
    const right = divides && !constant ? `nullIf(${rightSql.text}, 0)` : at(rightSql, p + 1);
    return { text: `${left} ${ir.op} ${right}`, prec: p };
  },
  logic: (scope, ir) => {
    const p = ir.op === 'and' ? PREC.and : PREC.or;
    const parts = ir.operands.map((o) => at(emitPredicate(scope, o), p + 1));
    return { text: parts.join(ir.op === 'and' ? ' AND ' : ' OR '), prec: p };
  },
  compare: (scope, ir) => {
    const test = `${at(emitExpr(scope, ir.left), PREC.additive)} ${ir.op} ${at(emitExpr(scope, ir.right), PREC.additive)}`;
    return twoValued(test, ir.left.nullable || ir.right.nullable, ir.op === '!=');
  },
  in: (scope, ir) => {
    const operand = at(emitExpr(scope, ir.operand), PREC.additive);
    const set =
      ir.itemType === 'string'
        ? scope.params.strings(ir.values as string[])
        : `(${ir.values.map((v) => (typeof v === 'number' ? sqlNumber(v) : String(v))).join(', ')})`;
    return twoValued(`${operand} ${ir.negated ? 'NOT IN' : 'IN'} ${set}`, ir.operand.nullable, ir.negated);
  },
  between: (scope, ir) => {
    const [x, lo, hi] = [ir.operand, ir.low, ir.high].map((e) => at(emitExpr(scope, e), PREC.additive));
    const test = `${x} ${ir.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${lo} AND ${hi}`;
    const missing = ir.operand.nullable || ir.low.nullable || ir.high.nullable;
    return missing ? atom(`ifNull(${test}, ${ir.negated ? 1 : 0})`) : atom(`(${test})`);
  },
  like: (scope, ir) => {
    const op = `${ir.negated ? 'NOT ' : ''}${ir.caseInsensitive ? 'ILIKE' : 'LIKE'}`;
    const test = `${at(emitExpr(scope, ir.operand), PREC.additive)} ${op} ${likePattern(scope, ir.pattern)}`;
    return twoValued(test, ir.operand.nullable || ir.pattern.nullable, ir.negated);
  },
  isNull: (scope, ir) => {
    if (!ir.operand.nullable) return atom(ir.negated ? 'true' : 'false');
    return atom(`${ir.negated ? 'isNotNull' : 'isNull'}(${emitExpr(scope, ir.operand).text})`);
  },
  scalar: (scope, ir) => emitScalar(scope, ir),
  case: (scope, ir) => {
    const results = [...ir.branches.map((b) => b.then), ...(ir.otherwise ? [ir.otherwise] : [])];
    const texts = unifyNumbers(results, results.map((r) => emitExpr(scope, r).text));
    const parts = ir.branches.flatMap((b, i) => [emitPredicate(scope, b.when).text, texts[i]!]);
    const otherwise = ir.otherwise ? texts[texts.length - 1]! : 'NULL';
    return atom(ir.branches.length === 1 ? `if(${parts.join(', ')}, ${otherwise})` : `multiIf(${parts.join(', ')}, ${otherwise})`);
  },
  aggregate: (scope, ir) => atom(scope.overNoRows ? aggregateOverNoRows(ir) : scope.windows ? scope.windows.aggregate(ir, scope.frame) : emitAggregate(scope, ir)),
  time: (scope, ir) => {
    // Without groups, TOTAL(m) is m.
    if (ir.total && !scope.windows) return emitExpr(scope, ir.operand);
    if (!scope.windows) throw new Error('internal: a time function outside a query over buckets');
    const ranking = scope.frame?.kind === 'range';
    // Ranking over the whole range, a time function is its argument (docs/language.md §6).
    const frame: Frame = ir.total ? { kind: ranking ? 'rangeTotal' : 'total' } : ranking ? { kind: 'range' } : { kind: 'buckets', first: ir.first, last: ir.last };
    return emitExpr({ ...scope, frame }, ir.operand);
  },
};

/** Whether a pattern ends in an odd run of backslashes: an escape with nothing to escape. */
const LONE_BACKSLASH = /(?:^|[^\\])(?:\\\\)*\\$/;

/**
 * A LIKE pattern the engine always accepts: ClickHouse refuses a pattern that ends in a lone
 * backslash (an escape with nothing after it), so that backslash is made an escaped one — it
 * matches a backslash (docs/language.md §2). A constant pattern is mended here; a computed one
 * in the SQL, only when it ends that way.
 */
function likePattern(scope: EmitScope, pattern: Ir): string {
  if (pattern.kind === 'literal' && typeof pattern.value === 'string') {
    const text = LONE_BACKSLASH.test(pattern.value) ? `${pattern.value}\\` : pattern.value;
    return scope.params.string(text);
  }
  const p = emitExpr(scope, pattern).text;
  // The same pattern in the engine (RE2 reads it as JavaScript does).
  return `concat(${p}, if(match(${p}, ${scope.params.string(LONE_BACKSLASH.source)}), ${scope.params.string('\\')}, ''))`;
}

/** An aggregate's value over no rows: what its ClickHouse function returns for an empty set. */
function aggregateOverNoRows(ir: IrOf<'aggregate'>): string {
  if (!ir.spec.sql.orNull && !ir.spec.sql.finite) return '0';
  return `CAST(NULL AS ${NULL_TYPES[ir.type === 'error' || ir.type === 'null' ? 'number' : ir.type]})`;
}

const NULL_TYPES = { number: 'Nullable(Float64)', string: 'Nullable(String)', boolean: 'Nullable(Bool)', datetime: "Nullable(DateTime64(3, 'UTC'))" } as const;

export function emitExpr(scope: EmitScope, ir: Ir): Sql {
  const sql = (HANDLERS[ir.kind] as Handler<IrKind>)(scope, ir as never);
  scope.budget.check(sql.text);
  return sql;
}

/** A condition: never NULL (a missing boolean value reads as false). */
export function emitPredicate(scope: EmitScope, ir: Ir): Sql {
  const sql = emitExpr(scope, ir);
  const missingValue = ir.nullable && (ir.kind === 'property' || ir.kind === 'scalar' || ir.kind === 'case' || ir.kind === 'literal');
  return missingValue ? atom(`ifNull(${sql.text}, false)`) : sql;
}
