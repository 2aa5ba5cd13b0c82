/**
 * The one parameter collector. Every string that reaches ClickHouse goes through `value()` and
 * comes back as a `{name:Type}` placeholder; equal values of one type share a placeholder, and
 * names are numbered in order of first use, so equal queries give equal SQL and params.
 */
export type ParamValue = string | number | boolean | string[] | number[];
export type ParamType = 'String' | 'Array(String)' | "DateTime64(3, 'UTC')";

export class ParamCollector {
  private readonly values: Record<string, ParamValue> = {};
  private readonly byKey = new Map<string, string>();
  private next = 0;

  /**
   * A placeholder for `value` under a fixed, readable name (tenant, from, to, tz). Named values
   * are never shared with formula values, so the SQL text never depends on what a literal says.
   */
  named(name: string, type: ParamType, value: ParamValue): string {
    this.values[name] = value;
    return `{${name}:${type}}`;
  }

  /** A placeholder for `value`, reused for an equal value of the same type. */
  value(type: ParamType, value: ParamValue): string {
    const key = `${type}\u0000${JSON.stringify(value)}`;
    let name = this.byKey.get(key);
    if (name === undefined) {
      name = `p${this.next++}`;
      this.byKey.set(key, name);
      this.values[name] = value;
    }
    return `{${name}:${type}}`;
  }

  string(value: string): string {
    return this.value('String', value);
  }

  /** A UTC instant in ClickHouse's text form (`2024-01-05 00:00:00.000`). */
  instant(value: string): string {
    return this.value("DateTime64(3, 'UTC')", value);
  }

  strings(values: readonly string[]): string {
    return this.value('Array(String)', [...values]);
  }

  params(): Record<string, ParamValue> {
    return { ...this.values };
  }
}
