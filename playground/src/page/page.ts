/**
 * What the page knows, in one object instead of module-level variables: the state (which is also
 * the URL), the schema it compiles against, and the last compile. Each section of the page reads
 * and changes it through the functions main.ts hands it.
 */
import { demoSchema, type analyze } from '../../../src/index.js';
import type { PlaygroundState } from '../state.js';

export const DEMO_SCHEMA_TEXT = JSON.stringify(demoSchema, null, 2);

export interface Page {
  state: PlaygroundState;
  /** The schema compiled against: the demo's, or the edited mapping documents. */
  schema: unknown;
  /** Why the schema text is not JSON, if it is not. */
  schemaJsonError: string | undefined;
  compiled: ReturnType<typeof analyze>['compiled'];
}

/** What a section may ask of the page: apply a change (re-checks once), or show the state anew. */
export interface PageActions {
  change(patch: Partial<PlaygroundState>): void;
}
