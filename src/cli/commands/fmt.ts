/** `metricc fmt`: canonical formatting of formulas and filters in definition files. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseSource } from '../../syntax/parse.js';
import { print } from '../../ast/print.js';
import { parse, UsageError, type Io } from '../args.js';
import { HELP } from '../help.js';
import { definitionFiles, loadDefinition, readJson } from '../definitions.js';
import { printDiagnostic } from '../print-diagnostic.js';
import { style } from '../style.js';
import { unifiedDiff } from '../diff.js';

/** Canonical text of a formula, or undefined with diagnostics printed. */
function formatted(text: string, source: 'formula' | 'filter', where: string, io: Io): string | undefined {
  const parsed = parseSource(text, source);
  if (!parsed.expr) {
    const s = style(process.stderr);
    for (const d of parsed.diagnostics) io.err(printDiagnostic(d, { [source]: text }, where, s));
    return undefined;
  }
  return print(parsed.expr);
}

export function commandFmt(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { check: { type: 'boolean' }, formula: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) return io.out(HELP['fmt']!), 0;
  if (values.formula !== undefined) {
    const f = formatted(values.formula, 'formula', '', io);
    if (f === undefined) return 1;
    io.out(f);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('fmt takes files or directories, or --formula');
  let unformatted = 0;
  let errors = 0;
  for (const file of definitionFiles(positionals)) {
    const loaded = loadDefinition(file);
    if (!loaded.definition) {
      io.err(`${loaded.shown}: ${loaded.problem}`);
      errors++;
      continue;
    }
    const def = { ...(readJson(file) as Record<string, unknown>) };
    const { formula: given, formulas: several } = loaded.definition;
    const formula = given !== undefined ? formatted(given, 'formula', loaded.shown, io) : undefined;
    const formulas = several !== undefined ? Object.entries(several).map(([k, f]) => [k, formatted(f, 'formula', `${loaded.shown}:formulas.${k}`, io)] as const) : undefined;
    const filter = loaded.definition.filter !== undefined ? formatted(loaded.definition.filter, 'filter', loaded.shown, io) : undefined;
    if ((given !== undefined && formula === undefined) || formulas?.some(([, f]) => f === undefined) || (loaded.definition.filter !== undefined && filter === undefined)) {
      errors++;
      continue;
    }
    if (formula !== undefined) def['formula'] = formula;
    if (formulas !== undefined) def['formulas'] = Object.fromEntries(formulas);
    if (filter !== undefined) def['filter'] = filter;
    const text = `${JSON.stringify(def, null, 2)}\n`;
    if (text === readFileSync(file, 'utf8')) continue;
    unformatted++;
    if (values.check) io.out(`${loaded.shown}: not formatted\n${unifiedDiff(readFileSync(file, 'utf8'), text, loaded.shown)}`);
    else {
      writeFileSync(file, text);
      io.out(`formatted ${loaded.shown}`);
    }
  }
  if (values.check) io.out(`fmt: ${unformatted === 0 && errors === 0 ? 'all formatted' : `${unformatted} file(s) not formatted, ${errors} with errors`}`);
  return errors > 0 || (values.check && unformatted > 0) ? 1 : 0;
}
