/**
 * The `metricc` command line: dispatch to a command; each parses its flags strictly, prints
 * diagnostics like a compiler, and returns 0 / 1 / 2.
 */
import { UsageError, type Io } from './args.js';
import { HELP } from './help.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, firstLine } from './errors.js';
import { terminalSafe } from './terminal.js';
import { ExecutionError } from '../run/executor.js';
import { commandCompile } from './commands/compile.js';
import { commandCheck } from './commands/check.js';
import { commandRun } from './commands/run.js';
import { commandFmt } from './commands/fmt.js';
import { commandDdl } from './commands/ddl.js';
import { commandRollup } from './commands/rollup.js';

export type { Io };

/** The package's version, from the package.json above this module (sources or dist). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'metricc') return `metricc ${pkg.version ?? '?'}`;
    }
    dir = dirname(dir);
  }
  return 'metricc (version unknown)';
}

export async function main(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'compile':
        return commandCompile(rest, io);
      case 'check':
        return commandCheck(rest, io);
      case 'run':
        return await commandRun(rest, io);
      case 'fmt':
        return commandFmt(rest, io);
      case 'ddl':
        return commandDdl(rest, io);
      case 'rollup':
        return commandRollup(rest, io);
      case '--version':
      case '-v':
        io.out(version());
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP['main']!);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`metricc: ${terminalSafe(e.message)}\nRun "metricc ${command && HELP[command] ? `${command} ` : ''}--help" for usage.`);
      return 2;
    }
    // Files, JSON and engines the command was given: one plain sentence. A bad engine setting
    // (a malformed URL) is a usage mistake; anything else the engine says is a failure.
    if (e instanceof CliError || e instanceof ExecutionError) {
      io.err(`metricc: ${terminalSafe(firstLine(e))}`);
      return e instanceof ExecutionError && e.kind === 'config' && /url/i.test(e.message) ? 2 : 1;
    }
    throw e;
  }
}
