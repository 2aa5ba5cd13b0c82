/** Event sets: sorted, de-duplicated string arrays; `undefined` means "every event". */
export type EventSet = readonly string[];

export function eventSet(names: Iterable<string>): EventSet {
  return [...new Set(names)].sort();
}

/** Is `name` in the set? (binary search: sets are sorted) */
export function hasEvent(set: EventSet, name: string): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = set[mid]!;
    if (at === name) return true;
    if (at < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export function intersect(a: EventSet | undefined, b: EventSet | undefined): EventSet | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const bs = new Set(b);
  return a.filter((x) => bs.has(x));
}

export function union(a: EventSet | undefined, b: EventSet | undefined): EventSet | undefined {
  if (a === undefined || b === undefined) return undefined;
  return eventSet([...a, ...b]);
}

/** Is `a` contained in `b`? (`undefined` is every event.) */
export function isSubset(a: EventSet | undefined, b: EventSet | undefined): boolean {
  if (b === undefined) return true;
  if (a === undefined) return false;
  const bs = new Set(b);
  return a.every((x) => bs.has(x));
}

export function sameSet(a: EventSet | undefined, b: EventSet | undefined): boolean {
  return isSubset(a, b) && isSubset(b, a);
}
