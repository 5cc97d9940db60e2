// Builtins that act on the shell itself (cd, export, exit, read, set, ...) and so need its
// state; plus echo/printf/test/true/false/pwd, which bash and ash also build in. Messages
// follow bash, or busybox ash where the shell is `sh`.

import { evaluate } from "../arith.js";
import type { Builtin, BuiltinContext } from "../interpreter.js";
import { isName } from "../parser.js";
import { sourceFile } from "../scripts.js";
import { ExitSignal, LoopSignal, ReturnSignal } from "../state.js";
import { resolvePath, VfsError } from "../vfs.js";
import { complain, echo, falseCmd, printf, pwd, trueCmd } from "./basic.js";
import { bracketArgs, runTest } from "./test.js";

const KEYWORDS = {
  bash: new Set(
    "! case coproc do done elif else esac fi for function if in select then until while { } time [[ ]]".split(
      " ",
    ),
  ),
  sh: new Set("! case do done elif else esac fi for if in then until while { }".split(" ")),
};
const SPECIAL = new Set(
  ". : break continue eval exec exit export readonly return set shift trap unset".split(" "),
);

const warn = (ctx: BuiltinContext, msg: string) => ctx.sh.warn(ctx.st, ctx.streams, msg);
const bash = (ctx: BuiltinContext) => ctx.st.shell === "bash";

const cd: Builtin = (ctx) => {
  const { sh, st } = ctx;
  const args = ctx.argv.slice(1).filter((a) => a !== "-L" && a !== "-P" && a !== "--");
  if (args.length > 1 && bash(ctx)) {
    warn(ctx, "cd: too many arguments");
    return 1;
  }
  let target: string | undefined = args[0];
  const named = target === "-" ? "OLDPWD" : target === undefined ? "HOME" : undefined;
  if (named) {
    target = sh.getVar(st, named);
    if (target === undefined) {
      warn(ctx, `cd: ${named} not set`);
      return 1;
    }
  }
  // target is set here: an operand, or HOME/OLDPWD (returned above when unset).
  if (target === undefined || target === "") return 0;
  const abs = resolvePath(st.cwd, target);
  try {
    ctx.fs.list(abs);
  } catch (e) {
    if (!(e instanceof VfsError)) throw e;
    warn(ctx, bash(ctx) ? `cd: ${target}: ${e.message}` : `cd: can't cd to ${target}: ${e.message}`);
    return bash(ctx) ? 1 : 2;
  }
  sh.setVar(st, "OLDPWD", st.cwd, true);
  st.cwd = abs;
  sh.setVar(st, "PWD", abs);
  if (named === "OLDPWD") ctx.io.stdout(`${abs}\n`);
  return 0;
};

/** export / readonly / local: NAME[=value] arguments. */
function declare(mode: "export" | "readonly" | "local"): Builtin {
  return (ctx) => {
    const { sh, st } = ctx;
    const args = ctx.argv.slice(1).filter((a) => !/^[-+][a-zA-Z]+$/.test(a));
    if (mode === "local" && st.frames.length === 0) {
      warn(ctx, "local: can only be used in a function");
      return 1;
    }
    if (args.length === 0) {
      const vars = [...st.vars]
        .filter(([, v]) => mode !== "export" || v.exported)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [k, v] of vars) {
        ctx.io.stdout(
          bash(ctx)
            ? `declare -${mode === "export" ? "x" : "r"} ${k}="${v.value.replace(/["\\$`]/g, "\\$&")}"\n`
            : `${mode} ${k}='${v.value.replace(/'/g, "'\"'\"'")}'\n`,
        );
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      // Every string matches (each part may be empty).
      const m = /^([^=+]*)(\+?=)?(.*)$/s.exec(a);
      if (!m) continue;
      if (!isName(m[1])) {
        warn(
          ctx,
          bash(ctx) ? `${mode}: \`${a}': not a valid identifier` : `${mode}: ${a}: bad variable name`,
        );
        status = bash(ctx) ? 1 : 2;
        continue;
      }
      if (mode === "local") {
        const frame = st.frames[st.frames.length - 1];
        const had = st.vars.get(m[1]);
        if (!frame.has(m[1])) frame.set(m[1], had ? { ...had } : undefined);
        if (!m[2]) st.vars.delete(m[1]);
      }
      const value = m[2] === "+=" ? (sh.getVar(st, m[1]) ?? "") + m[3] : m[3];
      if (m[2]) sh.setVar(st, m[1], value, mode === "export");
      else if (mode === "export") {
        const v = st.vars.get(m[1]);
        if (v) v.exported = !ctx.argv.includes("-n");
      }
    }
    return status;
  };
}

/** bash's declare/typeset: -x exports; other attributes (-i, -r, -a) are not modelled. */
const declareCmd: Builtin = (ctx) =>
  declare(ctx.argv.some((a) => /^-[a-zA-Z]*x/.test(a)) ? "export" : "readonly")(ctx);

const unset: Builtin = (ctx) => {
  const fn = ctx.argv.includes("-f");
  for (const name of ctx.argv.slice(1).filter((a) => !a.startsWith("-"))) {
    if (fn) ctx.st.functions.delete(name);
    else if (!ctx.st.vars.delete(name)) ctx.st.functions.delete(name);
  }
  return 0;
};

const exit: Builtin = (ctx) => {
  const { st } = ctx;
  if (st.interactive && !st.sub && bash(ctx)) ctx.io.stderr("exit\n");
  const a = ctx.argv[1];
  let status = st.status;
  if (a !== undefined) {
    if (!/^\s*[-+]?[0-9]+\s*$/.test(a)) {
      warn(ctx, bash(ctx) ? `exit: ${a}: numeric argument required` : `exit: Illegal number: ${a}`);
      status = 2;
    } else if (ctx.argv.length > 2 && bash(ctx)) {
      warn(ctx, "exit: too many arguments");
      return 1;
    } else status = Number(a) & 255;
  }
  throw new ExitSignal(status);
};

type Kind = { kind: "keyword" | "function" | "builtin" | "special" } | { kind: "file"; path: string };

function describe(ctx: BuiltinContext, name: string): Kind | undefined {
  const { st } = ctx;
  if (KEYWORDS[st.shell].has(name)) return { kind: "keyword" };
  if (st.functions.has(name)) return { kind: "function" };
  if (SHELL_BUILTINS.has(name)) return { kind: !bash(ctx) && SPECIAL.has(name) ? "special" : "builtin" };
  const path = ctx.sh.which(name, st);
  return path ? { kind: "file", path } : undefined;
}

const KIND_TEXT = {
  keyword: "a shell keyword",
  function: "a function",
  builtin: "a shell builtin",
  special: "a special shell builtin",
};

const type: Builtin = (ctx) => {
  let status = 0;
  const terse = ctx.argv.includes("-t");
  for (const name of ctx.argv.slice(1).filter((a) => !/^-[tapPf]+$/.test(a))) {
    const d = describe(ctx, name);
    if (!d) {
      if (bash(ctx)) {
        if (!terse) warn(ctx, `type: ${name}: not found`);
        status = 1;
      } else {
        ctx.io.stdout(`${name}: not found\n`);
        status = 127;
      }
    } else if (terse) ctx.io.stdout(`${d.kind === "special" ? "builtin" : d.kind}\n`);
    else ctx.io.stdout(d.kind === "file" ? `${name} is ${d.path}\n` : `${name} is ${KIND_TEXT[d.kind]}\n`);
  }
  return status;
};

const command: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === "-p") args.shift();
  const mode = args[0] === "-v" || args[0] === "-V" ? args.shift() : "";
  // ctx is this call's own object; reassigning argv beats a spread, which would read stdin.
  if (mode === "-V") return type(Object.assign(ctx, { argv: ["type", ...args] }));
  if (mode === "-v") {
    let status = 0;
    for (const name of args) {
      const d = describe(ctx, name);
      if (d) ctx.io.stdout(`${d.kind === "file" ? d.path : name}\n`);
      else status = 1;
    }
    return status;
  }
  if (args.length === 0) return 0;
  const builtin = SHELL_BUILTINS.get(args[0]);
  if (builtin) return builtin(Object.assign(ctx, { argv: args }));
  return ctx.sh.runExternal(args, ctx.env, ctx.st, ctx.streams);
};

const history: Builtin = (ctx) => {
  const h = ctx.sh.history;
  if (ctx.argv[1] === "-c") {
    h.length = 0;
    return 0;
  }
  const n = ctx.argv[1] !== undefined ? Number(ctx.argv[1]) : h.length;
  if (!Number.isInteger(n) || n < 0) {
    warn(ctx, `history: ${ctx.argv[1]}: numeric argument required`);
    return 1;
  }
  const from = Math.max(0, h.length - n);
  for (let i = from; i < h.length; i++) {
    ctx.io.stdout(
      bash(ctx) ? `${String(i + 1).padStart(5)}  ${h[i]}\n` : `${String(i).padStart(4)} ${h[i]}\n`,
    );
  }
  return 0;
};

const read: Builtin = (ctx) => {
  const { sh, st, streams } = ctx;
  const args = ctx.argv.slice(1);
  let raw = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-r") raw = true;
    else if (args[i] === "-p" || args[i] === "-t" || args[i] === "-u") i++;
    else if (!args[i].startsWith("-")) names.push(args[i]);
  }
  let line = streams.in.readLine();
  if (line === null) {
    for (const n of names.length ? names : ["REPLY"]) sh.setVar(st, n, "");
    return 1;
  }
  while (!raw && line.endsWith("\\")) line = line.slice(0, -1) + (streams.in.readLine() ?? "");
  if (!raw) line = line.replace(/\\(.)/g, "$1");
  if (names.length === 0) {
    sh.setVar(st, "REPLY", line);
    return 0;
  }
  // Scanned by hand rather than with regexes built from IFS: `[ ]+$` backtracks
  // quadratically on a long line of blanks.
  const ifs = sh.getVar(st, "IFS") ?? " \t\n";
  const sep = (c: string | undefined) => c !== undefined && ifs.includes(c);
  let start = 0;
  while (sep(line[start])) start++;
  let rest = line.slice(start);
  names.forEach((n, i) => {
    if (i === names.length - 1) {
      let end = rest.length;
      while (end > 0 && sep(rest[end - 1])) end--;
      sh.setVar(st, n, rest.slice(0, end));
      return;
    }
    let j = 0;
    while (j < rest.length && !sep(rest[j])) j++;
    const word = rest.slice(0, j);
    while (sep(rest[j])) j++;
    sh.setVar(st, n, word);
    rest = rest.slice(j);
  });
  return 0;
};

const set: Builtin = (ctx) => {
  const { st } = ctx;
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    for (const [k, v] of [...st.vars].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const q =
        /^[A-Za-z0-9_@%+=:,./-]*$/.test(v.value) && bash(ctx)
          ? v.value
          : `'${v.value.replace(/'/g, "'\\''")}'`;
      ctx.io.stdout(`${k}=${q}\n`);
    }
    return 0;
  }
  const FLAGS: Record<string, keyof typeof st.flags> = {
    e: "errexit",
    x: "xtrace",
    errexit: "errexit",
    xtrace: "xtrace",
    pipefail: "pipefail",
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      st.positional = args.slice(i + 1);
      return 0;
    }
    if (a === "-o" || a === "+o") {
      const flag = FLAGS[args[++i] ?? ""];
      if (flag) st.flags[flag] = a === "-o";
      continue;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        const flag = FLAGS[c];
        if (flag) st.flags[flag] = a[0] === "-";
      }
      continue;
    }
    st.positional = args.slice(i);
    return 0;
  }
  return 0;
};

const shift: Builtin = (ctx) => {
  const n = ctx.argv[1] === undefined ? 1 : Number(ctx.argv[1]);
  if (!Number.isInteger(n) || n < 0 || n > ctx.st.positional.length) {
    if (!bash(ctx)) warn(ctx, "shift: can't shift that many");
    return bash(ctx) ? 1 : 2;
  }
  ctx.st.positional = ctx.st.positional.slice(n);
  return 0;
};

function loopControl(kind: "break" | "continue"): Builtin {
  return (ctx) => {
    const n = ctx.argv[1] === undefined ? 1 : Number(ctx.argv[1]);
    if (!Number.isInteger(n) || n < 1) {
      warn(ctx, `${kind}: ${ctx.argv[1]}: loop count out of range`);
      return 1;
    }
    if (ctx.st.loops === 0) {
      if (bash(ctx)) warn(ctx, `${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new LoopSignal(kind, Math.min(n, ctx.st.loops));
  };
}

const ret: Builtin = (ctx) => {
  if (ctx.st.frames.length === 0 && bash(ctx)) {
    warn(ctx, "return: can only `return' from a function or sourced script");
    return 1;
  }
  throw new ReturnSignal(ctx.argv[1] === undefined ? ctx.st.status : Number(ctx.argv[1]) & 255);
};

const evalCmd: Builtin = async (ctx) => {
  const list = ctx.sh.parse(ctx.st, ctx.argv.slice(1).join(" "), ctx.streams);
  return list ? ctx.sh.execList(list, ctx.st, ctx.streams) : 2;
};

const exec: Builtin = async (ctx) => {
  if (ctx.argv.length < 2) return 0;
  throw new ExitSignal(await ctx.sh.runExternal(ctx.argv.slice(1), ctx.env, ctx.st, ctx.streams));
};

const test: Builtin = (ctx) => {
  const args = bracketArgs(ctx.argv);
  if (!args) {
    warn(ctx, `${ctx.argv[0]}: missing \`${ctx.argv[0] === "[[" ? "]]" : "]"}'`);
    return 2;
  }
  const r = runTest(args, ctx.fs, ctx.cwd);
  if (r.error) warn(ctx, `${ctx.argv[0]}: ${r.error}`);
  return r.status;
};

const letCmd: Builtin = (ctx) => {
  let v = 0;
  for (const expr of ctx.argv.slice(1)) {
    try {
      v = evaluate(expr, {
        get: (n) => ctx.sh.getVar(ctx.st, n),
        set: (n, x) => ctx.sh.setVar(ctx.st, n, x),
      });
    } catch (e) {
      complain(ctx, e instanceof Error ? e.message : String(e));
      return 1;
    }
  }
  return v === 0 ? 1 : 0;
};

const umask: Builtin = (ctx) => {
  if (ctx.argv.length === 1) ctx.io.stdout("0022\n");
  return 0;
};

const noop: Builtin = () => 0;

export const SHELL_BUILTINS = new Map<string, Builtin>([
  [":", noop],
  [".", sourceFile],
  ["source", sourceFile],
  ["cd", cd],
  ["pwd", pwd],
  ["echo", echo],
  ["printf", printf],
  ["true", trueCmd],
  ["false", falseCmd],
  ["test", test],
  ["[", test],
  ["[[", test],
  ["export", declare("export")],
  ["readonly", declare("readonly")],
  ["local", declare("local")],
  ["declare", declareCmd],
  ["typeset", declareCmd],
  ["unset", unset],
  ["exit", exit],
  ["type", type],
  ["command", command],
  ["history", history],
  ["read", read],
  ["set", set],
  ["shift", shift],
  ["break", loopControl("break")],
  ["continue", loopControl("continue")],
  ["return", ret],
  ["eval", evalCmd],
  ["exec", exec],
  ["let", letCmd],
  ["umask", umask],
  ["wait", noop],
  ["trap", noop],
  ["hash", noop],
]);
