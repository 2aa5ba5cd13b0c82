/**
 * The playground's local API. `GET /api/health` names the engine and the dataset size;
 * `POST /api/run` takes `{ query, schema }`, compiles it here — the server never accepts SQL, so
 * the tenant guard and parameter binding are the compiler's, as in production — and runs it on
 * the demo dataset. Bodies are bounded, results are capped, errors are JSON with a message.
 *
 * The caller is not trusted (issue 10): the server owns the table layout — a request may edit the
 * mapping documents (`schema.events`) only, so it cannot point the compiler at `system.tables`;
 * requests must name a loopback (or the configured) host and come from the page's own origin, so
 * neither another site in the user's browser nor a DNS-rebinding page can reach the engine; and
 * only `application/json` is accepted, which a cross-site form or `text/plain` POST cannot send
 * without a CORS preflight this server never answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { analyze, demoSchema } from '../../src/index.js';
import { ExecutionError, type Executor } from '../../src/run/index.js';

const MAX_BODY = 1 << 20;
export const MAX_ROWS = 5000;

export interface ApiOptions {
  readonly executor: Executor;
  /** Host names besides loopback that requests may name (the `--host` the server listens on). */
  readonly hosts?: readonly string[];
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

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header or an Origin URL, lowercased, without the port. */
function hostName(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Why a request may not use the API, or undefined when it may. */
function refusal(o: ApiOptions, req: IncomingMessage): string | undefined {
  const allowed = new Set([...LOOPBACK, ...(o.hosts ?? []).map((h) => h.toLowerCase())]);
  const host = hostName(req.headers.host ?? '');
  if (host === undefined || !allowed.has(host)) return 'requests must name this machine as their Host';
  const origin = req.headers.origin;
  if (origin !== undefined && (origin === 'null' || hostName(origin) !== host)) return 'cross-origin requests are refused';
  return undefined;
}

/** The schema to compile with: the server's layout, and the request's mapping documents if any. */
function requestSchema(given: unknown): { schema: unknown } | { error: string } {
  if (given === undefined || given === null) return { schema: demoSchema };
  if (typeof given !== 'object' || Array.isArray(given)) return { error: '`schema` must be an object with the mapping documents in `events`' };
  const { events, ...layout } = given as Record<string, unknown>;
  for (const [key, value] of Object.entries(layout)) {
    const own = (demoSchema as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(value) !== JSON.stringify(own)) return { error: `the playground's table layout is fixed: \`schema.${key.slice(0, 40)}\` cannot be changed here (only the mapping documents in \`schema.events\` can)` };
  }
  return { schema: { ...demoSchema, ...(events === undefined ? {} : { events }) } };
}

async function runHandler(o: ApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return send(res, 415, { error: 'send the request as application/json' }, true);
  let body: { query?: unknown; schema?: unknown };
  try {
    body = (await readJson(req)) as typeof body;
  } catch (e) {
    if (e instanceof RangeError) return send(res, 413, { error: e.message }, true);
    return send(res, 400, { error: 'the request body is not JSON' });
  }
  const chosen = requestSchema(body?.schema);
  if ('error' in chosen) return send(res, 400, { error: chosen.error });
  const { diagnostics, compiled } = analyze(body?.query, chosen.schema);
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
    const refused = refusal(o, req);
    if (refused) send(res, 403, { error: refused }, true);
    else if (path === '/api/health' && req.method === 'GET') send(res, 200, { engine: o.engine, rows: o.rows });
    else if (path === '/api/run' && req.method === 'POST') void runHandler(o, req, res);
    else send(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
    return true;
  };
}
