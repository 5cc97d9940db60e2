// A port of Go's text/tabwriter (as configured by kubectl's describe: minwidth 0, tabwidth 8,
// padding 2, padchar ' ', no flags) plus kubectl's PrefixWriter. Byte-for-byte output depends on
// the quirks reproduced here: a line without a tab flushes the buffer (so alignment restarts after
// it), a line's last cell is never padded, and widths are counted in code points (Go counts runes).

interface Cell {
  text: string;
  width: number;
}

export class GoTabWriter {
  private out = "";
  private lines: Cell[][] = [[]];
  private cell = "";
  private widths: number[] = [];

  constructor(
    private readonly minwidth: number,
    private readonly padding: number,
    private readonly padchar: string,
  ) {}

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== "\t" && ch !== "\v" && ch !== "\n" && ch !== "\f") continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const ncells = this.terminateCell();
      if (ch === "\n" || ch === "\f") {
        this.lines.push([]);
        // Go flushes here: a one-cell line cannot affect the alignment of later lines.
        if (ch === "\f" || ncells === 1) this.flushBuffered();
      }
    }
    this.cell += text.slice(start);
  }

  flush(): void {
    this.flushBuffered();
  }

  result(): string {
    return this.out;
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: [...this.cell].length });
    this.cell = "";
    return line.length;
  }

  private flushBuffered(): void {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= this.lines[cur].length - 1) continue;
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.minwidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.padding);
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        this.out += c.text;
        if (j < this.widths.length) this.out += this.padchar.repeat(this.widths[j] - c.width);
      });
      if (i + 1 < this.lines.length) this.out += "\n";
    }
  }
}

// cli-runtime's printers.WriteEscaped: neutralise terminal escape sequences in user data.
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, "^[").replace(/\r/g, "\\r");
}

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** kubectl's PrefixWriter: each level indents by two spaces. */
export class PrefixWriter {
  constructor(private readonly tw: GoTabWriter) {}

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal("  ".repeat(level) + text));
  }

  /** Go's fmt.Sprintln of a single string. */
  writeLine(text: string): void {
    this.tw.write(escapeTerminal(`${text}\n`));
  }

  flush(): void {
    this.tw.flush();
  }
}

/** kubectl's tabbedString: run a describer body against a fresh tabwriter. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const tw = new GoTabWriter(0, 2, " ");
  body(new PrefixWriter(tw));
  tw.flush();
  return tw.result();
}
