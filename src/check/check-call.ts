/**
 * Function calls against the catalogue: arity, `*`, DISTINCT and FILTER rules, argument types
 * (with the type variable T unified across its arguments), constant parameters, and the
 * aggregate rules — no aggregate inside an aggregate or in the query filter, and an aggregate's
 * events in scope narrowed by its own FILTER / -IF condition.
 */
import type * as A from '../ast/nodes.js';
import type { Ir } from '../model/ir.js';
import { FUNCTION_NAMES, lookupFunction, paramAt, signature, type AggregateSpec, type FunctionSpec, type ParamSpec, type ScalarSpec } from '../model/functions.js';
import { checkExpr, checkPredicate } from './check-expr.js';
import { conjuncts, eventTestOnly, flattenConjuncts, pinnedEvents } from './scope.js';
import { coerce, unifiedType } from './unify.js';
import { ANY, TYPE_WORDS, type Type } from '../model/types.js';
import { POISON, expectType, report, snippet, type CheckContext, type Place } from './context.js';
import { suggest } from '../diagnostics/index.js';
import { lookupBuiltin } from '../model/builtins.js';
import { intersect } from '../util/sets.js';
import { checkTime } from './check-time.js';
import { irChildren, perKeyIn, perKeyName, walkIr } from '../model/ir-children.js';

function checkArity(ctx: CheckContext, e: A.Call, spec: FunctionSpec): boolean {
  const min = spec.minArgs ?? spec.params.length;
  const max = spec.variadic ? ctx.limits.maxListItems : spec.params.length;
  const n = e.args.length;
  if (n >= min && n <= max) return true;
  const expected = spec.variadic ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
  report(ctx, 'wrong-arity', e.span, `${spec.name} takes ${expected} argument${max === 1 ? '' : 's'} but was given ${n}: ${signature(spec)}`);
  return false;
}

/** A constant number argument (`0.95`, `-2`), or undefined. */
function constantNumber(e: A.Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+') && e.operand.kind === 'number') return e.op === '-' ? -e.operand.value : e.operand.value;
  return undefined;
}

function checkConstant(ctx: CheckContext, e: A.Expr, spec: FunctionSpec, param: ParamSpec): Ir {
  const v = constantNumber(e);
  if (v === undefined) {
    report(ctx, 'constant-required', e.span, `the ${param.name} of ${spec.name} must be a constant number, as in ${spec.example}`);
    return POISON;
  }
  if (param.role === 'probability' && !(v >= 0 && v <= 1)) {
    report(ctx, 'percentile-out-of-range', e.span, `the ${param.name} of ${spec.name} must be between 0 and 1 (0.95 is the 95th percentile); got ${v}`);
    return POISON;
  }
  if (param.role === 'digits' && !(Number.isInteger(v) && Math.abs(v) <= 15)) {
    report(ctx, 'constant-required', e.span, `the ${param.name} of ${spec.name} must be a whole number from -15 to 15; got ${v}`);
    return POISON;
  }
  return { kind: 'literal', value: v, type: 'number', nullable: false };
}

/** Check every argument against its parameter; T-typed ones are unified together. */
function checkArgs(ctx: CheckContext, e: A.Call, spec: FunctionSpec, place: Place): { args: Ir[]; t: Type | undefined } {
  const args = e.args.map((a, i) => {
    const param = paramAt(spec, i);
    if (param.role === 'predicate') return checkPredicate(ctx, a, place);
    if (param.role === 'probability' || param.role === 'digits') return checkConstant(ctx, a, spec, param);
    return checkExpr(ctx, a, place);
  });
  const tIndexes = e.args.map((_, i) => i).filter((i) => paramAt(spec, i).types === 'T');
  let t: Type | undefined;
  if (tIndexes.length > 0) {
    const allowed = spec.typeVar ?? ANY;
    t = unifiedType(tIndexes.map((i) => args[i]!), allowed);
    if (t === undefined) {
      const bad = tIndexes.find((i) => args[i]!.type !== 'null' && args[i]!.type !== 'error' && args[i]!.type !== args[tIndexes[0]!]!.type) ?? tIndexes[0]!;
      if (!expectType(ctx, args[bad]!, allowed, e.args[bad]!.span, spec.name)) return { args: args.map(() => POISON), t };
      report(ctx, 'type-mismatch', e.args[bad]!.span, `the arguments of ${spec.name} must all be of one type; \`${snippet(ctx, e.args[bad]!.span)}\` is ${TYPE_WORDS[args[bad]!.type]}`);
      return { args: args.map(() => POISON), t };
    }
    for (const i of tIndexes) args[i] = coerce(args[i]!, t);
  }
  e.args.forEach((a, i) => {
    const types = paramAt(spec, i).types;
    if (types === 'T' || paramAt(spec, i).role) return;
    const want = types.length === 1 ? types[0]! : undefined;
    if (want) args[i] = coerce(args[i]!, want);
    if (!expectType(ctx, args[i]!, types, a.span, `${spec.name}'s ${paramAt(spec, i).name}`)) args[i] = POISON;
  });
  return { args, t };
}

function resultType(spec: FunctionSpec, t: Type | undefined): Type | 'null' {
  return spec.result === 'T' ? (t ?? 'null') : spec.result;
}

function scalarNullable(spec: ScalarSpec, args: readonly Ir[]): boolean {
  switch (spec.nulls) {
    case 'strict':
      return args.some((a) => a.nullable);
    case 'all':
      return args.every((a) => a.nullable);
    case 'branches':
      return args.slice(1).some((a) => a.nullable);
    case 'always':
      return true;
  }
}

function checkScalar(ctx: CheckContext, e: A.Call, spec: ScalarSpec, place: Place): Ir {
  if (e.filter) report(ctx, 'filter-not-allowed', e.filter.span, `FILTER applies to aggregates; ${spec.name} is not one`);
  if (e.star) report(ctx, 'star-not-allowed', e.span, `\`*\` is only allowed in COUNT(*)`);
  if (e.distinct) report(ctx, 'distinct-not-allowed', e.span, `DISTINCT is only allowed in COUNT(DISTINCT x)`);
  if (e.filter || e.star || e.distinct || !checkArity(ctx, e, spec)) return POISON;
  const { args, t } = checkArgs(ctx, e, spec, place);
  if (args.some((a) => a.type === 'error')) return POISON;
  return { kind: 'scalar', fn: spec.name, spec, args, type: resultType(spec, t), nullable: scalarNullable(spec, args) };
}


function aggregatePlaceAllowed(ctx: CheckContext, e: A.Call, spec: AggregateSpec, place: Place): boolean {
  if (e.per) {
    if (place.inPer) {
      report(ctx, 'nested-per', e.span, `PER does not nest: ${spec.name}(…) PER ${e.per.name} is inside another PER aggregate`);
      return false;
    }
    if (!place.perOuter) {
      report(ctx, 'per-not-allowed', e.span, `PER computes an aggregate once per key inside another aggregate's argument, as in AVG(COUNT(*) PER ${e.per.name})`);
      return false;
    }
  } else if (place.inAggregate) {
    report(ctx, 'nested-aggregate', e.span, `${spec.name} is an aggregate inside another aggregate; aggregates cannot be nested`);
    return false;
  }
  if (!place.allowAggregates && !e.per) {
    report(ctx, 'aggregate-not-allowed', e.span, `${spec.name} is an aggregate; a ${ctx.source === 'filter' ? 'filter' : 'condition'} is checked per event and cannot contain one`);
    return false;
  }
  ctx.counter.aggregates++;
  if (ctx.counter.aggregates === ctx.limits.maxAggregates + 1) {
    report(ctx, 'too-many-aggregates', e.span, `the formula has more than ${ctx.limits.maxAggregates} aggregates`);
  }
  return ctx.counter.aggregates <= ctx.limits.maxAggregates;
}

function checkAggregate(ctx: CheckContext, e: A.Call, spec: AggregateSpec, place: Place): Ir {
  if (!aggregatePlaceAllowed(ctx, e, spec, place)) return POISON;
  if (e.star && !spec.star) report(ctx, 'star-not-allowed', e.span, `\`*\` is only allowed in COUNT(*); ${spec.name} needs ${signature(spec)}`);
  if (e.distinct && !spec.distinct) report(ctx, 'distinct-not-allowed', e.span, `DISTINCT is only allowed in COUNT(DISTINCT x)`);
  if ((e.star && !spec.star) || (e.distinct && !spec.distinct) || (!e.star && !checkArity(ctx, e, spec))) return POISON;
  const predicateIndex = spec.params.findIndex((p) => p.role === 'predicate');
  const conditionNodes = [...(predicateIndex >= 0 ? [e.args[predicateIndex]!] : []), ...(e.filter ? [e.filter] : [])];
  const scope = conditionNodes.reduce((s, c) => intersect(s, pinnedEvents(c)), place.scope);
  // The argument of an aggregate may hold `… PER key` aggregates (one level: not in a PER aggregate).
  const inner: Place = { inAggregate: true, allowAggregates: false, scope, inTime: place.inTime, ...(e.per ? { inPer: true } : { perOuter: !place.inPer }) };
  const inherited = place.inherited;
  const { args, t } = checkArgs(ctx, e, spec, inner);
  const filter = e.filter ? checkPredicate(ctx, e.filter, inner) : undefined;
  const all = [...args, ...(filter ? [filter] : [])];
  if (all.some((a) => a.type === 'error')) return POISON;
  const levelIndex = spec.params.findIndex((p) => p.role === 'probability');
  const level = levelIndex >= 0 ? (args[levelIndex] as { value: number }).value : spec.level;
  // A referenced metric's filter restricts every aggregate inside it (docs/language.md §6).
  const conditions = [...(predicateIndex >= 0 ? [args[predicateIndex]!] : []), ...(filter ? [filter] : [])].flatMap(flattenConjuncts).concat(inherited?.conditions ?? []);
  // Pins are read once, from the source, where the scope was: the same conjuncts, in order.
  const conditionEvents = conditionNodes.flatMap(conjuncts).map(eventTestOnly).concat(inherited?.events ?? []);
  if (conditionEvents.length !== conditions.length) throw new Error('internal: conditions and their event tests are out of step');
  const values = args.filter((_, i) => i !== predicateIndex && i !== levelIndex);
  const nullable = spec.sql.orNull || spec.sql.finite === true;
  const per = e.per ? checkExpr(ctx, e.per, { inAggregate: true, allowAggregates: false, scope: place.scope }) : undefined;
  if (per?.type === 'error') return POISON;
  const perOuter = e.per ? undefined : perKeyInside([...values, ...conditions]);
  if (perOuter && !perValuesOnly(ctx, e, spec, [...values, ...conditions])) return POISON;
  if (perOuter && !oneKey(ctx, e, spec, [...values, ...conditions])) return POISON;
  return { kind: 'aggregate', fn: spec.name, spec, args: values, level, star: e.star, distinct: e.distinct, conditions, conditionEvents, scope, type: resultType(spec, t), nullable, ...(per ? { per } : {}), ...(perOuter ? { perOuter } : {}) };
}

/** The key of the `… PER key` aggregates among `irs`, if any. */
function perKeyInside(irs: readonly Ir[]): Ir | undefined {
  for (const ir of irs) {
    const key = perKeyIn(ir);
    if (key) return key;
  }
  return undefined;
}

/** A PER key as a message names it. */
function keyName(ir: Ir): string {
  return ir.kind === 'property' ? `\`${ir.name}\`` : ir.kind === 'field' ? ir.field : ir.kind;
}

/** The PER aggregates inside one aggregate run over one key (formulas and aggregates may differ). */
function oneKey(ctx: CheckContext, e: A.Call, spec: AggregateSpec, irs: readonly Ir[]): boolean {
  const keys = new Map<string, string>();
  for (const ir of irs) for (const node of walkIr(ir)) if (node.kind === 'aggregate' && node.per) keys.set(perKeyName(node.per), keyName(node.per));
  if (keys.size <= 1) return true;
  report(ctx, 'per-keys-differ', e.span, `the PER aggregates inside one ${spec.name}(…) run over one key; these use ${[...keys.values()].join(' and ')} (write one aggregate per key: AVG(… PER a) + AVG(… PER b))`);
  return false;
}

/**
 * Around PER aggregates, everything outside them is computed per key (docs/language.md §6): a
 * value or condition that mixes them with a property or built-in has no one value per key.
 */
function perValuesOnly(ctx: CheckContext, e: A.Call, spec: AggregateSpec, irs: readonly Ir[]): boolean {
  for (const ir of irs) {
    if (perKeyIn(ir) === undefined) continue;
    const stack: Ir[] = [ir];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.kind === 'aggregate') continue;
      if (node.kind === 'field' || node.kind === 'property') {
        report(ctx, 'per-not-allowed', e.span, `in ${spec.name}(…), what surrounds a PER aggregate is computed once per key; a property or built-in there (outside an aggregate) has no one value per key`);
        return false;
      }
      stack.push(...irChildren(node));
    }
  }
  return true;
}

export function checkCall(ctx: CheckContext, e: A.Call, place: Place): Ir {
  const spec = lookupFunction(e.name);
  if (spec && e.per && spec.kind !== 'aggregate') {
    report(ctx, 'per-not-allowed', e.span, `PER follows an aggregate (as in AVG(COUNT(*) PER ${e.per.name})); ${spec.name} is not one`);
    return POISON;
  }
  if (!spec) {
    const suggestions = suggest(e.name.toUpperCase(), FUNCTION_NAMES);
    const isName = lookupBuiltin(e.name) !== undefined || ctx.tenant.properties.has(e.name);
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions[0]}?` : isName ? ` (\`${e.name}\` is a name, not a function)` : '';
    report(ctx, 'unknown-function', e.nameSpan, `unknown function \`${e.name}\`${hint}`, { suggestions });
    // The arguments are still checked (an unknown name inside is its own mistake), but as if the
    // call might aggregate: \`SUMM(amount)\` is one typo, not also a bare reference.
    const lenient = { ...place, inAggregate: true };
    for (const a of e.args) checkExpr(ctx, a, lenient);
    return POISON;
  }
  switch (spec.kind) {
    case 'aggregate':
      return checkAggregate(ctx, e, spec, place);
    case 'scalar':
      return checkScalar(ctx, e, spec, place);
    case 'time':
      return checkTime(ctx, e, spec, place);
  }
}
