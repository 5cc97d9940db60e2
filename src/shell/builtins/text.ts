// cat, grep, head, tail, wc, tee: GNU coreutils/grep behaviour and messages, busybox's
// wording where the image is busybox-based.

import { BackReferenceError, compileRegex, RegexError, type ShellRegex } from "../regex.js";
import type { CommandContext, CommandImpl } from "../types.js";
import { VfsError } from "../vfs.js";
import { err, getopt, isBusybox, lines, readOperand } from "./util.js";

/** "cat: x: No such file or directory" (GNU) / "cat: can't open 'x': ..." (busybox). */
function openError(ctx: CommandContext, file: string, e: VfsError, gnuVerb?: string): void {
  if (isBusybox(ctx)) err(ctx, `can't open '${file}': ${e.message}`);
  else if (gnuVerb && e.code !== "EISDIR") err(ctx, `${gnuVerb} '${file}' for reading: ${e.message}`);
  else if (gnuVerb) err(ctx, `error reading '${file}': ${e.message}`);
  else err(ctx, `${file}: ${e.message}`);
}

export const cat: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "nuAEvTbs" });
  if (typeof a === "number") return a;
  let status = 0;
  let n = 0;
  for (const f of a.operands.length ? a.operands : ["-"]) {
    const text = readOperand(ctx, f);
    if (text instanceof VfsError) {
      if (isBusybox(ctx) && text.code === "EISDIR") err(ctx, "read error: Is a directory");
      else openError(ctx, f, text);
      status = 1;
      continue;
    }
    if (a.flags.has("n")) {
      const ls = text.split("\n");
      const last = ls.pop();
      ctx.io.stdout(ls.map((l) => `${String(++n).padStart(6)}\t${l}\n`).join(""));
      if (last) ctx.io.stdout(`${String(++n).padStart(6)}\t${last}`);
    } else ctx.io.stdout(text);
  }
  return status;
};

export const grep: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "ivcnEFqlLhHwosxrRG",
    values: "em",
    long: {
      "ignore-case": "i",
      "invert-match": "v",
      count: "c",
      "line-number": "n",
      quiet: "q",
      recursive: "r",
      color: "G",
    },
    usageStatus: 2,
  });
  if (typeof a === "number") return a;
  const f = a.flags;
  const operands = [...a.operands];
  // Every -e, else the first operand; a pattern of several lines is one pattern a line.
  const given = a.all.get("e") ?? (operands.length ? [operands.shift() as string] : []);
  if (!given.length) {
    ctx.io.stderr(
      isBusybox(ctx)
        ? "grep: no pattern\n"
        : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
    );
    return 2;
  }
  let re: ShellRegex;
  try {
    const res = given
      .flatMap((p) => p.split("\n"))
      .map((p) =>
        compileRegex(p, {
          extended: f.has("E"),
          fixed: f.has("F"),
          ignoreCase: f.has("i"),
          word: f.has("w"),
          line: f.has("x"),
        }),
      );
    // A line matches if any pattern does; -o prints each pattern's matches.
    re =
      res.length === 1
        ? res[0]
        : { test: (s) => res.some((r) => r.test(s)), matches: (s) => res.flatMap((r) => r.matches(s)) };
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
    err(ctx, e instanceof BackReferenceError ? e.message : "Invalid regular expression");
    return 2;
  }
  const recursive = f.has("r") || f.has("R");
  const files = operands.length ? operands : [recursive ? "." : "-"];
  const expanded = recursive ? files.flatMap((p) => walk(ctx, p)) : files;
  const label = (expanded.length > 1 || recursive) && !f.has("h") ? true : f.has("H");
  const max = a.values.has("m") ? Number(a.values.get("m")) : Number.POSITIVE_INFINITY;
  let matched = false;
  let error = false;
  for (const file of expanded) {
    const name = file === "-" ? "(standard input)" : file;
    const text = readOperand(ctx, file);
    if (text instanceof VfsError) {
      if (!f.has("s")) err(ctx, `${file}: ${text.message}`);
      error = true;
      continue;
    }
    let count = 0;
    const ls = lines(text);
    for (let i = 0; i < ls.length && count < max; i++) {
      if (re.test(ls[i]) === f.has("v")) continue;
      count++;
      matched = true;
      if (f.has("q")) return 0;
      if (f.has("c") || f.has("l") || f.has("L")) continue;
      const prefix = (label ? `${name}:` : "") + (f.has("n") ? `${i + 1}:` : "");
      if (f.has("o") && !f.has("v")) {
        for (const m of re.matches(ls[i])) ctx.io.stdout(`${prefix}${m}\n`);
      } else ctx.io.stdout(`${prefix}${ls[i]}\n`);
    }
    if (f.has("c")) ctx.io.stdout(`${label ? `${name}:` : ""}${count}\n`);
    if (f.has("l") && count) ctx.io.stdout(`${name}\n`);
    if (f.has("L") && !count) ctx.io.stdout(`${name}\n`);
  }
  return error && !(f.has("q") && matched) ? 2 : matched ? 0 : 1;
};

/** Files under `p` for grep -r (p itself when it is a file). */
function walk(ctx: CommandContext, p: string): string[] {
  const abs = ctx.path(p);
  if (!ctx.fs.isDir(abs)) return [p];
  return ctx.fs
    .list(abs)
    .flatMap((n) => walk(ctx, p === "." && !ctx.argv.includes(".") ? n : `${p.replace(/\/$/, "")}/${n}`));
}

/** head and tail: -n N, -c N, -N; tail also -n +N; multiple files get ==> headers. */
function headTail(which: "head" | "tail"): CommandImpl {
  return async (ctx) => {
    const a = getopt(ctx, {
      flags: "qvfF",
      values: "nc",
      long: { lines: "n", bytes: "c", quiet: "q", silent: "q", verbose: "v", follow: "f" },
      digitsAs: "n",
    });
    if (typeof a === "number") return a;
    const files = a.operands.length ? a.operands : ["-"];
    const spec = a.values.get("c") ?? a.values.get("n") ?? "10";
    const bytes = a.values.has("c");
    const m = /^([-+]?)([0-9]+)$/.exec(spec);
    if (!m) {
      err(
        ctx,
        isBusybox(ctx)
          ? `invalid number '${spec}'`
          : `invalid number of ${bytes ? "bytes" : "lines"}: '${spec}'`,
      );
      return 1;
    }
    const n = Number(m[2]);
    let status = 0;
    const headers = (files.length > 1 && !a.flags.has("q")) || a.flags.has("v");
    files.forEach((file, i) => {
      const text = readOperand(ctx, file);
      if (text instanceof VfsError) {
        openError(ctx, file, text, isBusybox(ctx) ? undefined : "cannot open");
        status = 1;
        return;
      }
      if (headers) ctx.io.stdout(`${i > 0 ? "\n" : ""}==> ${file === "-" ? "standard input" : file} <==\n`);
      ctx.io.stdout(slice(text, which, n, m[1], bytes));
    });
    if (which === "tail" && a.flags.has("f")) await ctx.sleep(Number.POSITIVE_INFINITY);
    return status;
  };
}

function slice(text: string, which: "head" | "tail", n: number, sign: string, bytes: boolean): string {
  if (bytes) {
    if (which === "head")
      return sign === "-" ? text.slice(0, Math.max(0, text.length - n)) : text.slice(0, n);
    return sign === "+" ? text.slice(Math.max(0, n - 1)) : n === 0 ? "" : text.slice(-n);
  }
  const ls = text.split(/(?<=\n)/);
  if (which === "head")
    return (sign === "-" ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n)).join("");
  return (sign === "+" ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n)).join("");
}

export const head = headTail("head");
export const tail = headTail("tail");

export const wc: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "lwcmL", long: { lines: "l", words: "w", bytes: "c", chars: "m" } });
  if (typeof a === "number") return a;
  let want = ["l", "w", "m", "c"].filter((k) => a.flags.has(k));
  if (want.length === 0) want = ["l", "w", "c"];
  const files = a.operands.length ? a.operands : ["-"];
  const rows: { counts: number[]; name?: string }[] = [];
  const total = want.map(() => 0);
  let status = 0;
  let onlyRegular = true;
  for (const f of files) {
    const text = readOperand(ctx, f);
    if (text instanceof VfsError) {
      if (isBusybox(ctx)) err(ctx, `can't open '${f}': ${text.message}`);
      else err(ctx, `${f}: ${text.message}`);
      status = 1;
      continue;
    }
    if (f === "-") onlyRegular = false;
    const all: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      m: codePoints(text),
      c: Buffer.byteLength(text),
    };
    const counts = want.map((k) => all[k]);
    counts.forEach((c, i) => {
      total[i] += c;
    });
    rows.push({ counts, name: f === "-" && !a.operands.length ? undefined : f });
  }
  if (rows.length > 1) rows.push({ counts: total, name: "total" });
  // GNU pads to the width of the total byte count (7 when reading a pipe), except for a
  // single count of a single input; busybox uses a fixed width.
  const single = want.length === 1 && (isBusybox(ctx) ? a.operands.length === 0 : files.length === 1);
  const widest = Math.max(...rows.map((r) => Math.max(...r.counts)), 0);
  const width = single ? 1 : isBusybox(ctx) ? 9 : Math.max(String(widest).length, onlyRegular ? 1 : 7);
  for (const r of rows) {
    const cols = r.counts.map((c) => String(c).padStart(width)).join(" ");
    ctx.io.stdout(`${cols}${r.name !== undefined ? ` ${r.name}` : ""}\n`);
  }
  return status;
};

export const tee: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "ai", long: { append: "a" } });
  if (typeof a === "number") return a;
  const text = ctx.stdin;
  let status = 0;
  for (const f of a.operands) {
    if (ctx.path(f) === "/dev/null") continue;
    try {
      if (a.flags.has("a")) ctx.fs.append(ctx.path(f), text);
      else ctx.fs.write(ctx.path(f), text);
    } catch (e) {
      if (!(e instanceof VfsError)) throw e;
      err(ctx, isBusybox(ctx) ? `can't open '${f}': ${e.message}` : `${f}: ${e.message}`);
      status = 1;
    }
  }
  ctx.io.stdout(text);
  return status;
};

/** Characters (code points) in `s`, without spreading a possibly huge string into an array. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
