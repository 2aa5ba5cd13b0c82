/**
 * The bound on emitted SQL (docs/language.md §8). ClickHouse refuses queries over `max_query_size`
 * (262,144 bytes by default), and a formula of a few kilobytes can ask for far more (a property
 * kept in 100 slots referenced 10,000 times). The budget is checked while emitting — on every
 * fragment and on the running total of leaves — so an oversized query stops early, in time and
 * memory proportional to the bound, and becomes the `sql-too-large` diagnostic.
 */
export class SqlTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`internal: SQL larger than ${limit} bytes`);
  }
}

export class SqlBudget {
  private spentBytes = 0;

  constructor(readonly limit: number) {}

  /** A fragment about to be used: no fragment may exceed the bound on its own. */
  check(text: string): string {
    if (text.length > this.limit) throw new SqlTooLarge(this.limit);
    return text;
  }

  /** Text written once into the query (a leaf, a shared read): counts toward the total. */
  spend(bytes: number): void {
    this.spentBytes += bytes;
    if (this.spentBytes > this.limit) throw new SqlTooLarge(this.limit);
  }
}

/** UTF-8 length of SQL text, without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}
