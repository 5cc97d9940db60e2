// kubectl's table writer: Go's text/tabwriter with minwidth 6, tabwidth 4, padding 3 and
// no trailing padding on the last cell. cli-table3 cannot produce this layout, and it
// costs seconds at 10,000 rows; this is linear.

export function tabwrite(rows: string[][], opts: { minWidth?: number; padding?: number } = {}): string {
  const minWidth = opts.minWidth ?? 6;
  const padding = opts.padding ?? 3;
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) {
      const w = Math.max(minWidth, width(r[i]) + padding);
      if (!(widths[i] >= w)) widths[i] = w;
    }
  }
  const lines: string[] = new Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    let line = "";
    for (let i = 0; i < r.length - 1; i++) line += r[i] + " ".repeat(widths[i] - width(r[i]));
    lines[j] = line + (r.length ? r[r.length - 1] : "");
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/**
 * kubectl's watch output: one tabwriter with RememberWidths, flushed after every event, so
 * a column keeps the widest width seen so far and rows printed later line up with earlier ones.
 */
export class RememberingTabWriter {
  private widths: number[] = [];

  constructor(
    private readonly minWidth = 6,
    private readonly padding = 3,
  ) {}

  write(rows: string[][]): string {
    for (const r of rows) {
      for (let i = 0; i < r.length - 1; i++) {
        const w = Math.max(this.minWidth, width(r[i]) + this.padding);
        if (!(this.widths[i] >= w)) this.widths[i] = w;
      }
    }
    let out = "";
    for (const r of rows) {
      let line = "";
      for (let i = 0; i < r.length - 1; i++) line += r[i] + " ".repeat(this.widths[i] - width(r[i]));
      out += `${line}${r.length ? r[r.length - 1] : ""}\n`;
    }
    return out;
  }
}

/** Display width as tabwriter counts it: runes (a surrogate pair is one), not UTF-16 units. */
function width(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
