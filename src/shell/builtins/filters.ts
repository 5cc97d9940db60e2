// Small filters labs pipe through: sort, uniq, seq, tr, cut, basename, dirname.

import type { CommandImpl } from "../types.js";
import { basename, dirname, resolvePath, VfsError } from "../vfs.js";
import { err, getopt, isBusybox, lines, readOperand } from "./util.js";

function input(ctx: Parameters<CommandImpl>[0], operands: string[]): string | number {
  let text = "";
  for (const f of operands.length ? operands : ["-"]) {
    const t = readOperand(ctx, f);
    if (t instanceof VfsError) {
      err(ctx, `${f}: ${t.message}`);
      return 2;
    }
    text += t;
  }
  return text;
}

export const sort: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "rnuf",
    values: "kt",
    long: { reverse: "r", "numeric-sort": "n", unique: "u" },
  });
  if (typeof a === "number") return a;
  const text = input(ctx, a.operands);
  if (typeof text === "number") return text;
  const sep = a.values.get("t");
  const k = a.values.get("k");
  const field = k !== undefined ? Number.parseInt(k, 10) : 0;
  const key = (l: string) => {
    if (!field) return l;
    const parts = sep ? l.split(sep) : l.trim().split(/\s+/);
    return parts.slice(field - 1).join(sep ?? " ");
  };
  const fold = (s: string) => (a.flags.has("f") ? s.toUpperCase() : s);
  const cmp = (x: string, y: string) => {
    if (a.flags.has("n")) {
      const d = (Number.parseFloat(key(x)) || 0) - (Number.parseFloat(key(y)) || 0);
      if (d !== 0) return d;
    } else {
      const kx = fold(key(x));
      const ky = fold(key(y));
      if (kx !== ky) return kx < ky ? -1 : 1;
    }
    return x < y ? -1 : x > y ? 1 : 0;
  };
  let ls = lines(text).sort(cmp);
  if (a.flags.has("r")) ls.reverse();
  if (a.flags.has("u")) ls = ls.filter((l, i) => i === 0 || cmp(ls[i - 1], l) !== 0);
  ctx.io.stdout(ls.map((l) => `${l}\n`).join(""));
  return 0;
};

export const uniq: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "cdui", long: { count: "c", repeated: "d", unique: "u" } });
  if (typeof a === "number") return a;
  const text = input(ctx, a.operands.slice(0, 1));
  if (typeof text === "number") return text;
  const groups: [string, number][] = [];
  const same = (x: string, y: string) => (a.flags.has("i") ? x.toLowerCase() === y.toLowerCase() : x === y);
  for (const l of lines(text)) {
    const g = groups[groups.length - 1];
    if (g && same(g[0], l)) g[1]++;
    else groups.push([l, 1]);
  }
  for (const [l, n] of groups) {
    if ((a.flags.has("d") && n < 2) || (a.flags.has("u") && n > 1)) continue;
    ctx.io.stdout(a.flags.has("c") ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
  }
  return 0;
};

const SEQ_MAX = 100000;

export const seq: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  let sep = "\n";
  let width = false;
  for (let o = args[0]; o && /^-[sw]/.test(o) && !/^-[0-9]/.test(o); o = args[0]) {
    args.shift();
    if (o === "-w") width = true;
    else sep = o.length > 2 ? o.slice(2) : (args.shift() ?? "\n");
  }
  if (args.length < 1 || args.length > 3) {
    err(ctx, args.length ? `extra operand '${args[3]}'` : "missing operand");
    return 1;
  }
  const nums = args.map(Number);
  const bad = args.find((s, i) => s.trim() === "" || Number.isNaN(nums[i]));
  if (bad !== undefined) {
    err(ctx, `invalid floating point argument: '${bad}'`);
    return 1;
  }
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  const decimals = Math.max(...args.map((s) => (s.includes(".") ? s.split(".")[1].length : 0)));
  const out: string[] = [];
  if (step === 0) {
    err(ctx, `invalid Zero increment value: '${args[1]}'`);
    return 1;
  }
  for (let v = first; step > 0 ? v <= last + 1e-9 : v >= last - 1e-9; v += step) {
    // A real seq would stream forever; the simulation keeps its output to a size a terminal can take.
    if (out.length >= SEQ_MAX) {
      ctx.io.stderr(`kubesim: seq stopped after ${SEQ_MAX} numbers\n`);
      break;
    }
    out.push(v.toFixed(decimals));
  }
  const w = width ? Math.max(...out.map((s) => s.length)) : 0;
  if (out.length) ctx.io.stdout(out.map((s) => s.padStart(w, "0")).join(sep) + "\n");
  return 0;
};

/** tr's SET syntax: ranges a-z, classes [:upper:], escapes \n \t \\. */
function expandSet(s: string): string[] {
  const out: string[] = [];
  const cls: Record<string, string> = {
    upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    lower: "abcdefghijklmnopqrstuvwxyz",
    digit: "0123456789",
    space: " \t\n\r\f\v",
    blank: " \t",
  };
  cls.alpha = cls.upper + cls.lower;
  cls.alnum = cls.alpha + cls.digit;
  const chars: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = /^\[:(\w+):\]/.exec(s.slice(i));
    if (m && cls[m[1]]) {
      chars.push(...cls[m[1]]);
      i += m[0].length - 1;
    } else if (s[i] === "\\" && i + 1 < s.length) {
      const n = s[++i];
      chars.push(({ n: "\n", t: "\t", r: "\r", "\\": "\\" } as Record<string, string>)[n] ?? n);
    } else chars.push(s[i]);
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === "-" && i + 2 < chars.length) {
      for (let c = chars[i].charCodeAt(0); c <= chars[i + 2].charCodeAt(0); c++)
        out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

export const tr: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "dsc", long: { delete: "d", "squeeze-repeats": "s" } });
  if (typeof a === "number") return a;
  if (a.operands.length < 1 || (a.operands.length < 2 && !a.flags.has("d") && !a.flags.has("s"))) {
    err(ctx, a.operands.length ? `missing operand after '${a.operands[0]}'` : "missing operand");
    return 1;
  }
  const from = expandSet(a.operands[0]);
  const to = a.operands[1] !== undefined ? expandSet(a.operands[1]) : [];
  let out = "";
  for (const c of ctx.stdin) {
    const i = from.indexOf(c);
    if (a.flags.has("d")) {
      if (i < 0) out += c;
    } else out += i >= 0 && to.length ? to[Math.min(i, to.length - 1)] : c;
  }
  if (a.flags.has("s")) {
    const squeeze = new Set(a.flags.has("d") ? to : to.length ? to : from);
    out = out.replace(/(.)\1+/gs, (m, c: string) => (squeeze.has(c) ? c : m));
  }
  ctx.io.stdout(out);
  return 0;
};

export const cut: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "s",
    values: "dfc",
    long: { delimiter: "d", fields: "f", characters: "c" },
  });
  if (typeof a === "number") return a;
  const list = a.values.get("f") ?? a.values.get("c");
  if (!list) {
    err(ctx, "you must specify a list of bytes, characters, or fields");
    return 1;
  }
  const ranges = list.split(",").map((r) => {
    const [x, y] = r.includes("-") ? r.split("-") : [r, r];
    return [x ? Number(x) : 1, y ? Number(y) : Number.POSITIVE_INFINITY] as const;
  });
  const pick = (i: number) => ranges.some(([x, y]) => i >= x && i <= y);
  const text = input(ctx, a.operands);
  if (typeof text === "number") return text;
  const d = a.values.get("d") ?? "\t";
  for (const l of lines(text)) {
    if (a.values.has("c")) ctx.io.stdout(`${[...l].filter((_, i) => pick(i + 1)).join("")}\n`);
    else if (!l.includes(d)) {
      if (!a.flags.has("s")) ctx.io.stdout(`${l}\n`);
    } else
      ctx.io.stdout(
        `${l
          .split(d)
          .filter((_, i) => pick(i + 1))
          .join(d)}\n`,
      );
  }
  return 0;
};

export const basenameCmd: CommandImpl = (ctx) => {
  const [p, suffix] = ctx.argv.slice(1);
  if (p === undefined) {
    err(ctx, "missing operand");
    return 1;
  }
  let b = p.replace(/\/+$/, "");
  b = b === "" && p.startsWith("/") ? "/" : b.slice(b.lastIndexOf("/") + 1);
  if (suffix && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
  ctx.io.stdout(`${b}\n`);
  return 0;
};

export const dirnameCmd: CommandImpl = (ctx) => {
  const p = ctx.argv[1];
  if (p === undefined) {
    err(ctx, "missing operand");
    return 1;
  }
  const t = p.replace(/\/+$/, "");
  const i = t.lastIndexOf("/");
  ctx.io.stdout(`${i < 0 ? "." : i === 0 ? "/" : t.slice(0, i).replace(/\/+$/, "") || "/"}\n`);
  return 0;
};

/**
 * `readlink [-f|-e|-m] [-n] FILE...`: a link's target, or with -f (all but the last part
 * must exist), -e (all must) or -m (none need) the path with every link resolved. A file
 * that is not a link, or a path that cannot be resolved, prints nothing and makes the
 * status 1, as GNU's and busybox's readlink do without -v.
 */
export const readlinkCmd: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "femnqsvz",
    long: {
      canonicalize: "f",
      "canonicalize-existing": "e",
      "canonicalize-missing": "m",
      "no-newline": "n",
      quiet: "q",
      silent: "s",
      verbose: "v",
      zero: "z",
    },
  });
  if (typeof a === "number") return a;
  if (!a.operands.length) {
    err(ctx, "missing operand");
    if (!isBusybox(ctx)) ctx.io.stderr("Try 'readlink --help' for more information.\n");
    return 1;
  }
  // The last of -f, -e and -m given decides.
  const mode = [...ctx.argv.filter((w) => /^-[a-z]+$/.test(w)).join("")]
    .reverse()
    .find((c) => "fem".includes(c));
  const several = a.operands.length > 1;
  if (a.flags.has("n") && several && !isBusybox(ctx))
    err(ctx, "ignoring --no-newline with multiple arguments");
  const end = a.flags.has("z") ? "\0" : a.flags.has("n") && !several ? "" : "\n";
  let status = 0;
  for (const op of a.operands) {
    // An empty name names nothing (ENOENT), not the working directory.
    if (op === "") {
      status = 1;
      continue;
    }
    const abs = ctx.path(op);
    let out: string | undefined;
    if (!mode) {
      const st = ctx.fs.lstat(abs);
      out = st?.type === "link" ? st.target : undefined;
    } else if (mode === "e") out = ctx.fs.realpath(abs);
    else {
      // -f: the parent must resolve; -m: as much as exists resolves, the rest is appended.
      out = ctx.fs.realpath(abs);
      let head = abs;
      const rest: string[] = [];
      while (out === undefined && head !== "/" && (mode === "m" || rest.length === 0)) {
        rest.unshift(basename(head));
        head = dirname(head);
        out = ctx.fs.realpath(head);
        if (out !== undefined && !ctx.fs.isDir(out)) out = undefined;
      }
      if (out !== undefined && rest.length) out = resolvePath(out, rest.join("/"));
    }
    if (out === undefined) status = 1;
    else ctx.io.stdout(`${out}${end}`);
  }
  return status;
};
