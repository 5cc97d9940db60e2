// The state of one shell process (variables, cwd, functions, options) and the streams a
// command runs with. A subshell, a pipeline stage and $(...) get a copy, so `cd` or `x=1`
// there do not leak into the parent, as with fork(2).

import type { Command } from "./ast.js";
import { copyMap, type Environ, environOf, Layered } from "./environ.js";
import type { ShellName } from "./types.js";

export interface Var {
  value: string;
  exported: boolean;
}

export interface State {
  vars: Map<string, Var>;
  cwd: string;
  positional: string[];
  functions: Map<string, Command>;
  flags: { errexit: boolean; xtrace: boolean; pipefail: boolean };
  /** $? */
  status: number;
  shell: ShellName;
  interactive: boolean;
  /** $0 */
  argv0: string;
  /** Saved values for `local`, one map per active function call. */
  frames: Map<string, Var | undefined>[];
  /** Nesting of loops, for `break` outside a loop. */
  loops: number;
  /** > 0 while running an if/while condition or the left of && ||, where `set -e` does not apply. */
  conditions: number;
  /** A subshell, pipeline stage or $(...): `exit` there is quiet even in an interactive shell. */
  sub: boolean;
}

const exported = (value: string): Var => ({ value, exported: true });

/**
 * The variables of a shell that starts with `env`, all exported: over the same base when
 * env is a Layered command environment or an Environ (read by name, never copied whole).
 */
function varsOf(env: Environ | Iterable<[string, string]>): Map<string, Var> {
  if (env instanceof Layered) return (env as Layered<string>).derive(exported, exported);
  if (env instanceof Map || !("get" in env)) return new Layered(environOf(env), exported);
  return new Layered(env, exported);
}

/**
 * A shell's variables from saved entries (resumable.ts), exported or not, in order: the
 * entries as the base, so that a command's environment copies only the unexported ones.
 */
export function varsFrom(entries: [string, Var][]): Map<string, Var> {
  const vars = new Layered(environOf(entries.map(([k, v]) => [k, v.value])), exported);
  for (const [k, v] of entries) if (!v.exported) vars.set(k, { ...v });
  return vars;
}

export function newState(o: {
  shell: ShellName;
  argv0: string;
  cwd: string;
  env: Environ | Iterable<[string, string]>;
  args?: string[];
  interactive: boolean;
}): State {
  return {
    vars: varsOf(o.env),
    cwd: o.cwd,
    positional: o.args ?? [],
    functions: new Map(),
    flags: { errexit: false, xtrace: false, pipefail: false },
    status: 0,
    shell: o.shell,
    interactive: o.interactive,
    argv0: o.argv0,
    frames: [],
    loops: 0,
    conditions: 0,
    sub: false,
  };
}

export function cloneState(st: State): State {
  return {
    ...st,
    vars: copyMap(st.vars, (v) => ({ ...v })),
    positional: [...st.positional],
    functions: new Map(st.functions),
    flags: { ...st.flags },
    frames: st.frames.map((f) => new Map(f)),
    sub: true,
  };
}

/** Standard input as text with a read position: `read` takes a line, a command takes the rest. */
export class Input {
  private pos = 0;
  constructor(private readonly text: string) {}

  readLine(): string | null {
    if (this.pos >= this.text.length) return null;
    const nl = this.text.indexOf("\n", this.pos);
    const end = nl < 0 ? this.text.length : nl;
    const line = this.text.slice(this.pos, end);
    this.pos = nl < 0 ? end : end + 1;
    return line;
  }

  readAll(): string {
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }
}

export type Sink = (s: string) => void;

export interface Streams {
  in: Input;
  out: Sink;
  err: Sink;
  /** fd 1 is the terminal. */
  tty: boolean;
}

// Control flow travels as thrown values (not Errors: no stack to capture on every loop turn).

export class ExitSignal {
  constructor(readonly status: number) {}
}

export class LoopSignal {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {}
}

export class ReturnSignal {
  constructor(readonly status: number) {}
}

/**
 * A long-running script ran a program that does not return (a server, `tail -f`): the script
 * stops there for good (resumable.ts), and the container serves as its image model says.
 */
export class Blocked {
  constructor(readonly argv: string[]) {}
}

/** Ends the current command line (interactive) or script: a fatal expansion error. */
export class AbortSignal {
  constructor(readonly status: number) {}
}

/** A loop ran past the iteration or simulated-time budget, or a string past its size (budget.ts). */
export class BudgetExceeded {
  constructor(
    readonly message: string,
    /** $? afterwards: 130, as after Ctrl-C, unless the shell itself would have died. */
    readonly status = 130,
  ) {}

  /** The line the shell prints; `argv0` names the shell ("bash", "sh"). */
  text(_argv0: string): string {
    return this.message;
  }
}
