/**
 * The stable diagnostic codes. Codes are part of the public contract: tools match on them, so a
 * code is never renamed or reused. The value is the default severity.
 */
export const DIAGNOSTIC_CODES = {
  // syntax
  'unexpected-character': 'error',
  'unterminated-string': 'error',
  'unterminated-quoted-name': 'error',
  'unknown-escape': 'error',
  'empty-quoted-name': 'error',
  'invalid-number': 'error',
  'unexpected-token': 'error',
  'unexpected-end': 'error',
  'missing-close-paren': 'error',
  'unmatched-close-paren': 'error',
  'chained-comparison': 'error',
  'missing-operator': 'error',
  'empty-formula': 'error',
  // bounds
  'input-too-long': 'error',
  'nesting-too-deep': 'error',
  'too-many-aggregates': 'error',
  'list-too-long': 'error',
  'sql-too-large': 'error',
  'too-many-buckets': 'error',
  'too-many-diagnostics': 'error',
  // names and functions
  'unknown-name': 'error',
  'unknown-function': 'error',
  'property-not-in-scope': 'error',
  'property-without-type': 'error',
  'unknown-event': 'warning',
  // function use
  'wrong-arity': 'error',
  'star-not-allowed': 'error',
  'distinct-not-allowed': 'error',
  'filter-not-allowed': 'error',
  'constant-required': 'error',
  'percentile-out-of-range': 'error',
  'in-list-not-constant': 'error',
  // aggregates
  'nested-aggregate': 'error',
  'bare-reference': 'error',
  'aggregate-not-allowed': 'error',
  // time functions
  'time-function-needs-granularity': 'error',
  'time-function-not-allowed': 'error',
  'nested-time-function': 'error',
  'invalid-reach': 'error',
  // per-key aggregates
  'per-not-allowed': 'error',
  'nested-per': 'error',
  'per-keys-differ': 'error',
  // named metrics
  'metric-cycle': 'error',
  'metric-too-deep': 'error',
  'invalid-metric': 'error',
  'metrics-too-large': 'error',
  // types
  'type-mismatch': 'error',
  'not-a-predicate': 'error',
  'not-comparable': 'error',
  // query and schema
  'invalid-query': 'error',
  'invalid-time': 'error',
  'empty-range': 'error',
  'invalid-timezone': 'error',
  'duplicate-group-by': 'error',
  'limit-needs-group-by': 'error',
  'reserved-group-by': 'error',
  'invalid-column-name': 'error',
  'invalid-schema': 'error',
  'invalid-slot': 'error',
  'slot-conflict': 'error',
  'duplicate-event': 'error',
  'unknown-type': 'error',
  'unknown-tenant': 'warning',
} as const satisfies Record<string, Severity>;

export type Severity = 'error' | 'warning';
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
