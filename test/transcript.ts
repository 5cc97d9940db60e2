// Transcript files: a lab as commands and the exact output a learner sees.
//
//   #: a note for the reader (ignored)
//   # env: NAME=value        set for the commands that follow (KUBESIM_NOW moves the clock)
//   $ kubesim get pods       a command (quotes as in a shell; `< file` feeds stdin)
//   NAME      READY ...      its stdout, exactly (blank lines included; trailing ones trimmed)
//   ! error: ...             a line of its stderr
//   [exit 1]                 its exit code, when not 0
//   [+2 blank lines]         blank lines at the end of stdout
//   $SANDBOX in a command    the sandbox's directory (a host path kubectl cp may write)
// A command's output runs to the next `$ `, `# env: ` or `#: ` line.
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, type Sandbox } from "./harness.js";

export interface Step {
  env: Record<string, string>;
  command: string;
  expected: string;
}

export function parseTranscript(text: string): Step[] {
  const steps: Step[] = [];
  const env: Record<string, string> = {};
  let cur: { command: string; lines: string[]; env: Record<string, string> } | undefined;
  const flush = () => {
    if (cur)
      steps.push({ env: cur.env, command: cur.command, expected: cur.lines.join("\n").replace(/\n+$/, "") });
    cur = undefined;
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("$ ")) {
      flush();
      cur = { command: line.slice(2), lines: [], env: { ...env } };
    } else if (line.startsWith("# env: ")) {
      flush();
      const [k, ...v] = line.slice(7).split("=");
      env[k] = v.join("=");
    } else if (line.startsWith("#: ")) {
      flush();
    } else if (cur) {
      cur.lines.push(line);
    }
  }
  flush();
  return steps;
}

/** The combined rendering a transcript compares against. */
export function render(out: string, err: string, code: number): string {
  const lines: string[] = [];
  if (out) {
    const outLines = out.replace(/\n$/, "").split("\n");
    // Trailing blank lines would vanish in the file; count them on a line of their own.
    let blank = 0;
    while (outLines.length > 1 && outLines[outLines.length - 1] === "") {
      outLines.pop();
      blank++;
    }
    lines.push(...outLines);
    if (blank) lines.push(`[+${blank} blank line${blank > 1 ? "s" : ""}]`);
  }
  if (err)
    lines.push(
      ...err
        .replace(/\n$/, "")
        .split("\n")
        .map((l) => `! ${l}`),
    );
  if (code !== 0) lines.push(`[exit ${code}]`);
  return lines.join("\n");
}

export async function playStep(sb: Sandbox, step: Step): Promise<string> {
  // $SANDBOX names the sandbox's own directory: host paths a command writes (cp) stay in it.
  let command = step.command.replace(/^kubesim\s+/, "").replaceAll("$SANDBOX", sb.home);
  let stdin = "";
  const m = /\s<\s*(\S+)$/.exec(command);
  if (m) {
    stdin = fs.readFileSync(path.join(ROOT, m[1]), "utf8");
    command = command.slice(0, m.index);
  }
  sb.env = { ...sb.env, ...step.env };
  const prev = process.cwd();
  process.chdir(ROOT);
  try {
    const r = await sb.sh(command, stdin);
    // Paths a command prints inside the sandbox read as they were written: $SANDBOX/...
    const mark = (s: string) => s.replaceAll(sb.home, "$SANDBOX");
    return render(mark(r.out), mark(r.err), r.code);
  } finally {
    process.chdir(prev);
  }
}

/** The transcript text with each command's output replaced by `actual` (notes and directives kept). */
export function rewriteTranscript(text: string, actual: string[]): string {
  const out: string[] = [];
  let i = -1;
  let inOutput = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("$ ")) {
      i++;
      out.push(line);
      if (actual[i]) out.push(actual[i]);
      out.push("");
      inOutput = true;
    } else if (line.startsWith("# env: ") || line.startsWith("#: ")) {
      inOutput = false;
      out.push(line);
    } else if (!inOutput) {
      out.push(line);
    }
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
