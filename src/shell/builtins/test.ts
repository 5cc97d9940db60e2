// `test` / `[` and bash's `[[ ]]`: one evaluator. In `test` any argument can be an operator
// (decided by position, POSIX's rules for 1-4 arguments); in `[[ ]]` only unquoted words
// are operators, == matches a pattern and =~ a regular expression.

import { type Frag, matchPattern } from "../pattern.js";
import { BackReferenceError, compileBashRegex, RegexError } from "../regex.js";
import type { CommandImpl } from "../types.js";
import { resolvePath, type Vfs } from "../vfs.js";

export interface TestTok {
  text: string;
  frags: Frag[];
  /** The word as an operator: its text when unquoted. */
  op?: string;
}

const UNARY = new Set([
  "-e",
  "-f",
  "-d",
  "-s",
  "-r",
  "-w",
  "-x",
  "-z",
  "-n",
  "-L",
  "-h",
  "-b",
  "-c",
  "-p",
  "-S",
  "-t",
]);
const BINARY = new Set([
  "=",
  "==",
  "!=",
  "<",
  ">",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "=~",
]);

class TestError extends Error {}
/** A refusal that is no syntax error: printed as it is. */
class Refused extends TestError {}

class Evaluator {
  private i = 0;
  constructor(
    private readonly toks: TestTok[],
    private readonly dbl: boolean,
    private readonly fs: Vfs,
    private readonly cwd: string,
  ) {}

  run(): boolean {
    const v = this.or();
    if (this.i < this.toks.length) {
      const n = this.toks.length;
      if (!this.dbl && n === 2) throw new TestError(`${this.toks[0].text}: unary operator expected`);
      if (!this.dbl && n === 3) throw new TestError(`${this.toks[1].text}: binary operator expected`);
      throw new TestError(this.dbl ? `syntax error near \`${this.toks[this.i].text}'` : "too many arguments");
    }
    return v;
  }

  private is(k: number, op: string): boolean {
    const t = this.toks[k];
    return t !== undefined && (this.dbl ? t.op === op : t.text === op);
  }

  private or(): boolean {
    let v = this.and();
    while (this.is(this.i, this.dbl ? "||" : "-o")) {
      this.i++;
      const r = this.and();
      v = v || r;
    }
    return v;
  }

  private and(): boolean {
    let v = this.not();
    while (this.is(this.i, this.dbl ? "&&" : "-a")) {
      this.i++;
      const r = this.not();
      v = v && r;
    }
    return v;
  }

  private not(): boolean {
    if (this.is(this.i, "!") && this.i + 1 < this.toks.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const t = this.toks[this.i];
    if (!t) throw new TestError("argument expected");
    if (this.is(this.i, "(") && this.i + 1 < this.toks.length) {
      this.i++;
      const v = this.or();
      if (!this.is(this.i, ")")) throw new TestError("`)' expected");
      this.i++;
      return v;
    }
    const n = this.toks[this.i + 1];
    if (n && this.toks[this.i + 2] && BINARY.has(n.text) && this.is(this.i + 1, n.text)) {
      const r = this.toks[this.i + 2];
      this.i += 3;
      return this.binary(t, n.text, r);
    }
    if (UNARY.has(t.text) && this.is(this.i, t.text) && n) {
      this.i += 2;
      return this.unary(t.text, n.text);
    }
    this.i++;
    return t.text !== "";
  }

  private unary(op: string, arg: string): boolean {
    if (op === "-z") return arg === "";
    if (op === "-n") return arg !== "";
    const st = arg === "" ? undefined : this.fs.stat(resolvePath(this.cwd, arg));
    switch (op) {
      case "-e":
      case "-r":
      case "-w":
        return st !== undefined;
      case "-f":
        return st?.type === "file";
      case "-d":
        return st?.type === "dir";
      case "-s":
        return st !== undefined && st.size > 0;
      case "-x":
        return st !== undefined && (st.type === "dir" || (st.mode & 0o111) !== 0);
      case "-c":
        return arg === "/dev/null";
      case "-L":
      case "-h":
        return arg !== "" && this.fs.lstat(resolvePath(this.cwd, arg))?.type === "link";
      default:
        return false; // no devices, pipes or sockets in the VFS
    }
  }

  private binary(l: TestTok, op: string, r: TestTok): boolean {
    switch (op) {
      case "=":
      case "==":
        return this.dbl ? matchPattern(r.frags, l.text) : l.text === r.text;
      case "!=":
        return this.dbl ? !matchPattern(r.frags, l.text) : l.text !== r.text;
      case "<":
        return l.text < r.text;
      case ">":
        return l.text > r.text;
      case "=~":
        try {
          // Quoted parts of the regex match literally, as in bash.
          return compileBashRegex(r.frags).test(l.text);
        } catch (e) {
          if (e instanceof BackReferenceError) throw new Refused(e.message);
          if (e instanceof RegexError) throw new TestError(`${r.text}: invalid regular expression`);
          throw e;
        }
      case "-nt":
      case "-ot": {
        const a = this.fs.stat(resolvePath(this.cwd, l.text))?.mtime.getTime() ?? -1;
        const b = this.fs.stat(resolvePath(this.cwd, r.text))?.mtime.getTime() ?? -1;
        return op === "-nt" ? a > b : a < b;
      }
    }
    const a = this.int(l.text);
    const b = this.int(r.text);
    return op === "-eq"
      ? a === b
      : op === "-ne"
        ? a !== b
        : op === "-lt"
          ? a < b
          : op === "-le"
            ? a <= b
            : op === "-gt"
              ? a > b
              : a >= b;
  }

  private int(s: string): number {
    if (/^\s*[-+]?[0-9]+\s*$/.test(s)) return Number.parseInt(s, 10);
    if (this.dbl) return 0; // [[ ]] evaluates operands arithmetically: a non-number is 0
    throw new TestError(`${s}: integer expression expected`);
  }
}

/** Evaluates `test` arguments: status 0 true, 1 false, 2 error (with the message, unprefixed). */
export function runTest(args: string[], fs: Vfs, cwd: string): { status: number; error?: string } {
  const toks = args.map((text) => ({ text, frags: [{ text, quoted: true }] }));
  // POSIX fixes the meaning of 1 and 2 arguments, whatever they look like.
  if (args.length === 0) return { status: 1 };
  if (args.length === 1) return { status: args[0] === "" ? 1 : 0 };
  if (args.length === 2 && args[0] === "!") return { status: args[1] === "" ? 0 : 1 };
  try {
    return { status: new Evaluator(toks, false, fs, cwd).run() ? 0 : 1 };
  } catch (e) {
    if (e instanceof TestError) return { status: 2, error: e.message };
    throw e;
  }
}

/** `[[ ... ]]` with its operands already expanded. */
export function evalDoubleBracket(toks: TestTok[], fs: Vfs, cwd: string): { status: number; error?: string } {
  if (toks.length === 0) return { status: 2, error: "syntax error in conditional expression" };
  try {
    return { status: new Evaluator(toks, true, fs, cwd).run() ? 0 : 1 };
  } catch (e) {
    if (e instanceof Refused) return { status: 2, error: e.message };
    if (e instanceof TestError)
      return { status: 2, error: `syntax error in conditional expression: ${e.message}` };
    throw e;
  }
}

/** Strips the closing bracket of `[` (or `[[` in busybox); undefined when it is missing. */
export function bracketArgs(argv: string[]): string[] | undefined {
  const close = argv[0] === "[[" ? "]]" : "]";
  if (argv[0] !== "[" && argv[0] !== "[[") return argv.slice(1);
  return argv[argv.length - 1] === close ? argv.slice(1, -1) : undefined;
}

/** /usr/bin/test and /usr/bin/[ (coreutils): the same as the builtin, with their own messages. */
export const testCommand: CommandImpl = (ctx) => {
  const name = ctx.argv[0].slice(ctx.argv[0].lastIndexOf("/") + 1);
  const args = bracketArgs([name, ...ctx.argv.slice(1)]);
  if (!args) {
    ctx.io.stderr(`${name}: missing ']'\n`);
    return 2;
  }
  const r = runTest(args, ctx.fs, ctx.cwd);
  if (r.error) ctx.io.stderr(`${name}: ${r.error}\n`);
  return r.status;
};
