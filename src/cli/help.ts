/** The help text of each command (`metricc <command> --help`). */
export const HELP: Record<string, string> = {
  main: `metricc — compile metric formulas to parameterized ClickHouse SQL

Usage: metricc <command> [options]
       metricc --version

Commands:
  compile   compile one formula and print its SQL and params
  check     verify metric definitions against their golden SQL (CI)
  run       compile and execute on the embedded engine (demo data) or a server
  fmt       format formulas canonically (--check for CI)
  ddl       print the CREATE TABLE statements for a schema's slot layout
  rollup    propose rollup tables (DDL + schema declarations) that serve metric definitions

Run "metricc <command> --help" for a command's options.`,
  compile: `Usage: metricc compile --tenant T --formula F --from A --to B [options]
       metricc compile FILE.metric.json [--now ISO] [--json]

  --schema FILE        schema JSON (table layout + mapping documents); default: the demo schema
  --tenant T           tenant id
  --formula F          the formula, e.g. "SUM(amount) / COUNT(DISTINCT user_id)"
  --filter P           a condition, e.g. "event = 'purchase'"
  --from A, --to B     ISO-8601 range [from, to)
  --granularity G      hour | day | week | month
  --timezone Z         IANA timezone (default UTC)
  --group-by a,b       group-by names
  --limit N            keep the top N groups (needs --group-by)
  --json               print {sql, params, columns, cacheKey, route, diagnostics} as JSON
                       (on failure: {diagnostics}, exit 1)
  --route              say which table the query reads: a rollup the schema declares when it
                       gives the same answer, else the events table — and why each rollup was not used
  --now ISO            with a definition file: the clock for relative ranges (default:
                       "now" in metricc.config.json beside the file, else the current time)

Exit codes: 0 compiled, 1 diagnostics, 2 usage.`,
  check: `Usage: metricc check DIR [--update] [--now ISO]

Compiles every DIR/*.metric.json and compares the SQL and params with the golden
NAME.sql and NAME.params.json beside it; prints a unified diff per difference.

  --update             rewrite the golden files
  --now ISO            the clock for relative ranges (default: "now" in DIR/metricc.config.json)

Exit codes: 0 all match, 1 a difference or an error, 2 usage.`,
  run: `Usage: metricc run [compile options] [--url URL] [--format table|json|csv] [--rows N]
       metricc run FILE.metric.json [--now ISO] [--url URL] …

Compiles and executes. Without --url: the embedded engine (chDB) over the demo dataset
(built in a temp directory on first use; --rows sets its size). With --url: a ClickHouse
server through @clickhouse/client (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE).

Exit codes: 0 ok, 1 compile or execution failure, 2 usage.`,
  fmt: `Usage: metricc fmt [FILE|DIR ...] [--check]
       metricc fmt --formula F

Formats the formula and filter of metric definition files canonically (keywords and
function names in upper case, single spaces, parentheses only where needed).

  --check              change nothing; show the diff and exit 1 if a file is not formatted
  --formula F          print F formatted

Exit codes: 0 ok, 1 unformatted files or syntax errors, 2 usage.`,
  ddl: `Usage: metricc ddl [--schema FILE] [--cluster NAME] [--partition month|day] [--ttl-days N]

Prints the CREATE TABLE statements for the events table the schema describes (its table,
columns and slots; without --schema, the demo schema): a MergeTree table, or with --cluster a
ReplicatedMergeTree table on every node plus a Distributed table sharded by user.
See docs/ddl.md for each choice.

Exit codes: 0 ok, 1 unreadable or invalid schema, 2 usage.`,
  rollup: `Usage: metricc rollup DIR|FILE… [--grain day|hour] [--now ISO] [--json]

Proposes the rollup tables that would serve the metric definitions (one per tenant, event, grain
and timezone, holding the union of their dimensions and measures) and prints for each: the DDL
(an AggregatingMergeTree table, the materialized view that keeps it current, a one-off backfill),
the declaration to add to the schema's "rollups", and the definitions it serves — checked by
compiling each one with the rollup declared. Then the definitions no rollup can serve, and why.
See docs/rollups.md.

Exit codes: 0 ok, 1 unreadable definitions or schema, 2 usage.`,
};
