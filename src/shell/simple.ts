// Simple commands: expansion of the words, assignments, redirects, then the lookup order of
// a real shell: function, builtin, then a program found on PATH (an image command, or a
// script in the VFS). Programs get a CommandContext and nothing else of the shell.

import type { Command, Simple, Word } from "./ast.js";
import { SHELL_BUILTINS } from "./builtins/shell.js";
import { type ExpandEnv, expandString, expandWords } from "./expand.js";
import type { BuiltinContext, Interp } from "./interpreter.js";
import { unmodelledText } from "./lookup.js";
import { applyRedirects } from "./redirect.js";
import { nestedShell, runNestedShell, runScriptFile } from "./scripts.js";
import {
  AbortSignal,
  Blocked,
  BudgetExceeded,
  ExitSignal,
  ReturnSignal,
  type State,
  type Streams,
} from "./state.js";
import type { CommandContext } from "./types.js";
import { resolvePath, VfsError } from "./vfs.js";

const DECLARATIONS = new Set(["export", "local", "readonly", "declare"]);

export async function execSimple(sh: Interp, cmd: Simple, st: State, io: Streams): Promise<number> {
  sh.line = cmd.line;
  let substStatus: number | undefined;
  const ex = sh.expandEnv(st, io, (s) => {
    substStatus = s;
  });
  const argv = await sh.guard(st, io, () => expandArgs(cmd.words, ex));
  const assigns: [string, string][] = [];
  for (const a of cmd.assigns) {
    const v = await sh.guard(st, io, () => expandString(a.value, ex));
    assigns.push([a.name, a.append ? (sh.getVar(st, a.name) ?? "") + v : v]);
  }
  if (st.flags.xtrace)
    io.err(`+ ${[...assigns.map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map(shellQuote)].join(" ")}\n`);
  const rio = await sh.guard(st, io, () => applyRedirects(cmd.redirs, io, sh.redirectEnv(st, io, ex)));
  if (argv.length === 0) {
    for (const [k, v] of assigns) sh.setVar(st, k, v);
    return rio ? (substStatus ?? 0) : 1;
  }
  if (!rio) return 1;
  return invoke(sh, argv, assigns, st, rio);
}

/** Declaration builtins (export, local) take `NAME=$x` unsplit, as bash does. */
export async function expandArgs(words: Word[], ex: ExpandEnv): Promise<string[]> {
  const argv = await expandWords(words.slice(0, 1), ex);
  if (!DECLARATIONS.has(argv[0] ?? "") || words.length < 2)
    return [...argv, ...(await expandWords(words.slice(1), ex))];
  for (const w of words.slice(1)) {
    const first = w.parts[0];
    const isAssign = first?.t === "lit" && !first.q && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.v);
    argv.push(...(isAssign ? [await expandString(w, ex)] : await expandWords([w], ex)));
  }
  return argv;
}

export async function invoke(
  sh: Interp,
  argv: string[],
  assigns: [string, string][],
  st: State,
  io: Streams,
): Promise<number> {
  const name = argv[0];
  const fn = name.includes("/") ? undefined : st.functions.get(name);
  if (fn) return withVars(st, assigns, () => callFunction(sh, name, fn, argv.slice(1), st, io));
  const builtin = name.includes("/") ? undefined : SHELL_BUILTINS.get(name);
  if (builtin) {
    return withVars(st, assigns, async () => {
      // Object.assign, not a spread: a spread would read the lazy stdin getter.
      const ctx: BuiltinContext = Object.assign(context(sh, argv, sh.environ(st, []), st, io), {
        sh,
        st,
        streams: io,
      });
      try {
        return (await builtin(ctx)) & 255;
      } catch (e) {
        // A builtin's output redirected to a full disk: bash's "echo: write error".
        if (!isNoSpace(e)) throw e;
        sh.warn(st, io, `${name}: write error: ${e.message}`);
        return 1;
      }
    });
  }
  return runExternal(sh, argv, sh.environ(st, assigns), st, io);
}

export async function runExternal(
  sh: Interp,
  argv: string[],
  env: Map<string, string>,
  st: State,
  io: Streams,
): Promise<number> {
  const found = sh.o.table.lookup(argv[0], sh.getVar(st, "PATH") ?? "", st.cwd, st.shell);
  if (!found) {
    if (sh.o.table.unmodelled(argv[0])) io.err(unmodelledText(argv[0]));
    else sh.warn(st, io, st.shell === "bash" ? `${argv[0]}: command not found` : `${argv[0]}: not found`);
    return 127;
  }
  if (found.kind === "error") {
    sh.warn(st, io, found.message);
    return found.status;
  }
  if (found.kind === "script") return runScriptFile(sh, found.path, argv, env, st, io);
  if (found.impl === nestedShell) return runNestedShell(sh, argv, env, st, io);
  try {
    return (await found.impl(context(sh, argv, env, st, io))) & 255;
  } catch (e) {
    if (e instanceof BudgetExceeded || e instanceof ExitSignal || e instanceof Blocked) throw e;
    // A program's output redirected to a full disk: coreutils' "cat: write error: ...".
    if (isNoSpace(e)) io.err(`${argv[0].slice(argv[0].lastIndexOf("/") + 1)}: write error: ${e.message}\n`);
    else io.err(`kubesim: internal error in ${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** A write to a redirected file that the container's disk has no room for. */
function isNoSpace(e: unknown): e is VfsError {
  return e instanceof VfsError && e.code === "ENOSPC";
}

export function context(
  sh: Interp,
  argv: string[],
  env: Map<string, string>,
  st: State,
  io: Streams,
): CommandContext {
  let stdin: string | undefined;
  const input = io.in;
  return {
    argv,
    env,
    cwd: st.cwd,
    fs: sh.o.fs,
    io: { stdout: io.out, stderr: io.err, columns: io.tty ? sh.columns : undefined },
    shellName: st.shell,
    userland: sh.o.userland,
    hostname: sh.o.hostname,
    user: "root",
    isTTY: io.tty,
    // Only a command reading the terminal itself can ask; one reading a pipe reads the pipe.
    ask: input === sh.terminal ? sh.ask : undefined,
    pid: sh.o.pid,
    get stdin() {
      stdin ??= input.readAll();
      return stdin;
    },
    sleep: (s) => sh.sleep(s),
    now: () => sh.now(),
    hooks: sh.o.hooks,
    resolve: (n) => which(sh, n, st),
    exec: (a, e) => runExternal(sh, a, e ?? env, st, io),
    path: (p) => resolvePath(st.cwd, p),
    binaries: (dir) => sh.o.table.namesIn(dir),
  };
}

/** PATH lookup of an external command (not builtins or functions). */
export function which(sh: Interp, name: string, st: State): string | undefined {
  const f = sh.o.table.lookup(name, sh.getVar(st, "PATH") ?? "", st.cwd, st.shell);
  return f && f.kind !== "error" ? (name.includes("/") ? name : f.path) : undefined;
}

export async function callFunction(
  sh: Interp,
  name: string,
  body: Command,
  args: string[],
  st: State,
  io: Streams,
): Promise<number> {
  if (sh.depth >= 100) {
    sh.warn(st, io, `${name}: maximum function nesting level exceeded (100)`);
    throw new AbortSignal(1);
  }
  const saved = st.positional;
  st.positional = args;
  st.frames.push(new Map());
  sh.depth++;
  try {
    return await sh.execCommand(body, st, io);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.depth--;
    for (const [k, v] of st.frames.pop() ?? []) {
      if (v) st.vars.set(k, v);
      else st.vars.delete(k);
    }
    st.positional = saved;
  }
}

/** `VAR=x cmd` for a builtin or function: set for its duration, then restored. */
export async function withVars(
  st: State,
  assigns: [string, string][],
  f: () => Promise<number>,
): Promise<number> {
  if (!assigns.length) return f();
  const saved = assigns.map(([k]) => [k, st.vars.get(k)] as const);
  for (const [k, v] of assigns) st.vars.set(k, { value: v, exported: true });
  try {
    return await f();
  } finally {
    for (const [k, v] of saved) {
      if (v) st.vars.set(k, v);
      else st.vars.delete(k);
    }
  }
}

/** Quotes an argument the way `set -x` shows it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}
