/**
 * Fuzzy matching for completion: the typed letters must appear in order (case-insensitive); the
 * score rewards a match at the start, at word starts (after `_`, `$`, `.` or a lower→upper
 * change) and in runs, and penalises gaps — so `acd` finds APPROX_COUNT_DISTINCT and `amt`
 * ranks `amount` above `payment_method`.
 */

function isWordStart(label: string, i: number): boolean {
  if (i === 0) return true;
  const prev = label[i - 1]!;
  const ch = label[i]!;
  return prev === '_' || prev === '$' || prev === '.' || (prev >= 'a' && prev <= 'z' && ch >= 'A' && ch <= 'Z');
}

/** A score (higher is better) or undefined when `pattern` does not match `label`. */
export function fuzzyScore(pattern: string, label: string): number | undefined {
  if (pattern === '') return 0;
  const p = pattern.toLowerCase();
  const l = label.toLowerCase();
  if (l === p) return 100;
  if (l.startsWith(p)) return 60 + p.length - label.length / 100;
  let score = 0;
  let j = 0;
  let last = -2;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    let found = -1;
    // Prefer the next word start holding this letter, else the next occurrence.
    for (let k = j; k < l.length; k++) {
      if (l[k] === ch && (k === last + 1 || isWordStart(label, k))) {
        found = k;
        break;
      }
    }
    if (found < 0) found = l.indexOf(ch, j);
    if (found < 0) return undefined;
    score += found === last + 1 ? 4 : isWordStart(label, found) ? 6 : 1;
    if (found === 0) score += 8;
    score -= Math.min(found - j, 5) * 0.5;
    last = found;
    j = found + 1;
  }
  return score - label.length / 100;
}
