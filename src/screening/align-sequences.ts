// Aligns two sequences of code points with the fewest insertions and deletions (Myers' O(ND) diff, linear space).

/** A place where the sequences differ: `a[aStart, aEnd)` stands where `b[bStart, bEnd)` is. */
export interface Change {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

class TooFarApart extends Error {}

/**
 * The changes that turn `a` into `b` with the fewest edits (E. W. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986, with the middle-snake recursion of section 4b: O((N+M)D)
 * time, O(N+M) space), in order; everything between them is equal. Null when more than
 * `maxEdits` insertions and deletions separate the sequences.
 */
export function alignSequences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  maxEdits: number = Number.POSITIVE_INFINITY,
): Change[] | null {
  const size = a.length + b.length + 2;
  const forward = new Int32Array(2 * size + 1);
  const reverse = new Int32Array(2 * size + 1);
  /** Equal runs as (aStart, bStart, length) triples, in order. */
  const runs: number[] = [];

  const middleSnake = (aLo: number, aHi: number, bLo: number, bHi: number): number[] => {
    const n = aHi - aLo;
    const m = bHi - bLo;
    const delta = n - m;
    const odd = (delta & 1) !== 0;
    const o = size; // index of diagonal 0
    forward[o + 1] = 0;
    reverse[o + 1] = 0;
    for (let d = 0; d <= Math.ceil((n + m) / 2); d += 1) {
      // Not met by step d - 1: this part alone needs at least 2d - 1 edits.
      if (2 * d - 1 > maxEdits) throw new TooFarApart();
      for (let k = -d; k <= d; k += 2) {
        let x =
          k === -d || (k !== d && forward[o + k - 1]! < forward[o + k + 1]!)
            ? forward[o + k + 1]!
            : forward[o + k - 1]! + 1;
        let y = x - k;
        const x0 = x;
        const y0 = y;
        while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
          x += 1;
          y += 1;
        }
        forward[o + k] = x;
        if (
          odd &&
          k >= delta - (d - 1) &&
          k <= delta + (d - 1) &&
          x + reverse[o + delta - k]! >= n
        ) {
          return [x0, y0, x, y];
        }
      }
      for (let k = -d; k <= d; k += 2) {
        let x =
          k === -d || (k !== d && reverse[o + k - 1]! < reverse[o + k + 1]!)
            ? reverse[o + k + 1]!
            : reverse[o + k - 1]! + 1;
        let y = x - k;
        const x0 = x;
        const y0 = y;
        while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
          x += 1;
          y += 1;
        }
        reverse[o + k] = x;
        if (!odd && delta - k >= -d && delta - k <= d && x + forward[o + delta - k]! >= n) {
          return [n - x, m - y, n - x0, m - y0];
        }
      }
    }
    throw new Error('unreachable: the forward and reverse paths always meet');
  };

  const align = (aLo: number, aHi: number, bLo: number, bHi: number): void => {
    let prefix = 0;
    while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix])
      prefix += 1;
    if (prefix > 0) runs.push(aLo, bLo, prefix);
    aLo += prefix;
    bLo += prefix;
    let suffix = 0;
    while (
      aHi - suffix > aLo &&
      bHi - suffix > bLo &&
      a[aHi - 1 - suffix] === b[bHi - 1 - suffix]
    ) {
      suffix += 1;
    }
    aHi -= suffix;
    bHi -= suffix;
    // Trimmed parts that are both non-empty differ at both ends, so they need at least two
    // edits and the middle snake splits them into two smaller problems.
    if (aLo < aHi && bLo < bHi) {
      const [x0, y0, x, y] = middleSnake(aLo, aHi, bLo, bHi) as [number, number, number, number];
      align(aLo, aLo + x0, bLo, bLo + y0);
      if (x > x0) runs.push(aLo + x0, bLo + y0, x - x0);
      align(aLo + x, aHi, bLo + y, bHi);
    }
    if (suffix > 0) runs.push(aHi, bHi, suffix);
  };

  try {
    align(0, a.length, 0, b.length);
  } catch (error) {
    if (error instanceof TooFarApart) return null;
    throw error;
  }
  const changes: Change[] = [];
  let kept = 0;
  let aAt = 0;
  let bAt = 0;
  for (let i = 0; i < runs.length; i += 3) {
    const [aStart, bStart, length] = [runs[i]!, runs[i + 1]!, runs[i + 2]!];
    if (aStart > aAt || bStart > bAt)
      changes.push({ aStart: aAt, aEnd: aStart, bStart: bAt, bEnd: bStart });
    aAt = aStart + length;
    bAt = bStart + length;
    kept += length;
  }
  if (aAt < a.length || bAt < b.length)
    changes.push({ aStart: aAt, aEnd: a.length, bStart: bAt, bEnd: b.length });
  return a.length + b.length - 2 * kept > maxEdits ? null : changes;
}
