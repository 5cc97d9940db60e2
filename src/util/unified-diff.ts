// A line diff in GNU `diff -u` layout (3 lines of context, hunks joined when their context
// would touch), for `kubectl diff`, which kubesim writes itself instead of running diff.

/** One line of the edit script: kept (" "), removed ("-") or added ("+"). */
interface Edit {
  op: " " | "-" | "+";
  line: string;
}

/** Splits a file's text into lines as diff reads them (a final newline ends the last line). */
function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

/**
 * The shortest edit script by longest common subsequence; removals come before additions
 * within a change, as GNU diff prints them. Files kubectl diffs are small YAML documents,
 * so the quadratic table is cheap.
 */
function editScript(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) lcs.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: " ", line: a[i++] });
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: "-", line: a[i++] });
    else out.push({ op: "+", line: b[j++] });
  }
  return out;
}

/** A hunk range as diff -u writes it: `start,count`, `start` alone for one line. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** The hunks of `diff -u` for two texts (no header lines); empty when they are equal. */
export function unifiedHunks(oldText: string, newText: string, context = 3): string {
  const script = editScript(lines(oldText), lines(newText));
  const changed = script.map((e, k) => (e.op === " " ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return "";
  // Groups of changes whose context overlaps or touches (gap of at most 2*context kept lines).
  const groups: [number, number][] = [];
  for (const k of changed) {
    const last = groups[groups.length - 1];
    if (last && k - last[1] - 1 <= 2 * context) last[1] = k;
    else groups.push([k, k]);
  }
  // Line numbers before each script position.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const e of script) {
    oldAt.push(o);
    newAt.push(n);
    if (e.op !== "+") o++;
    if (e.op !== "-") n++;
  }
  let out = "";
  for (const [first, last] of groups) {
    const from = Math.max(0, first - context);
    const to = Math.min(script.length - 1, last + context);
    const body = script.slice(from, to + 1);
    const oldCount = body.filter((e) => e.op !== "+").length;
    const newCount = body.filter((e) => e.op !== "-").length;
    // An empty range names the line before it (0 at the start of the file).
    const oldStart = oldCount ? oldAt[from] + 1 : oldAt[from];
    const newStart = newCount ? newAt[from] + 1 : newAt[from];
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`;
    for (const e of body) out += `${e.op}${e.line}\n`;
  }
  return out;
}
