// Syntax errors worded as each shell words them: bash's "near unexpected token `fi'" (with
// "-c: line N:" and the offending line when not interactive), busybox ash's
// `unexpected "fi"` and `unexpected end of file (expecting "fi")`.

import { MAX_NESTING, type ShellSyntaxError } from "./lexer.js";
import type { State } from "./state.js";

export function syntaxErrorText(st: State, e: ShellSyntaxError, src: string): string {
  const name = st.argv0;
  if (e.kind === "depth") {
    // No shell has this message: bash recurses until it crashes.
    const where = st.shell === "bash" && !st.interactive ? `line ${e.line}: ` : "";
    return `${name}: ${where}syntax error: nested deeper than ${MAX_NESTING} levels, more than kubesim supports\n`;
  }
  if (st.shell === "sh") {
    const what =
      e.kind === "quote"
        ? "unterminated quoted string"
        : e.kind !== "token"
          ? `unexpected end of file${e.expecting ? ` (expecting "${e.expecting}")` : ""}`
          : e.token === "newline"
            ? "unexpected newline"
            : `unexpected "${e.token}"`;
    return `${name}: syntax error: ${what}\n`;
  }
  const where = st.interactive ? "" : `${name === "bash" ? "-c: " : ""}line ${e.line}: `;
  if (e.kind === "quote") return `${name}: ${where}unexpected EOF while looking for matching \`${e.token}'\n`;
  if (e.kind !== "token") return `${name}: ${where}syntax error: unexpected end of file\n`;
  const near = `${name}: ${where}syntax error near unexpected token \`${e.token}'\n`;
  return st.interactive ? near : `${near}${name}: ${where}\`${src.split("\n")[e.line - 1] ?? ""}'\n`;
}
