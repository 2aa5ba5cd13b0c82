/**
 * "Did you mean …" suggestions: optimal-string-alignment edit distance (adjacent transpositions
 * count as one edit), case-insensitive, with a cut-off that grows with the word's length so that
 * short names only match near-identical candidates.
 */

export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Up to `limit` candidates closest to `word`, best first; ties keep the candidates' order. */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  const max = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  const scored: Array<{ c: string; d: number; i: number }> = [];
  let i = 0;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), max);
    if (d <= max && c !== word) scored.push({ c, d, i: i++ });
  }
  scored.sort((x, y) => x.d - y.d || x.i - y.i);
  return scored.slice(0, limit).map((s) => s.c);
}
