// Edit distances for "did you mean" hints: cobra's suggestions use plain Levenshtein (its
// `ld`), kubesim's own typo hints (images, label selectors) also count a swap of two
// neighbours (`ngnix`) as one edit, the optimal string alignment distance.

function distance(a: string, b: string, swaps: boolean): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function levenshtein(a: string, b: string): number {
  return distance(a, b, false);
}

/** Optimal string alignment distance: Levenshtein plus a swap of neighbours as one edit. */
export function typoDistance(a: string, b: string): number {
  return distance(a, b, true);
}
