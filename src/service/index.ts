/** Editor services (see README.md). */
export { highlightTokens, type TokenClass, type ClassedToken } from './highlight.js';
export { completionsAt, type Completions, type CompletionItem, type CompletionKind, type EditorContext } from './complete.js';
export { hoverAt, type HoverInfo } from './hover.js';
export { describeTenant, type TenantDescription, type EventInfo, type PropertyInfo, type PropertySlot } from './describe.js';
export { fuzzyScore } from './fuzzy.js';
