// Shells started from the shell: `sh -c '...'`, `bash script.sh`, `./script.sh` with a
// #! line, `echo ls | sh`, and a bare `bash` at the prompt (a nested interactive shell that
// `exit` leaves). A child gets only the exported variables, as after execve(2).

import { copyMap } from "./environ.js";
import type { BuiltinContext, Interp } from "./interpreter.js";
import { AbortSignal, ExitSignal, newState, ReturnSignal, type State, type Streams } from "./state.js";
import type { CommandImpl, ShellName } from "./types.js";
import { basename, resolvePath, VfsError } from "./vfs.js";

/** Marks `sh`/`bash` in an image's command table: the interpreter runs them itself. */
export const nestedShell: CommandImpl = () => 0;

export async function runChild(
  sh: Interp,
  text: string,
  c: {
    shell: ShellName;
    argv0: string;
    args: string[];
    env: Map<string, string>;
    cwd: string;
    flags?: string;
  },
  io: Streams,
): Promise<number> {
  const st = newState({
    shell: c.shell,
    argv0: c.argv0,
    cwd: c.cwd,
    env: c.env,
    args: c.args,
    interactive: false,
  });
  st.flags.errexit = c.flags?.includes("e") ?? false;
  st.flags.xtrace = c.flags?.includes("x") ?? false;
  const list = sh.parse(st, text, io);
  if (!list) return 2;
  const line = sh.line;
  try {
    return await sh.execList(list, st, io);
  } catch (e) {
    if (e instanceof ExitSignal || e instanceof AbortSignal) return e.status;
    throw e;
  } finally {
    sh.line = line;
  }
}

/** An executable file found by path or PATH: a shell script, run by its #! interpreter. */
export async function runScriptFile(
  sh: Interp,
  path: string,
  argv: string[],
  env: Map<string, string>,
  st: State,
  io: Streams,
): Promise<number> {
  const text = sh.o.fs.read(path);
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  let shell: ShellName = st.shell;
  if (m) {
    const interp = basename(m[1]) === "env" && m[2] ? m[2] : basename(m[1]);
    const available = interp === st.shell || sh.o.table.location(interp) !== undefined;
    if ((interp !== "sh" && interp !== "bash") || !available) {
      sh.warn(
        st,
        io,
        st.shell === "bash"
          ? `${argv[0]}: ${m[1]}: bad interpreter: No such file or directory`
          : `${argv[0]}: not found`,
      );
      return st.shell === "bash" ? 126 : 127;
    }
    shell = interp;
  }
  return runChild(sh, text, { shell, argv0: argv[0], args: argv.slice(1), env, cwd: st.cwd }, io);
}

/** `sh` / `bash` as a command, with -c, a script file, a script on stdin, or nothing (interactive). */
export async function runNestedShell(
  sh: Interp,
  argv: string[],
  env: Map<string, string>,
  st: State,
  io: Streams,
): Promise<number> {
  const shell: ShellName = basename(argv[0]) === "bash" ? "bash" : "sh";
  // A shell that starts exports PWD (ash and bash both set it), even under a program's env.
  if (!env.has("PWD")) env = copyMap(env).set("PWD", st.cwd);
  let i = 1;
  let flags = "";
  for (; i < argv.length && /^[-+][a-zA-Z]+$/.test(argv[i]); i++) flags += argv[i].slice(1);
  if (argv[i] === "--") i++;
  const child = { shell, env, cwd: st.cwd, flags };
  if (flags.includes("c")) {
    if (i >= argv.length) {
      io.err(`${shell}: -c: option requires an argument\n`);
      return 2;
    }
    // $0 is the name the shell was run by (`/bin/sh -c` says /bin/sh), unless -c names it.
    return runChild(sh, argv[i], { ...child, argv0: argv[i + 1] ?? argv[0], args: argv.slice(i + 2) }, io);
  }
  if (i < argv.length) {
    const file = argv[i];
    let text: string;
    try {
      text = sh.o.fs.read(resolvePath(st.cwd, file));
    } catch (e) {
      if (!(e instanceof VfsError)) throw e;
      io.err(shell === "bash" ? `bash: ${file}: ${e.message}\n` : `sh: can't open '${file}': ${e.message}\n`);
      return shell === "bash" ? 127 : 2;
    }
    return runChild(sh, text, { ...child, argv0: file, args: argv.slice(i + 1) }, io);
  }
  const script = io.in.readAll();
  if (script || !st.interactive || io.in !== sh.terminal)
    return runChild(sh, script, { ...child, argv0: shell, args: [] }, io);
  // A shell typed at the prompt: later lines go to it until `exit`.
  sh.stack.push(newState({ shell, argv0: shell, cwd: st.cwd, env, interactive: true }));
  return 0;
}

/** `source FILE` / `. FILE`: runs in the current shell, so its variables and cd stay. */
export async function sourceFile(ctx: BuiltinContext): Promise<number> {
  const { sh, st, streams } = ctx;
  const file = ctx.argv[1];
  if (file === undefined) {
    sh.warn(st, streams, `${ctx.argv[0]}: filename argument required`);
    return 2;
  }
  let text: string;
  try {
    text = sh.o.fs.read(resolvePath(st.cwd, file));
  } catch (e) {
    if (!(e instanceof VfsError)) throw e;
    sh.warn(
      st,
      streams,
      st.shell === "bash" ? `${file}: ${e.message}` : `${ctx.argv[0]}: can't open '${file}': ${e.message}`,
    );
    return 1;
  }
  const list = sh.parse(st, text, streams);
  if (!list) return 2;
  const saved = st.positional;
  if (ctx.argv.length > 2) st.positional = ctx.argv.slice(2);
  try {
    return await sh.execList(list, st, streams);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    st.positional = saved;
  }
}
