/** `metricc ddl`: the CREATE TABLE statements for a schema file's slot layout (docs/ddl.md). */
import { eventsTableDdl } from '../../ddl/events-table.js';
import { SchemaSchema } from '../../model/schema.js';
import { parseShape } from '../../util/shape.js';
import { parse, schemaFromFlag, UsageError, type Io } from '../args.js';
import { CliError } from '../errors.js';
import { HELP } from '../help.js';

export function commandDdl(args: string[], io: Io): number {
  const { values } = parse(args, {
    schema: { type: 'string' },
    cluster: { type: 'string' },
    partition: { type: 'string' },
    'ttl-days': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return io.out(HELP['ddl']!), 0;
  if (values.partition !== undefined && values.partition !== 'month' && values.partition !== 'day') throw new UsageError('--partition is month or day');
  const ttl = values['ttl-days'] !== undefined ? Number(values['ttl-days']) : undefined;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0 && ttl <= 36_500)) throw new UsageError('--ttl-days takes a whole number of days, 1 to 36,500');
  if (values.cluster !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.cluster)) throw new UsageError('--cluster takes a plain identifier');
  const parsed = parseShape(SchemaSchema, schemaFromFlag(values.schema));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`the schema is not valid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const statements = eventsTableDdl(parsed.data, {
    ...(values.cluster !== undefined ? { cluster: values.cluster } : {}),
    ...(values.partition !== undefined ? { partition: values.partition as 'month' | 'day' } : {}),
    ...(ttl !== undefined ? { ttlDays: ttl } : {}),
  });
  io.out(statements.map((s) => `${s};`).join('\n\n'));
  return 0;
}
