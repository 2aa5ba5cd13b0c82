/**
 * The `metricc` command line: dispatch to a command; each parses its flags strictly, prints
 * diagnostics like a compiler, and returns 0 / 1 / 2.
 */
import { UsageError, type Io } from './args.js';
import { HELP } from './help.js';
import { commandCompile } from './commands/compile.js';
import { commandCheck } from './commands/check.js';
import { commandRun } from './commands/run.js';
import { commandFmt } from './commands/fmt.js';

export type { Io };

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
      io.err(`metricc: ${e.message}\nRun "metricc ${command && HELP[command] ? `${command} ` : ''}--help" for usage.`);
      return 2;
    }
    throw e;
  }
}
