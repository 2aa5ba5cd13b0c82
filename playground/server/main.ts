/**
 * `npm run playground`: the page (Vite dev server, or a built `--dist` directory) plus the local
 * API over the embedded engine with the demo dataset (built on first start, reused after).
 *
 *   --port N      listen port (default 5173; 0 picks a free one)
 *   --host H      listen address (default 127.0.0.1)
 *   --dist DIR    serve a built playground instead of the dev server
 *   DEMO_ROWS     dataset size (default 200,000); METRICC_DEMO_DIR its data directory
 */
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDemo, DEFAULT_DEMO_ROWS } from '../../src/run/index.js';
import { apiHandler } from './api.js';
import { staticHandler } from './static.js';

const here = import.meta.dirname;
const { values } = parseArgs({ options: { port: { type: 'string', default: '5173' }, host: { type: 'string', default: '127.0.0.1' }, dist: { type: 'string' } } });
const rows = Number(process.env['DEMO_ROWS'] ?? DEFAULT_DEMO_ROWS);
const dir = process.env['METRICC_DEMO_DIR'] ?? join(tmpdir(), `metricc-demo-${rows}-seed1`);

const t0 = Date.now();
process.stdout.write(`preparing the demo dataset (${rows.toLocaleString('en-US')} events) in ${dir} … `);
const { executor, reused } = await openDemo({ path: dir, rows });
console.log(reused ? 'reused' : `built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const api = apiHandler({ executor, engine: 'chDB (embedded ClickHouse)', rows, hosts: [values.host!] });
const server = createServer();
let page: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
if (values.dist) {
  const serve = staticHandler(resolve(values.dist));
  page = (req, res) => void serve(req, res);
} else {
  const { createServer: createVite } = await import('vite');
  const vite = await createVite({ configFile: join(here, '../vite.config.ts'), server: { middlewareMode: true, ws: { server } }, appType: 'spa' });
  page = (req, res) => vite.middlewares(req, res);
}
server.on('request', (req, res) => {
  if (!api(req, res)) page(req, res);
});
server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  console.log(`metricc playground: http://${values.host}:${port}/`);
});

const stop = async () => {
  server.close();
  await executor.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
