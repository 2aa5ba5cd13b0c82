/** metricc/run — executors for compiled queries (engines are optional peer dependencies). */
export { ExecutionError, type Executor, type Runnable, type RunOptions, type RunResult, type RunStats, type Row, type Cell, type ExecutionErrorKind } from './executor.js';
export { openEmbedded, type EmbeddedExecutor, type EmbeddedOptions, type EmbeddedSession, type EmbeddedQueryResult, type EmbeddedQueryOptions } from './embedded.js';
export { openServer, type ServerOptions } from './server.js';
export { DEFAULT_SAFETY, type SafetySettings } from './safety.js';
export { openDemo, DEFAULT_DEMO_ROWS, type DemoOptions } from './demo-engine.js';
export { decodeResult, isoFromLocal } from './decode.js';
export { demoSchema, DEMO_NOW, DEMO_START, DEMO_DAYS, DEMO_TENANTS } from '../demo/index.js';
