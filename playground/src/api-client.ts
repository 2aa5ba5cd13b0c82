/**
 * The local API of `npm run playground` (playground/server): `GET api/health` says whether an
 * engine is there; `POST api/run` compiles the query on the server and runs it on the demo
 * dataset. A static build has no API: health fails and the page stays in compile-only mode.
 */
import type { RunOutput } from './panels/results.js';
import type { RunStats } from '../../src/run/executor.js';

export interface Health {
  readonly engine: string;
  readonly rows: number;
}

export interface RunReply extends RunOutput {
  /** The result had more rows than the server sends. */
  readonly truncated: boolean;
  readonly stats: RunStats;
}

export async function health(): Promise<Health | undefined> {
  try {
    const r = await fetch('api/health', { headers: { accept: 'application/json' } });
    if (!r.ok || !(r.headers.get('content-type') ?? '').includes('application/json')) return undefined;
    return (await r.json()) as Health;
  } catch {
    return undefined;
  }
}

export async function run(query: unknown, schema: unknown, signal: AbortSignal): Promise<RunReply> {
  const r = await fetch('api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, schema }), signal });
  const body = (await r.json()) as RunReply & { error?: string };
  if (!r.ok) throw new Error(body.error ?? `the server answered ${r.status}`);
  return body;
}
