// Redirections, applied left to right on a copy of the command's streams, so that
// `> f 2>&1` and `2>&1 > f` differ as they do in a real shell. Files are created or
// truncated before the command runs (`cat f > f` empties f). Output to a file is appended to
// the VFS as the command writes it.

import type { Redirect } from "./ast.js";
import { type ExpandEnv, expandString, expandWords } from "./expand.js";
import { Input, type Sink, type Streams } from "./state.js";
import type { ShellName } from "./types.js";
import { resolvePath, type Vfs, VfsError } from "./vfs.js";

export interface RedirectEnv {
  fs: Vfs;
  cwd: string;
  shell: ShellName;
  ex: ExpandEnv;
  /** Prints a shell diagnostic ("bash: x: No such file or directory"). */
  warn(msg: string): void;
}

const discard: Sink = () => {};

/** The streams after `redirs`, or undefined when one failed (reported; the command does not run, status 1). */
export async function applyRedirects(
  redirs: Redirect[],
  io: Streams,
  env: RedirectEnv,
): Promise<Streams | undefined> {
  if (redirs.length === 0) return io;
  const cur: Streams = { ...io };
  const setOut = (fd: number, sink: Sink) => {
    if (fd === 1) {
      cur.out = sink;
      cur.tty = io.tty && sink === io.out;
    } else if (fd === 2) cur.err = sink;
  };
  for (const r of redirs) {
    if (r.op === "<<" || r.op === "<<-") {
      cur.in = new Input(r.body ? await expandString(r.body, env.ex) : "");
      continue;
    }
    if (r.op === "<<<") {
      cur.in = new Input(`${await expandString(r.target, env.ex)}\n`);
      continue;
    }
    const words = await expandWords([r.target], env.ex);
    if (words.length !== 1) {
      env.warn(`${r.target.text}: ambiguous redirect`);
      return undefined;
    }
    const t = words[0];
    if (r.op === ">&" || r.op === "<&") {
      if (t === "-") {
        if (r.fd === 0) cur.in = new Input("");
        else setOut(r.fd, discard);
        continue;
      }
      if (/^[0-9]+$/.test(t)) {
        const src = Number(t);
        if (r.op === "<&" || r.fd === 0) continue; // input duplication: nothing to model
        const sink = src === 1 ? cur.out : src === 2 ? cur.err : undefined;
        if (!sink) {
          env.warn(`${t}: Bad file descriptor`);
          return undefined;
        }
        setOut(r.fd, sink);
        continue;
      }
      // bash: `>&file` is `&>file`.
    }
    if (r.op === "<" || r.op === "<>") {
      const text = readFile(t, env, r.op === "<>");
      if (text === undefined) return undefined;
      if (r.fd === 0) cur.in = new Input(text);
      continue;
    }
    const append = r.op === ">>" || r.op === "&>>";
    const both = r.op === "&>" || r.op === "&>>" || r.op === ">&";
    const sink = t === "/dev/stdout" ? cur.out : t === "/dev/stderr" ? cur.err : openWrite(t, append, env);
    if (!sink) return undefined;
    setOut(both ? 1 : r.fd, sink);
    if (both) setOut(2, sink);
  }
  return cur;
}

function openWrite(t: string, append: boolean, env: RedirectEnv): Sink | undefined {
  if (t === "/dev/null") return discard;
  const abs = resolvePath(env.cwd, t);
  try {
    if (env.fs.isDir(abs)) throw new VfsError("EISDIR", abs);
    if (!append || !env.fs.exists(abs)) env.fs.write(abs, "");
  } catch (e) {
    if (!(e instanceof VfsError)) throw e;
    const missing = e.code === "ENOENT" || e.code === "ENOTDIR";
    env.warn(
      env.shell === "bash"
        ? `${t}: ${e.message}`
        : `can't create ${t}: ${missing ? "nonexistent directory" : e.message}`,
    );
    return undefined;
  }
  // On a full disk the append throws ENOSPC, which fails the writing command with its own
  // "write error" (simple.ts), as write(2) fails it; the script goes on.
  return (s) => env.fs.append(abs, s);
}

function readFile(t: string, env: RedirectEnv, create: boolean): string | undefined {
  if (t === "/dev/null") return "";
  const abs = resolvePath(env.cwd, t);
  try {
    if (create && !env.fs.exists(abs)) env.fs.write(abs, "");
    return env.fs.isDir(abs) ? "" : env.fs.read(abs);
  } catch (e) {
    if (!(e instanceof VfsError)) throw e;
    const missing = e.code === "ENOENT" || e.code === "ENOTDIR";
    env.warn(
      env.shell === "bash"
        ? `${t}: ${e.message}`
        : `can't open ${t}: ${missing ? "no such file" : e.message}`,
    );
    return undefined;
  }
}
