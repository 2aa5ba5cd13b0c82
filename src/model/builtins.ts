/** Built-in fields (docs/language.md §3): names that win over properties and map to fixed columns. */
import type { BuiltinField } from './ir.js';
import type { Type } from './types.js';

export interface Builtin {
  readonly field: BuiltinField;
  readonly type: Type;
  readonly help: string;
}

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  user_id: { field: 'user', type: 'string', help: 'The user who sent the event.' },
  event: { field: 'event', type: 'string', help: "The event's name." },
  source: { field: 'source', type: 'string', help: 'Where the event came from (web, ios, …).' },
  time: { field: 'time', type: 'datetime', help: 'When the event happened.' },
};

export function lookupBuiltin(name: string): Builtin | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
}
