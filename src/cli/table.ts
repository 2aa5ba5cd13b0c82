/** A plain-text table for terminals: aligned columns, numbers right-aligned, missing as NULL. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4);
  return String(v).replace(/\s/g, (c) => (c === ' ' ? ' ' : JSON.stringify(c).slice(1, -1)));
}

export function table(columns: readonly string[], rows: readonly (readonly unknown[])[], maxRows = 12): string {
  const shown = rows.slice(0, maxRows).map((r) => r.map(formatCell));
  const widths = columns.map((c, i) => Math.max(c.length, ...shown.map((r) => r[i]!.length)));
  const numeric = columns.map((_, i) => rows.every((r) => r[i] === null || typeof r[i] === 'number'));
  const line = (cells: readonly string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const out = [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...shown.map(line)];
  if (rows.length > maxRows) out.push(`… ${rows.length - maxRows} more rows`);
  if (rows.length === 0) out.push('(no rows)');
  return out.join('\n');
}
