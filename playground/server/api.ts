/**
 * The playground's local API. `GET /api/health` names the engine and the dataset size;
 * `POST /api/run` takes `{ query, schema }`, compiles it here — the server never accepts SQL, so
 * the tenant guard and parameter binding are the compiler's, as in production — and runs it on
 * the demo dataset. Bodies are bounded, results are capped, errors are JSON with a message.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { analyze, demoSchema } from '../../src/index.js';
import { ExecutionError, type Executor } from '../../src/run/index.js';

const MAX_BODY = 1 << 20;
export const MAX_ROWS = 5000;

export interface ApiOptions {
  readonly executor: Executor;
  readonly engine: string;
  readonly rows: number;
  readonly timeoutMs?: number;
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    // An unread request body would be parsed as the next request: close the connection instead.
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RangeError(`the request body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function runHandler(o: ApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: { query?: unknown; schema?: unknown };
  try {
    body = (await readJson(req)) as typeof body;
  } catch (e) {
    if (e instanceof RangeError) return send(res, 413, { error: e.message }, true);
    return send(res, 400, { error: 'the request body is not JSON' });
  }
  const { diagnostics, compiled } = analyze(body?.query, body?.schema ?? demoSchema);
  if (!compiled) return send(res, 400, { error: `the query does not compile: ${diagnostics.find((d) => d.severity === 'error')?.message ?? 'invalid query'}`, diagnostics });
  try {
    const result = await o.executor.run(compiled, { timeoutMs: o.timeoutMs ?? 30_000 });
    send(res, 200, { columns: result.columns, rows: result.rows.slice(0, MAX_ROWS), truncated: result.rows.length > MAX_ROWS, stats: result.stats });
  } catch (e) {
    const status = e instanceof ExecutionError && e.kind === 'timeout' ? 504 : 500;
    send(res, status, { error: e instanceof ExecutionError ? e.message : 'the engine failed' });
  }
}

/** Handles `/api/…` requests; returns false for anything else. */
export function apiHandler(o: ApiOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (!path.startsWith('/api/')) return false;
    if (path === '/api/health' && req.method === 'GET') send(res, 200, { engine: o.engine, rows: o.rows });
    else if (path === '/api/run' && req.method === 'POST') void runHandler(o, req, res);
    else send(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  };
}
