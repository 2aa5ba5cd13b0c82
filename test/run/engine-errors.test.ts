/**
 * Issue 11 item 6 (library part): every driver failure reaches the caller as an ExecutionError
 * with a one-sentence message and a kind to switch on — never a raw `ChdbConnectionError`, a
 * Node socket error or the client's URL error. Covers a data directory held by another process
 * (a real second process on the real engine), chdb / @clickhouse/client not installed, a server
 * that is down or unknown, and a malformed URL.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openEmbedded, openServer, ExecutionError } from '../../src/run/index.js';

const one = { sql: 'SELECT 1 AS value', params: {}, columns: [{ name: 'value', type: 'number' as const }] };

/** The caller sees one plain sentence: no driver class name, no stack, no second line. */
function expectPlain(err: unknown, kind: string, words: RegExp): void {
  expect(err).toBeInstanceOf(ExecutionError);
  const e = err as ExecutionError;
  expect(e.kind).toBe(kind);
  expect(e.message).toMatch(words);
  expect(e.message).not.toMatch(/\n|Chdb\w*Error|^Error:|\(\S+:\d+:\d+\)/);
}

let holder: ChildProcess | undefined;
afterAll(() => {
  if (holder?.pid !== undefined && holder.exitCode === null) process.kill(holder.pid);
});

/** A second process that opens `dir` with chDB and keeps it (chDB locks a directory per process). */
function holdDirectory(dir: string): Promise<void> {
  const chdb = pathToFileURL(resolve('node_modules/chdb/index.mjs')).href;
  const script = `import { Session } from ${JSON.stringify(chdb)}; const s = new Session(process.argv[1]); s.query('SELECT 1'); console.log('held'); setTimeout(() => {}, 60000);`;
  holder = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((ok, fail) => {
    holder!.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && ok());
    holder!.on('exit', (code) => fail(new Error(`the holder exited with ${code}`)));
  });
}

describe('embedded executor', () => {
  it('a data directory held by another process is an ExecutionError saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metricc-held-'));
    await holdDirectory(dir);
    const err = await openEmbedded({ path: dir }).catch((e: unknown) => e);
    expectPlain(err, 'unavailable', /cannot open the chDB data directory .*another process/);
    expect((err as Error).message).toContain(dir);
  });
  it('a directory that cannot be created is an ExecutionError too', async () => {
    const err = await openEmbedded({ path: '/proc/metricc-no-such-place/data' }).catch((e: unknown) => e);
    expectPlain(err, 'unavailable', /cannot open the chDB data directory/);
  });
});

describe('optional peers not installed', () => {
  afterEach(() => {
    vi.doUnmock('chdb');
    vi.doUnmock('@clickhouse/client');
    vi.resetModules();
  });
  it('chdb missing: a config error naming the package', async () => {
    vi.resetModules();
    vi.doMock('chdb', () => {
      throw Object.assign(new Error("Cannot find package 'chdb'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    const fresh = await import('../../src/run/embedded.js');
    const err = await fresh.openEmbedded({ path: '' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ExecutionError', kind: 'config', message: expect.stringMatching(/needs the optional dependency `chdb`/) });
  });
  it('@clickhouse/client missing: a config error naming the package', async () => {
    vi.resetModules();
    vi.doMock('@clickhouse/client', () => {
      throw Object.assign(new Error("Cannot find package '@clickhouse/client'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    const fresh = await import('../../src/run/server.js');
    const err = await fresh.openServer({ url: 'http://127.0.0.1:9' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ExecutionError', kind: 'config', message: expect.stringMatching(/needs the optional dependency `@clickhouse\/client`/) });
  });
});

describe('server executor', () => {
  it('a server that is down: unavailable, naming the URL', async () => {
    const executor = await openServer({ url: 'http://127.0.0.1:9', env: {} });
    const err = await executor.run(one).catch((e: unknown) => e);
    await executor.close();
    expectPlain(err, 'unavailable', /cannot reach ClickHouse at http:\/\/127\.0\.0\.1:9\/? \(connection refused\)/);
  });
  it('an unknown host: unavailable', async () => {
    const executor = await openServer({ url: 'http://no-such-host.invalid:8123', env: {} });
    const err = await executor.run(one).catch((e: unknown) => e);
    await executor.close();
    expectPlain(err, 'unavailable', /cannot reach ClickHouse at http:\/\/no-such-host\.invalid:8123/);
  });
  for (const url of ['not-a-url', 'ftp://example.com', 'http://', '']) {
    it(`a malformed URL ${JSON.stringify(url)}: a config error`, async () => {
      const err = await openServer({ url, env: {} }).catch((e: unknown) => e);
      expectPlain(err, 'config', /URL/);
    });
  }
  it('never echoes a password from the URL, and the client prints nothing about it', async () => {
    const writes: unknown[] = [];
    const spies = (['log', 'warn', 'error', 'info'] as const).map((k) => vi.spyOn(console, k).mockImplementation((...a: unknown[]) => void writes.push(a)));
    const executor = await openServer({ url: 'http://me:s3cret@127.0.0.1:9', env: {} });
    const err = await executor.run(one).catch((e: unknown) => e);
    await executor.close();
    for (const spy of spies) spy.mockRestore();
    expect(writes).toEqual([]);
    expect((err as Error).message).not.toContain('s3cret');
    expect(executor.target).not.toContain('s3cret');
  });
});
