// Runs the syntax tree. Everything is in-process: a "program" is a CommandImpl from the
// image's table, a pipeline buffers each stage's output into the next stage's input, and a
// subshell is a copy of the state. Loops count iterations and sleeps against a budget,
// because simulated time would let `while true; do ...; sleep 5; done` spin forever.

import type { AndOr, Command, List, Pipeline } from "./ast.js";
import { Budget, Capture, checkLength, type Limits, MemoryExceeded } from "./budget.js";
import { execCompound } from "./compound.js";
import { Layered } from "./environ.js";
import { type ExpandEnv, ExpansionError } from "./expand.js";
import type { CommandTable } from "./lookup.js";
import { syntaxErrorText } from "./messages.js";
import { parseScript, ShellSyntaxError } from "./parser.js";
import * as simple from "./simple.js";
import {
  AbortSignal,
  BudgetExceeded,
  cloneState,
  ExitSignal,
  Input,
  type State,
  type Streams,
  type Var,
} from "./state.js";
import type { CommandContext, ShellHooks, ShellIO, Userland } from "./types.js";
import type { Vfs } from "./vfs.js";

export interface InterpOptions {
  table: CommandTable;
  fs: Vfs;
  hooks: ShellHooks;
  hostname: string;
  pid: number;
  limits: Limits;
  userland: Userland;
}

/** What a shell builtin (cd, export, exit, ...) sees beyond an external command's context. */
export interface BuiltinContext extends CommandContext {
  sh: Interp;
  st: State;
  streams: Streams;
}
export type Builtin = (ctx: BuiltinContext) => number | Promise<number>;

export class Interp {
  readonly history: string[] = [];
  /** Interactive shells, outermost first; `bash` typed at the prompt pushes one, `exit` pops it. */
  readonly stack: State[];
  exited = false;
  columns?: number;
  /** Standard input of the command line being run: the terminal, which a nested shell reads. */
  terminal?: Input;
  /** The interactive prompt's way to ask the user a question (ShellIO.ask). */
  ask?: (prompt: string) => Promise<string | undefined>;
  line = 1;
  readonly budget: Budget;
  /** Function call depth, against runaway recursion. */
  depth = 0;
  private seed: number;

  constructor(
    readonly o: InterpOptions,
    top: State,
  ) {
    this.stack = [top];
    this.seed = o.pid * 7919;
    this.budget = new Budget(o.limits, o.hooks);
  }

  get current(): State {
    return this.stack[this.stack.length - 1];
  }

  /** Runs a command line (interactive) or a script; never throws for shell-level failures. */
  async runTop(text: string, io: ShellIO, interactive: boolean): Promise<number> {
    const st = this.current;
    const wasInteractive = st.interactive;
    st.interactive = interactive;
    this.columns = io.columns;
    this.ask = io.ask;
    this.budget.reset();
    const streams: Streams = {
      in: new Input(""),
      out: this.budget.terminal((s) => io.stdout(s)),
      err: io.stderr,
      tty: io.columns !== undefined,
    };
    this.terminal = streams.in;
    try {
      const list = this.parse(st, text, streams);
      st.status = list ? await this.execList(list, st, streams) : 2;
    } catch (e) {
      if (e instanceof ExitSignal) {
        st.status = e.status;
        if (this.stack.length > 1) this.stack.pop();
        else this.exited = true;
      } else if (e instanceof BudgetExceeded) {
        io.stderr(`${e.text(st.argv0)}\n`);
        st.status = e.status;
      } else if (e instanceof AbortSignal) st.status = e.status;
      else if (isStringOverflow(e)) {
        // A string past V8's own limit, built somewhere the checks did not reach.
        const limit = this.o.limits.maxStringLength;
        io.stderr(`${new MemoryExceeded(limit + 1, limit).text(st.argv0)}\n`);
        st.status = 2;
      } else throw e;
    } finally {
      st.interactive = wasInteractive;
    }
    // `exit` from a nested shell, or a nested shell just started: $? carries over.
    if (this.current !== st) this.current.status = st.status;
    return st.status;
  }

  /** Parses with the shell's grammar, reporting syntax errors as the shell does (status 2). */
  parse(st: State, text: string, io: Streams): List | undefined {
    const bash = st.shell === "bash";
    try {
      return parseScript(text, { bash, lenientHeredoc: !st.interactive });
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      if (e.kind === "heredoc") {
        if (bash)
          io.err(
            `${st.argv0}: warning: here-document at line ${e.line} delimited by end-of-file (wanted \`${e.token}')\n`,
          );
        return parseScript(text, { bash, lenientHeredoc: true });
      }
      io.err(syntaxErrorText(st, e, text));
      return undefined;
    }
  }

  /**
   * A diagnostic with the shell's prefix: "bash: MSG", "bash: line 2: MSG" in scripts,
   * busybox ash's "sh: MSG", and dash's (a GNU userland's sh) "sh: 2: MSG", which always
   * names the line.
   */
  warn(st: State, io: Streams, msg: string): void {
    const where =
      st.shell === "bash"
        ? st.interactive
          ? ""
          : `line ${this.line}: `
        : this.o.userland === "gnu"
          ? `${this.line}: `
          : "";
    io.err(`${st.argv0}: ${where}${msg}\n`);
  }

  async execList(list: List, st: State, io: Streams): Promise<number> {
    for (const item of list.items) st.status = await this.execAndOr(item, st, io);
    return st.status;
  }

  async execAndOr(n: AndOr, st: State, io: Streams): Promise<number> {
    const chain: Pipeline[] = [n.first, ...n.rest.map((r) => r.pipeline)];
    let status = 0;
    for (let i = 0; i < chain.length; i++) {
      if (i > 0 && (n.rest[i - 1].op === "&&") !== (status === 0)) continue;
      const last = i === chain.length - 1;
      if (!last) st.conditions++;
      try {
        status = await this.execPipeline(chain[i], st, io);
      } finally {
        if (!last) st.conditions--;
      }
      st.status = status;
      if (last && status !== 0 && st.flags.errexit && st.conditions === 0 && !chain[i].negate) {
        throw new ExitSignal(status);
      }
    }
    return status;
  }

  private async execPipeline(p: Pipeline, st: State, io: Streams): Promise<number> {
    let status: number;
    if (p.negate) st.conditions++;
    try {
      if (p.commands.length === 1) status = await this.execCommand(p.commands[0], st, io);
      else {
        // Each stage runs to completion before the next starts, its output buffered: the
        // simulation has no concurrency to show, and buffering keeps ordering deterministic.
        let input = io.in;
        const statuses: number[] = [];
        for (let i = 0; i < p.commands.length; i++) {
          const last = i === p.commands.length - 1;
          const buf = new Capture(this.o.limits);
          const stage: Streams = {
            in: input,
            out: last ? io.out : buf.sink,
            err: io.err,
            tty: last && io.tty,
          };
          const sub = cloneState(st);
          statuses.push(await this.subshell(() => this.execCommand(p.commands[i], sub, stage)));
          input = new Input(buf.text());
        }
        status = statuses[statuses.length - 1];
        if (st.flags.pipefail) status = [...statuses].reverse().find((s) => s !== 0) ?? 0;
      }
    } finally {
      if (p.negate) st.conditions--;
    }
    return p.negate ? Number(status === 0) : status;
  }

  /** Runs `f` as a subshell: `exit` and fatal errors end only it. */
  async subshell(f: () => Promise<number>): Promise<number> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof ExitSignal || e instanceof AbortSignal) return e.status;
      throw e;
    }
  }

  async execCommand(cmd: Command, st: State, io: Streams): Promise<number> {
    if (cmd.type === "simple") return simple.execSimple(this, cmd, st, io);
    if (cmd.type === "func") {
      st.functions.set(cmd.name, cmd.body);
      return 0;
    }
    return execCompound(this, cmd, st, io);
  }

  /** `sleep`: moves simulated time, within the budget of one command line. */
  sleep(seconds: number): Promise<void> {
    return this.budget.sleep(seconds);
  }

  now(): Date {
    return this.o.hooks.now?.() ?? new Date();
  }

  /** Runs a program (not a builtin or function), as `command`, `exec` and `env` do. */
  runExternal(argv: string[], env: Map<string, string>, st: State, io: Streams): Promise<number> {
    return simple.runExternal(this, argv, env, st, io);
  }

  /** PATH lookup of an external command (not builtins or functions). */
  which(name: string, st: State): string | undefined {
    return simple.which(this, name, st);
  }

  /** Expansion errors are reported, then end the command line (or script). */
  async guard<T>(st: State, io: Streams, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      this.warn(st, io, e.message);
      throw new AbortSignal(1);
    }
  }

  expandEnv(st: State, io: Streams, onSubst?: (status: number) => void): ExpandEnv {
    return {
      get: (n) => this.getVar(st, n),
      set: (n, v) => this.setVar(st, n, v),
      positional: () => st.positional,
      substitute: async (body) => {
        const out = new Capture(this.o.limits);
        const sub = cloneState(st);
        const status = await this.subshell(() =>
          this.execList(body, sub, { in: io.in, out: out.sink, err: io.err, tty: false }),
        );
        onSubst?.(status);
        return out.text();
      },
      fs: this.o.fs,
      cwd: st.cwd,
      braces: st.shell === "bash",
      limits: this.o.limits,
    };
  }

  redirectEnv(st: State, io: Streams, ex: ExpandEnv) {
    return { fs: this.o.fs, cwd: st.cwd, shell: st.shell, ex, warn: (m: string) => this.warn(st, io, m) };
  }

  /** A command's environment: the exported variables (a copy of their changes only) and `VAR=x` prefixes. */
  environ(st: State, assigns: [string, string][]): Map<string, string> {
    const env = exportedOf(st.vars);
    for (const [k, v] of assigns) env.set(k, v);
    return env;
  }

  getVar(st: State, name: string): string | undefined {
    switch (name) {
      case "?":
        return String(st.status);
      case "$":
        return String(this.o.pid);
      case "#":
        return String(st.positional.length);
      case "0":
        return st.argv0;
      case "!":
        return "";
      case "-":
        return (st.flags.errexit ? "e" : "") + (st.interactive ? "i" : "") + (st.flags.xtrace ? "x" : "");
      case "@":
      case "*":
        return st.positional.join(" ");
    }
    if (/^[1-9][0-9]*$/.test(name)) return st.positional[Number(name) - 1];
    if (st.shell === "bash" && name === "RANDOM" && !st.vars.has(name)) {
      this.seed = ((Math.imul(this.seed, 1103515245) + 12345) >>> 0) % 2147483648;
      return String(this.seed % 32768);
    }
    if (name === "LINENO" && !st.vars.has(name)) return String(this.line);
    return st.vars.get(name)?.value;
  }

  setVar(st: State, name: string, value: string, exported?: boolean): void {
    checkLength(value.length, this.o.limits);
    const v: Var | undefined = st.vars.get(name);
    if (v) {
      v.value = value;
      if (exported) v.exported = true;
    } else st.vars.set(name, { value, exported: exported ?? false });
  }
}

function exportedOf(vars: Map<string, Var>): Map<string, string> {
  const value = (v: Var) => (v.exported ? v.value : undefined);
  if (vars instanceof Layered) return (vars as Layered<Var>).derive((s) => s, value);
  const env = new Map<string, string>();
  for (const [k, v] of vars) if (v.exported) env.set(k, v.value);
  return env;
}

/** V8's RangeError for a string or array past its maximum length. */
function isStringOverflow(e: unknown): boolean {
  return e instanceof RangeError && /^Invalid (string|array) length/.test(e.message);
}
