/**
 * metricc — custom-metric formulas → injection-safe, parameterized ClickHouse SQL.
 * The public surface (docs/api.md): compile, check, CompileError, the zod shapes, the function
 * catalogue, and the formula parser/printer for tools.
 */
export { compile, check, analyze, type CompiledQuery, type CompileOptions, type Analysis, type QueryStructure, type BucketParts } from './compile.js';
export { CompileError, DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type Severity, type SourceName } from './diagnostics/index.js';
export { SchemaSchema, EventMappingSchema, PropertyMappingEntrySchema, RollupEntrySchema, type Schema, type EventMapping, type PropertyMappingEntry, type RollupEntry } from './model/schema.js';
export { QuerySchema, GRANULARITIES, type Query, type Granularity } from './query/query-shape.js';
export type { ResultColumn, ColumnType } from './query/build-select.js';
export type { ParamValue } from './emit/params.js';
export { FUNCTIONS, lookupFunction, type FunctionSpec, type AggregateSpec, type ScalarSpec } from './model/functions.js';
export { BUILTINS } from './model/builtins.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { parseSource as parseFormula, type ParseResult } from './syntax/parse.js';
export { print as printFormula } from './ast/print.js';
export { eventsTableDdl, type DdlOptions } from './ddl/events-table.js';
export { rollupDdl, withMapping, type RollupDdl } from './rollup/ddl.js';
export { proposeRollups, type Proposal, type ProposeOptions } from './rollup/propose.js';
export type { Route } from './route/route.js';
export { MetricDefinitionSchema, RangeSchema, resolveRange, toQuery, type MetricDefinition } from './metric/definition.js';
export { CatalogueFileSchema, withCatalogue, type CatalogueFile } from './metric/catalogue.js';
export { demoSchema, DEMO_NOW, DEMO_START, DEMO_DAYS, DEMO_TENANTS } from './demo/index.js';
export type { Expr } from './ast/nodes.js';
export { signature } from './model/functions.js';
export { highlightTokens, completionsAt, hoverAt, describeTenant, fuzzyScore } from './service/index.js';
export type { TokenClass, ClassedToken, Completions, CompletionItem, CompletionKind, EditorContext, HoverInfo, TenantDescription, EventInfo, PropertyInfo, PropertySlot } from './service/index.js';
