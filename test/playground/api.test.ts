/**
 * The playground server's local API and static file serving, over real HTTP. The executor here is
 * a recorder (the e2e suite runs the real engine): what matters is what reaches it — always the
 * compiler's own output, never text from the request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiHandler, MAX_ROWS } from '../../playground/server/api.js';
import { request } from 'node:http';
import { staticHandler } from '../../playground/server/static.js';
import { compile, demoSchema } from '../../src/index.js';
import { ExecutionError, type Executor, type Runnable, type Row } from '../../src/run/index.js';

const ran: Runnable[] = [];
let nextRows: Row[] = [{ value: 1 }];
let nextError: ExecutionError | undefined;
const executor: Executor = {
  target: 'recorder',
  async run(q) {
    ran.push(q);
    if (nextError) throw nextError;
    return { columns: q.columns, rows: nextRows, stats: { elapsedMs: 1, rowsRead: 2, bytesRead: 3 } };
  },
  async close() {},
};

let server: Server;
let base = '';
const dist = mkdtempSync(join(tmpdir(), 'metricc-static-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>pg</title>');
writeFileSync(join(dist, 'assets', 'a.js'), 'export {}');

beforeAll(async () => {
  const api = apiHandler({ executor, engine: 'recorder', rows: 42 });
  const files = staticHandler(dist);
  server = createServer((req, res) => {
    if (!api(req, res)) void files(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (r: Response): Promise<any> => r.json();
const post = (body: string) => fetch(`${base}/api/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const query = { tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase'", from: '2024-03-01', to: '2024-03-08' };

describe('playground API', () => {
  it('reports the engine', async () => {
    const r = await fetch(`${base}/api/health`);
    expect(await json(r)).toEqual({ engine: 'recorder', rows: 42 });
  });

  it('compiles the query itself and runs exactly the compiler output', async () => {
    ran.length = 0;
    const r = await post(JSON.stringify({ query, schema: demoSchema, sql: 'DROP TABLE events' }));
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body).toMatchObject({ rows: [{ value: 1 }], truncated: false, stats: { rowsRead: 2 } });
    const expected = compile(query, demoSchema);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.sql).toBe(expected.sql);
    expect(ran[0]!.params).toEqual(expected.params);
  });

  it('uses the demo schema when none is sent', async () => {
    ran.length = 0;
    expect((await post(JSON.stringify({ query }))).status).toBe(200);
    expect(ran[0]!.sql).toBe(compile(query, demoSchema).sql);
  });

  it('answers a query that does not compile with its diagnostics, and runs nothing', async () => {
    ran.length = 0;
    const r = await post(JSON.stringify({ query: { ...query, formula: 'SUM(amout)' } }));
    expect(r.status).toBe(400);
    const body = await json(r);
    expect(body.error).toContain('did you mean `amount`');
    expect(body.diagnostics[0]).toMatchObject({ code: 'unknown-name', start: 4, end: 9 });
    expect(ran).toHaveLength(0);
  });

  it('refuses bodies that are not JSON or too large', async () => {
    expect((await post('{not json')).status).toBe(400);
    const r = await post(JSON.stringify({ query: { ...query, formula: 'x'.repeat((1 << 20) + 1000) } }));
    expect(r.status).toBe(413);
    expect((await json(r)).error).toContain('larger than');
  });

  it('caps the rows it sends and says so', async () => {
    nextRows = Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({ value: i }));
    const body = await json(await post(JSON.stringify({ query })));
    nextRows = [{ value: 1 }];
    expect(body.rows).toHaveLength(MAX_ROWS);
    expect(body.truncated).toBe(true);
  });

  it('turns engine failures into JSON errors (504 for timeouts)', async () => {
    nextError = new ExecutionError('timeout', 'the query ran longer than 30000 ms');
    const r = await post(JSON.stringify({ query }));
    nextError = new ExecutionError('engine', 'Code: 241. DB::Exception: memory limit', { code: 241 });
    const r2 = await post(JSON.stringify({ query }));
    nextError = undefined;
    expect(r.status).toBe(504);
    expect((await json(r)).error).toContain('longer than');
    expect(r2.status).toBe(500);
    expect((await json(r2)).error).toContain('memory limit');
  });

  it('answers unknown endpoints with 404', async () => {
    expect((await fetch(`${base}/api/nope`)).status).toBe(404);
    expect((await fetch(`${base}/api/run`)).status).toBe(404);
  });
});

describe('static serving of a built playground', () => {
  it('serves files with their types and nothing outside its directory', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/assets/a.js`)).headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/../../etc/passwd', '/assets/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
  });
});

/** A request with full control of its headers (fetch forbids setting Host). */
function raw(path: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  const url = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the API does not trust its caller (issue 10 item 6)', () => {
  const okHost = () => new URL(base).host;
  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site)', async () => {
    const body = JSON.stringify({ query });
    expect((await raw('/api/run', 'POST', { host: 'evil.example', 'content-type': 'application/json' }, body)).status).toBe(403);
    expect((await raw('/api/health', 'GET', { host: 'evil.example:80' })).status).toBe(403);
    expect((await raw('/api/run', 'POST', { host: okHost(), origin: 'http://evil.example', 'content-type': 'application/json' }, body)).status).toBe(403);
    expect((await raw('/api/run', 'POST', { host: okHost(), origin: 'null', 'content-type': 'application/json' }, body)).status).toBe(403);
    expect((await raw('/api/run', 'POST', { host: okHost(), origin: `http://${okHost()}`, 'content-type': 'application/json' }, body)).status).toBe(200);
    expect((await raw('/api/run', 'POST', { host: `localhost:${new URL(base).port}`, 'content-type': 'application/json' }, body)).status).toBe(200);
  });
  it('accepts only application/json (no text/plain or form POSTs)', async () => {
    const body = JSON.stringify({ query });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await raw('/api/run', 'POST', { host: okHost(), 'content-type': type }, body)).status).toBe(415);
    }
  });
  it('owns the table layout: a request may edit mapping documents only', async () => {
    ran.length = 0;
    for (const schema of [
      { ...demoSchema, table: 'system.tables' },
      { ...demoSchema, columns: { ...demoSchema.columns, tenant: 'database' } },
      { ...demoSchema, slots: { prefix: 'Prop', count: 1000 } },
      { ...demoSchema, extra: 1 },
    ]) {
      const r = await post(JSON.stringify({ query: { ...query, formula: 'COUNT(*)', filter: undefined }, schema }));
      expect(r.status).toBe(400);
      expect((await json(r)).error).toMatch(/layout is fixed/);
    }
    expect(ran).toHaveLength(0);
    const edited = { events: [{ productId: 'acme', name: 'purchase', propertyMapping: { spend: { type: ['Float64'], column: 'Prop0' } } }] };
    const r = await post(JSON.stringify({ query: { ...query, formula: 'SUM(spend)' }, schema: edited }));
    expect(r.status).toBe(200);
    expect(ran[0]!.sql).toContain('FROM `events`');
  });
});
