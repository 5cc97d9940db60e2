// go-yaml's error shape. kubectl prints whatever go-yaml says, and go-yaml's line number
// depends on which stage failed: scanner errors report the 1-based line, parser errors the
// 0-based line of the offending token (an off-by-one users see every day), and a problem on
// the first line loses its line number altogether.

export interface Mark {
  index: number;
  line: number;
  column: number;
}

export type YamlErrorKind = "reader" | "scanner" | "parser" | "composer";

export class YamlError extends Error {
  constructor(
    readonly kind: YamlErrorKind,
    readonly problem: string,
    readonly problemMark?: Mark,
    readonly contextMark?: Mark,
  ) {
    super(problem);
  }

  /** The text go-yaml returns, e.g. `yaml: line 7: mapping values are not allowed in this context`. */
  goMessage(): string {
    if (this.kind === "composer") return `yaml: ${this.problem}`;
    let line = 0;
    if (this.problemMark && this.problemMark.line !== 0) {
      line = this.problemMark.line + (this.kind === "scanner" ? 1 : 0);
    } else if (this.contextMark && this.contextMark.line !== 0) {
      line = this.contextMark.line;
    }
    return `yaml: ${line ? `line ${line}: ` : ""}${this.problem || "unknown problem parsing YAML content"}`;
  }
}

export function scannerError(problem: string, at: Mark, context?: Mark): YamlError {
  return new YamlError("scanner", problem, { ...at }, context && { ...context });
}

export function parserError(problem: string, at: Mark, context?: Mark): YamlError {
  return new YamlError("parser", problem, at, context);
}

/** Errors raised while building values (unknown anchors, bad merges): no line number. */
export function composerError(problem: string): YamlError {
  return new YamlError("composer", problem);
}
