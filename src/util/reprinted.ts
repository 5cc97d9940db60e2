// What a first run of a command already printed, so that its rerun does not print it again.
// The core bundle hands a command over to the full bundle when a container's process falls
// due (src/main.ts); a command that printed before waiting (`delete` prints "deleted" and then
// waits out the grace period) would otherwise print those lines twice. The rerun starts from
// the same saved state, so it prints the same opening lines: those are skipped, whole lines
// at a time, until the first line that differs; from there on everything is printed.

/** The most a run records: past it, a rerun prints everything again. */
export const MAX_RECORDED = 1 << 20;

export class Recorder {
  text = "";
  overflow = false;
  add(s: string): void {
    if (this.overflow) return;
    if (this.text.length + s.length > MAX_RECORDED) {
      this.overflow = true;
      this.text = "";
    } else this.text += s;
  }
}

export class Reprinted {
  private pos = 0;
  private pending = "";
  private done: boolean;

  constructor(private readonly already: string) {
    this.done = already === "";
  }

  /** The part of `s` to print now: nothing while the rerun repeats what was printed. */
  filter(s: string): string {
    if (this.done) return s;
    this.pending += s;
    let out = "";
    for (let nl = this.pending.indexOf("\n"); nl >= 0 && !this.done; nl = this.pending.indexOf("\n")) {
      const line = this.pending.slice(0, nl + 1);
      if (this.already.startsWith(line, this.pos)) {
        this.pos += line.length;
        this.pending = this.pending.slice(nl + 1);
        if (this.pos >= this.already.length) this.done = true;
      } else this.done = true;
    }
    if (this.done) {
      out = this.pending;
      this.pending = "";
    }
    return out;
  }

  /** At the end of the run: a held partial line that was not printed before. */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    this.done = true;
    return this.already.startsWith(rest, this.pos) && this.pos + rest.length === this.already.length
      ? ""
      : rest;
  }
}
