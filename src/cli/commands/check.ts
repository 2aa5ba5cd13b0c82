/** `metricc check DIR`: every definition compiles to the golden SQL and params beside it. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, toQuery, type CompiledQuery } from '../../index.js';
import { parse, UsageError, type Io } from '../args.js';
import { HELP } from '../help.js';
import { unifiedDiff } from '../diff.js';
import { clockFor, definitionFiles, loadDefinition } from '../definitions.js';
import { reportCompileError } from '../report.js';
import { style } from '../style.js';

function goldenText(out: CompiledQuery): { sql: string; params: string } {
  return { sql: `${out.sql}\n`, params: `${JSON.stringify(out.params, null, 2)}\n` };
}

export function commandCheck(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { update: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(HELP['check']!), 0;
  if (positionals.length !== 1) throw new UsageError('check takes one directory');
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const now = clockFor(dir, values.now);
  if (!now) throw new UsageError(`check needs a fixed clock for relative ranges: pass --now ISO or put {"now": "…"} in ${join(dir, 'metricc.config.json')}`);
  const s = style();
  const files = definitionFiles([dir]);
  // A mistyped path in CI must not pass as "0 metrics".
  if (files.length === 0) {
    io.err(`metricc: ${dir} holds no metric definitions (*.metric.json)`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  let updated = 0;
  for (const file of files) {
    const loaded = loadDefinition(file);
    if (!loaded.definition || loaded.problem) {
      io.out(`${s.red('✗')} ${loaded.shown}: ${loaded.problem}`);
      failed++;
      continue;
    }
    const query = toQuery(loaded.definition, now);
    let out: CompiledQuery;
    try {
      out = compile(query, loaded.schema);
    } catch (e) {
      if (!reportCompileError(e, query, loaded.shown, { out: io.out, err: io.out })) throw e;
      failed++;
      continue;
    }
    const base = file.replace(/\.metric\.json$/, '');
    const golden = goldenText(out);
    if (values.update) {
      const changed = [`${base}.sql`, `${base}.params.json`].filter((f, i) => !existsSync(f) || readFileSync(f, 'utf8') !== [golden.sql, golden.params][i]);
      writeFileSync(`${base}.sql`, golden.sql);
      writeFileSync(`${base}.params.json`, golden.params);
      if (changed.length > 0) updated++;
      passed++;
      continue;
    }
    const diffs: string[] = [];
    for (const [path, actual] of [[`${base}.sql`, golden.sql], [`${base}.params.json`, golden.params]] as const) {
      const shown = path.slice(file.length - loaded.shown.length);
      if (!existsSync(path)) diffs.push(`missing golden file ${shown} (run with --update and review it)`);
      else if (readFileSync(path, 'utf8') !== actual) diffs.push(unifiedDiff(readFileSync(path, 'utf8'), actual, shown));
    }
    if (diffs.length === 0) {
      passed++;
      continue;
    }
    failed++;
    // A catalogue edit changes the definitions that reach the edited metric: say which they reach.
    const via = out.metrics.length > 0 ? ` (it uses the named metric${out.metrics.length > 1 ? 's' : ''} ${out.metrics.map((m) => `\`${m}\``).join(', ')})` : '';
    io.out(`${s.red('✗')} ${loaded.shown}: the compiled query differs from the golden files${via}`);
    for (const d of diffs) io.out(d.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? s.green(l) : l.startsWith('-') && !l.startsWith('---') ? s.red(l) : l)).join('\n'));
  }
  const total = passed + failed;
  io.out(values.update ? `check: ${total} metrics, ${updated} golden pairs rewritten, ${failed} failed` : `check: ${total} metrics, ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
