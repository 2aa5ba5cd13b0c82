/**
 * The one place diagnostics are collected. It keeps the first `MAX_DIAGNOSTICS` and counts the
 * rest, so a flood of problems (65,000 stray characters, a mapping with 130,000 entries in one
 * slot) costs memory and time in proportion to what is shown, and ends with one summary:
 * "… and 64,900 more problems". Producers that can make very many diagnostics ask `full` first
 * and only count (`omit`) once it is set, so they never build what would be thrown away.
 */
import type { Diagnostic } from './diagnostic.js';

/** How many diagnostics one compile reports before summarizing the rest. */
export const MAX_DIAGNOSTICS = 100;

export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  private omitted = 0;
  private omittedError = false;
  private firstOmitted: Diagnostic | undefined;
  private errors = 0;
  /** Some producer stopped counting: there are more than `omitted` left out. */
  private uncounted = false;

  constructor(private readonly max: number = MAX_DIAGNOSTICS) {}

  /** No more diagnostics will be kept; producers may `omit` instead of building them. */
  get full(): boolean {
    return this.items.length >= this.max;
  }

  get size(): number {
    return this.items.length + this.omitted;
  }

  push(d: Diagnostic): void {
    if (d.severity === 'error') this.errors++;
    if (d.code === 'too-many-diagnostics') {
      if (d.omitted === undefined) this.uncounted = true;
      this.omit(d.omitted ?? 0, d.severity === 'error');
    } else if (this.items.length < this.max) {
      this.items.push(d);
    } else {
      this.firstOmitted ??= d;
      this.omit(1, d.severity === 'error');
    }
  }

  /** Build a diagnostic only while there is room; count it otherwise. */
  report(severity: Diagnostic['severity'], make: () => Diagnostic): void {
    if (this.full) this.omit(1, severity === 'error');
    else this.push(make());
  }

  pushAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.push(d);
  }

  /** Count `n` diagnostics that were not built. */
  omit(n: number, anyError: boolean): void {
    if (anyError) this.omittedError = true;
    if (n <= 0) return;
    this.omitted += n;
    if (anyError) this.errors++;
  }

  hasErrors(): boolean {
    return this.errors > 0;
  }

  /** What was kept, plus one summary of what was not. */
  list(): readonly Diagnostic[] {
    if (this.omitted === 0 && !this.uncounted) return [...this.items];
    const count = this.uncounted ? undefined : this.omitted;
    return [...this.items, omittedSummary(count, this.omittedError, this.firstOmitted ?? this.items[this.items.length - 1])];
  }
}

/**
 * The summary diagnostic. It carries the omitted count so that a sink receiving another sink's
 * list (a parse result into the compile's sink) adds the counts up instead of nesting summaries.
 */
export function omittedSummary(count: number | undefined, anyError: boolean, near: Diagnostic | undefined): Diagnostic {
  const more = count === undefined ? 'more problems' : `${count.toLocaleString('en-US')} more problem${count === 1 ? '' : 's'}`;
  return {
    code: 'too-many-diagnostics',
    severity: anyError ? 'error' : 'warning',
    message: `… and ${more} not listed; fix the ones above first`,
    source: near?.source ?? 'formula',
    start: near?.start ?? 0,
    end: near?.end ?? 0,
    line: near?.line ?? 1,
    column: near?.column ?? 1,
    ...(count === undefined ? {} : { omitted: count }),
  };
}
