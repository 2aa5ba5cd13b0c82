/** The metricc command: each command's exit codes and output. */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '../..');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function examplesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'metricc-cli-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  return dir;
}

const RANGE = ['--from', '2024-01-01', '--to', '2024-02-01'];

describe('metricc compile', () => {
  it('prints SQL, params, columns and the cache key', async () => {
    const r = await cli('compile', '--tenant', 'acme', '--formula', 'SUM(amount) / COUNT(DISTINCT user_id)', '--filter', "event = 'purchase'", ...RANGE, '--granularity', 'day');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    FROM `events`\n    WHERE ProductID = {tenant:String}');
    expect(r.out).toContain("  tenant = 'acme'");
    expect(r.out).toContain('columns: bucket (datetime), value (number)');
    expect(r.out).toMatch(/cache key: metricc:v1:[0-9a-f]{64}/);
  });
  it('prints JSON with --json, and compiles against a schema file', async () => {
    const r = await cli('compile', '--schema', join(ROOT, 'examples/demo.schema.json'), '--tenant', 'acme', '--formula', 'COUNT(*)', ...RANGE, '--group-by', 'source,country', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { columns: { name: string }[] };
    expect(json.columns.map((c) => c.name)).toEqual(['source', 'country', 'value']);
  });
  it('puts a caret under a typo and suggests the fix (exit 1)', async () => {
    const r = await cli('compile', '--tenant', 'acme', '--formula', 'SUM(amout)', ...RANGE);
    expect(r.code).toBe(1);
    expect(r.err).toBe('formula:1:5: error[unknown-name]: unknown name `amout`; did you mean `amount`?\n  SUM(amout)\n      ^^^^^');
  });
  it('exits 2 on usage errors', async () => {
    expect((await cli('compile', '--tenant', 'acme')).code).toBe(2);
    expect((await cli('compile', '--bogus')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });
  it('has --help for every command', async () => {
    for (const c of ['compile', 'check', 'run', 'fmt']) {
      const r = await cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: metricc ${c}`);
    }
    expect((await cli('--help')).out).toContain('Commands:');
  });
});

describe('metricc check', () => {
  it('passes on the examples with a stable summary', async () => {
    const r = await cli('check', join(ROOT, 'examples'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^check: \d+ metrics, \d+ passed, 0 failed$/);
  });
  it('after a catalogue edit, fails on exactly the definitions that reach the edited metric, naming it', async () => {
    const dir = examplesCopy();
    try {
      const file = join(dir, 'demo.schema.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"formula": "COUNT(DISTINCT user_id)",\n      "description": "Users who sent any event."', '"formula": "COUNT(DISTINCT user_id) + 0",\n      "description": "Users who sent any event."'));
      const r = await cli('check', dir);
      expect(r.code).toBe(1);
      const failed = r.out.split('\n').filter((l) => l.includes('differs from the golden files'));
      expect(failed.map((l) => l.replace(/^.*\/(?=[^/]*\.metric\.json)/, ''))).toEqual([
        'arpu-from-metrics.metric.json: the compiled query differs from the golden files (it uses the named metrics `active_users`, `arpu`, `revenue`)',
        'dashboard.metric.json: the compiled query differs from the golden files (it uses the named metrics `active_users`, `arpu`, `buyers`, `revenue`)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after an edit of a catalogue file beside the schema, fails on the definitions that use it, naming the metric', async () => {
    const dir = examplesCopy();
    try {
      const file = join(dir, 'team.metrics.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"formula": "COUNT(*)"', '"formula": "COUNT(DISTINCT user_id)"'));
      const r = await cli('check', dir);
      expect(r.code).toBe(1);
      const failed = r.out.split('\n').filter((l) => l.includes('differs from the golden files'));
      expect(failed.map((l) => l.replace(/^.*\/(?=[^/]*\.metric\.json)/, ''))).toEqual([
        'average-order-value-from-catalogue.metric.json: the compiled query differs from the golden files (it uses the named metrics `average_order_value`, `orders`, `revenue`)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A catalogue file that does not validate is that definition's problem, said in one sentence.
    const other = examplesCopy();
    try {
      writeFileSync(join(other, 'team.metrics.json'), '{"metrics": [{"name": "orders"}]}');
      const bad = await cli('check', other);
      expect(bad.code).toBe(1);
      expect(bad.out).toMatch(/average-order-value-from-catalogue\.metric\.json: catalogue file .*team\.metrics\.json is not valid at metrics\.0\.formula/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('fails with a readable diff after a one-character change, and --update rewrites', async () => {
    const dir = examplesCopy();
    try {
      const file = join(dir, 'dau.metric.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('COUNT(DISTINCT user_id)', 'COUNT(DISTINCT user_ia)'));
      let r = await cli('check', dir);
      expect(r.code).toBe(1);
      expect(r.out).toContain('dau.metric.json:formula:1:16: error[unknown-name]');
      writeFileSync(file, readFileSync(file, 'utf8').replace('COUNT(DISTINCT user_ia)', 'COUNT(DISTINCT source)'));
      r = await cli('check', dir);
      expect(r.code).toBe(1);
      expect(r.out).toContain('-    SELECT toDate(`Time`, {tz:String}) AS bucket, uniqExact(UserRefID) AS value\n+    SELECT toDate(`Time`, {tz:String}) AS bucket, uniqExact(`Source`) AS value');
      expect(r.out).toMatch(/check: \d+ metrics, \d+ passed, 1 failed$/);
      expect((await cli('check', dir, '--update')).code).toBe(0);
      expect((await cli('check', dir)).code).toBe(0);
      rmSync(join(dir, 'arpu.sql'));
      r = await cli('check', dir);
      expect(r.code).toBe(1);
      expect(r.out).toContain('missing golden file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('needs a fixed clock (exit 2)', async () => {
    const dir = examplesCopy();
    rmSync(join(dir, 'metricc.config.json'));
    try {
      expect((await cli('check', dir)).code).toBe(2);
      expect((await cli('check', dir, '--now', '2024-03-31T00:00:00Z')).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metricc fmt', () => {
  it('formats a formula canonically', async () => {
    const r = await cli('fmt', '--formula', "sum( amount )filter(where event=='purchase')/count(distinct user_id)+((1))");
    expect(r).toMatchObject({ code: 0, out: "SUM(amount) FILTER (WHERE event = 'purchase') / COUNT(DISTINCT user_id) + 1" });
    expect((await cli('fmt', '--formula', 'SUM(')).code).toBe(1);
  });
  it('--check fails on unformatted definitions and passes once formatted', async () => {
    const dir = examplesCopy();
    try {
      expect((await cli('fmt', '--check', dir)).code).toBe(0);
      const file = join(dir, 'arpu.metric.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace("SUM(amount) FILTER (WHERE event = 'purchase')", "sum(amount) filter (where event='purchase')"));
      const r = await cli('fmt', '--check', dir);
      expect(r.code).toBe(1);
      expect(r.out).toContain('arpu.metric.json: not formatted');
      expect((await cli('fmt', dir)).code).toBe(0);
      expect((await cli('fmt', '--check', dir)).code).toBe(0);
      expect((await cli('check', dir)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metricc run', () => {
  it('runs on the embedded demo engine as a table, JSON and CSV', async () => {
    const args = ['run', '--tenant', 'acme', '--formula', 'COUNT(*)', '--from', '2024-01-01', '--to', '2024-01-04', '--granularity', 'day', '--rows', '20000'];
    const table = await cli(...args);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^bucket\s+value\n/);
    const json = JSON.parse((await cli(...args, '--format', 'json')).out) as { bucket: string; value: number }[];
    expect(json.map((r) => r.bucket)).toEqual(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']);
    const csv = (await cli(...args, '--format', 'csv')).out.split('\n');
    expect(csv[0]).toBe('bucket,value');
    expect(csv.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(json.map((r) => r.value));
  });
  it('exits 1 on compile errors and 2 on a bad format', async () => {
    expect((await cli('run', '--tenant', 'acme', '--formula', 'SUM(', ...RANGE)).code).toBe(1);
    expect((await cli('run', '--tenant', 'acme', '--formula', 'COUNT(*)', ...RANGE, '--format', 'xml')).code).toBe(2);
  });
});

describe('the executable', () => {
  it('runs through bin/metricc.mjs with exit codes', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/metricc.mjs'), 'check', 'examples'], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim().split('\n').pop()).toMatch(/^check: \d+ metrics, \d+ passed, 0 failed$/);
    let code = 0;
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin/metricc.mjs'), 'compile', '--nope'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(2);
  });
});

describe('mistakes get one sentence and exit 1 or 2, never a stack (issue 11 items 6–7)', () => {
  const q = ['--tenant', 'acme', '--formula', 'COUNT(*)', ...RANGE];
  it('a schema that is not JSON, a directory, or missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metricc-cli-bad-'));
    writeFileSync(join(dir, 'bad.json'), '{"table": ');
    for (const [schema, pattern] of [[join(dir, 'bad.json'), /is not valid JSON/], [dir, /is a directory/], [join(dir, 'nope.json'), /not found/]] as const) {
      const r = await cli('compile', '--schema', schema, ...q);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(pattern);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });
  it('fmt of a missing file and fmt --check of a missing directory', async () => {
    for (const args of [['fmt', '/nonexistent/x.metric.json'], ['fmt', '--check', '/nonexistent-dir']]) {
      const r = await cli(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/not found/);
    }
  });
  it('run --url that is not a URL is a usage mistake; a server that is down is a failure', async () => {
    const bad = await cli('run', ...q, '--url', 'not a url');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^metricc: /);
    const down = await cli('run', ...q, '--url', 'http://127.0.0.1:9');
    expect(down.code).toBe(1);
    expect(down.err.split('\n')).toHaveLength(1);
  });
  it('compile --json prints the diagnostics on stdout when it fails', async () => {
    const r = await cli('compile', '--json', '--tenant', 'acme', '--formula', 'SUM(amout)', ...RANGE);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).diagnostics[0]).toMatchObject({ code: 'unknown-name', start: 4 });
  });
  it('check of a directory without definitions fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metricc-cli-empty-'));
    writeFileSync(join(dir, 'metricc.config.json'), '{"now": "2024-03-31T00:00:00Z"}');
    const r = await cli('check', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no metric definitions/);
  });
  it('fmt --check shows what is not formatted; the docs example passes it', async () => {
    const dir = examplesCopy();
    try {
      const file = join(dir, 'dau.metric.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('COUNT(DISTINCT user_id)', 'count(distinct   user_id)'));
      const r = await cli('fmt', '--check', file);
      expect(r.code).toBe(1);
      expect(r.out).toContain('-  "formula": "count(distinct   user_id)"');
      expect(r.out).toContain('+  "formula": "COUNT(DISTINCT user_id)"');
      const doc = readFileSync(join(ROOT, 'docs/metric-definitions.md'), 'utf8');
      const example = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!;
      writeFileSync(join(dir, 'docs-example.metric.json'), `${example}\n`);
      const ok = await cli('fmt', '--check', join(dir, 'docs-example.metric.json'));
      expect(ok.out).toContain('all formatted');
      expect(ok.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--version and definition files given directly', async () => {
    const v = await cli('--version');
    expect(v.code).toBe(0);
    expect(v.out).toBe(`metricc ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
    const c = await cli('compile', join(ROOT, 'examples/dau.metric.json'));
    expect(c.code).toBe(0);
    expect(`${c.out.split('\n\nparams:')[0]}\n`).toBe(readFileSync(join(ROOT, 'examples/dau.sql'), 'utf8'));
    expect((await cli('compile', join(ROOT, 'examples/dau.metric.json'), '--formula', 'COUNT(*)')).code).toBe(2);
  });
  it('a formula\'s control characters never reach the terminal raw (issue 10 item 9)', async () => {
    const r = await cli('compile', '--tenant', 'acme', '--formula', 'SUM(\u001b]0;pwned\u0007 amout\u202e)', ...RANGE);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(r.err).toContain('\\x1b]0;pwned\\x07');
    const lines = r.err.split('\n');
    const caretLine = lines.find((l) => /^\s*\^+$/.test(l) && l.includes('^'))!;
    const textLine = lines[lines.indexOf(caretLine) - 1]!;
    const at = caretLine.indexOf('^');
    expect(textLine.slice(at, at + 1)).toBe('\\');
  });
});

describe('metricc ddl', () => {
  it('prints the table for a schema file, and refuses bad options', async () => {
    const r = await cli('ddl', '--schema', join(ROOT, 'examples/demo.schema.json'), '--ttl-days', '400');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CREATE TABLE IF NOT EXISTS `events` \(/);
    expect(r.out).toContain('TTL toDate(`Time`) + INTERVAL 400 DAY;');
    expect((await cli('ddl', '--cluster', 'prod')).out).toContain('ENGINE = Distributed(prod');
    expect((await cli('ddl', '--partition', 'year')).code).toBe(2);
    expect((await cli('ddl', '--cluster', "a'b")).code).toBe(2);
    expect((await cli('ddl', '--schema', '/nonexistent.json')).code).toBe(1);
  });
});
