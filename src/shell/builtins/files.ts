// ls, mkdir, rmdir, touch, rm, cp, mv, chmod over the VFS, with GNU coreutils' messages and
// exit codes (busybox's on busybox images).

import type { CommandContext, CommandImpl } from "../types.js";
import { basename, dirname, errText, resolvePath, VfsError, type VfsStat } from "../vfs.js";
import { err, getopt, isBusybox } from "./util.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `drwxrwxrwt`: the permission bits, with setuid, setgid and sticky in the execute places. */
function modeString(st: VfsStat): string {
  let s = st.type === "dir" ? "d" : st.type === "link" ? "l" : "-";
  const special = ["sS", "sS", "tT"]; // setuid (04000), setgid (02000), sticky (01000)
  for (let i = 0; i < 3; i++) {
    const b = (st.mode >> (6 - 3 * i)) & 7;
    const set = (st.mode >> (11 - i)) & 1;
    const x = set ? special[i][b & 1 ? 0 : 1] : b & 1 ? "x" : "-";
    s += (b & 4 ? "r" : "-") + (b & 2 ? "w" : "-") + x;
  }
  return s;
}

/** ls -l's time: "Nov  7 11:44", or "Nov  7  2023" when older than six months or in the future. */
function lsDate(t: Date, now: Date): string {
  const recent = now.getTime() - t.getTime() < 182.5 * 86400e3 && t.getTime() <= now.getTime() + 60e3;
  const hhmm = `${String(t.getUTCHours()).padStart(2, "0")}:${String(t.getUTCMinutes()).padStart(2, "0")}`;
  return `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2)} ${recent ? hhmm : ` ${t.getUTCFullYear()}`}`;
}

function human(n: number): string {
  if (n < 1024) return String(n);
  let v = n;
  let unit = 0;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    unit++;
  }
  const shown = v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v));
  return shown + "KMGT"[unit - 1];
}

/** GNU's vertical column layout for a terminal of `width` columns. */
export function columnize(names: string[], width: number): string {
  if (names.length === 0) return "";
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    if (Math.ceil(names.length / rows) !== cols) continue;
    const widths = Array.from({ length: cols }, (_, c) =>
      Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)),
    );
    // GNU ls wants the line strictly shorter than the terminal.
    if (widths.reduce((a, b) => a + b + 2, 0) - 2 >= width && cols > 1) continue;
    let out = "";
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < cols; c++) {
        const name = names[c * rows + r];
        if (name !== undefined) cells.push(name);
      }
      out += `${cells.map((n, c) => (c < cells.length - 1 ? n.padEnd(widths[c] + 2) : n)).join("")}\n`;
    }
    return out;
  }
  return "";
}

interface Entry {
  name: string;
  st: VfsStat;
}

/**
 * The stat of an image command's binary, which is no file in the tree (shell/lookup.ts):
 * ls lists it executable and empty, as kubesim has no bytes for it. Undefined for any other path.
 */
function binaryStat(ctx: CommandContext, abs: string): VfsStat | undefined {
  const dir = ctx.fs.realpath(dirname(abs));
  if (dir === undefined || !ctx.binaries?.(dir).includes(basename(abs))) return undefined;
  return { type: "file", size: 0, blocks: 0, mode: 0o755, mtime: new Date(0) };
}

export const ls: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "laA1dhrtSFCR",
    values: "",
    long: {
      all: "a",
      "almost-all": "A",
      directory: "d",
      "human-readable": "h",
      reverse: "r",
      classify: "F",
      color: "!",
    },
    usageStatus: 2,
  });
  if (typeof a === "number") return a;
  const f = a.flags;
  const bb = isBusybox(ctx);
  let status = 0;
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const p of a.operands.length ? a.operands : ["."]) {
    // ls -l shows a link named as an operand itself; plain ls follows it.
    const st =
      (f.has("l") && !p.endsWith("/") ? ctx.fs.lstat(ctx.path(p)) : undefined) ??
      ctx.fs.stat(ctx.path(p)) ??
      binaryStat(ctx, ctx.path(p));
    if (!st) {
      err(ctx, bb ? `${p}: No such file or directory` : `cannot access '${p}': No such file or directory`);
      status = bb ? 1 : 2;
    } else (st.type === "dir" && !f.has("d") ? dirs : files).push({ name: p, st });
  }
  const sortEntries = (es: Entry[]) => {
    es.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    if (f.has("t")) es.sort((x, y) => y.st.mtime.getTime() - x.st.mtime.getTime());
    if (f.has("S")) es.sort((x, y) => y.st.size - x.st.size);
    if (f.has("r")) es.reverse();
    return es;
  };
  const now = ctx.now();
  const show = (es: Entry[], isDir: boolean, path: string) => {
    const name = (e: Entry) =>
      e.name + (f.has("F") ? (e.st.type === "dir" ? "/" : e.st.mode & 0o111 ? "*" : "") : "");
    if (!f.has("l")) {
      const names = es.map(name);
      if (ctx.isTTY && ctx.io.columns && !f.has("1")) ctx.io.stdout(columnize(names, ctx.io.columns));
      else ctx.io.stdout(names.map((n) => `${n}\n`).join(""));
      return;
    }
    const links = (e: Entry) => {
      if (e.st.type !== "dir") return 1;
      const abs = isDir ? resolvePath(path, e.name) : ctx.path(e.name);
      return 2 + ctx.fs.list(abs).filter((c) => ctx.fs.lstat(`${abs}/${c}`)?.type === "dir").length;
    };
    const rows = es.map((e) => ({
      mode: modeString(e.st),
      links: String(links(e)),
      size: f.has("h") ? human(e.st.size) : String(e.st.size),
      date: lsDate(e.st.mtime, now),
      name: name(e) + (e.st.type === "link" ? ` -> ${e.st.target}` : ""),
    }));
    if (isDir) {
      const total = es.reduce((t, e) => t + e.st.blocks, 0);
      ctx.io.stdout(`total ${f.has("h") && total >= 1024 ? human(total * 1024) : total}\n`);
    }
    const lw = Math.max(...rows.map((r) => r.links.length));
    const sw = Math.max(...rows.map((r) => r.size.length));
    for (const r of rows) {
      ctx.io.stdout(
        bb
          ? `${r.mode} ${r.links.padStart(4)} root     root     ${r.size.padStart(9)} ${r.date} ${r.name}\n`
          : `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.date} ${r.name}\n`,
      );
    }
  };
  if (files.length) show(sortEntries(files), false, ctx.cwd);
  const headers = a.operands.length > 1 || files.length > 0 || status !== 0 || f.has("R");
  let first = files.length === 0;
  const listDir = (name: string) => {
    const abs = ctx.path(name);
    if (headers) ctx.io.stdout(`${first ? "" : "\n"}${name}:\n`);
    first = false;
    const real = ctx.fs.realpath(abs);
    let names = [
      ...new Set([...ctx.fs.list(abs), ...(real === undefined ? [] : (ctx.binaries?.(real) ?? []))]),
    ];
    if (!f.has("a") && !f.has("A")) names = names.filter((n) => !n.startsWith("."));
    const es = sortEntries(
      names.map((n) => ({
        name: n,
        st: ctx.fs.lstat(`${abs}/${n}`) ?? binaryStat(ctx, `${abs}/${n}`) ?? statOf(ctx, `${abs}/${n}`),
      })),
    );
    const dots = f.has("a")
      ? [".", ".."].map((n) => ({ name: n, st: statOf(ctx, resolvePath(abs, n)) }))
      : [];
    show(
      [...dots, ...es].sort(f.has("a") && !f.has("t") && !f.has("S") && !f.has("r") ? byName : () => 0),
      true,
      abs,
    );
    // -R: each subdirectory after its parent, depth first, as GNU ls walks.
    if (f.has("R"))
      for (const e of es) if (e.st.type === "dir") listDir(`${name.replace(/\/$/, "")}/${e.name}`);
  };
  for (const d of sortEntries(dirs)) listDir(d.name);
  return status;
};

const byName = (x: Entry, y: Entry) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

function missingOperand(ctx: CommandContext): number {
  err(ctx, "missing operand");
  if (!isBusybox(ctx)) ctx.io.stderr(`Try '${ctx.argv[0]} --help' for more information.\n`);
  return 1;
}

export const mkdir: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "pv", values: "m", long: { parents: "p", verbose: "v", mode: "m" } });
  if (typeof a === "number") return a;
  if (!a.operands.length) return missingOperand(ctx);
  let status = 0;
  for (const d of a.operands) {
    try {
      if (a.flags.has("p") && ctx.fs.isDir(ctx.path(d))) continue;
      ctx.fs.mkdir(ctx.path(d), { parents: a.flags.has("p") });
      if (a.flags.has("v")) ctx.io.stdout(`mkdir: created directory '${d}'\n`);
    } catch (e) {
      err(ctx, `${isBusybox(ctx) ? "can't" : "cannot"} create directory '${d}': ${errText(e)}`);
      status = 1;
    }
  }
  return status;
};

export const rmdir: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "pv" });
  if (typeof a === "number") return a;
  if (!a.operands.length) return missingOperand(ctx);
  let status = 0;
  for (const d of a.operands) {
    const abs = ctx.path(d);
    try {
      if (!ctx.fs.isDir(abs)) throw new VfsError(ctx.fs.exists(abs) ? "ENOTDIR" : "ENOENT", abs);
      ctx.fs.remove(abs);
    } catch (e) {
      err(ctx, isBusybox(ctx) ? `'${d}': ${errText(e)}` : `failed to remove '${d}': ${errText(e)}`);
      status = 1;
    }
  }
  return status;
};

export const touch: CommandImpl = (ctx) => {
  const a = getopt(ctx, { flags: "cam", long: { "no-create": "c" } });
  if (typeof a === "number") return a;
  if (!a.operands.length) return missingOperand(ctx);
  let status = 0;
  for (const p of a.operands) {
    const abs = ctx.path(p);
    try {
      if (ctx.fs.exists(abs)) ctx.fs.touch(abs);
      else if (!a.flags.has("c")) ctx.fs.write(abs, "");
    } catch (e) {
      err(ctx, isBusybox(ctx) ? `${p}: ${errText(e)}` : `cannot touch '${p}': ${errText(e)}`);
      status = 1;
    }
  }
  return status;
};

export const rm: CommandImpl = (ctx) => {
  const a = getopt(ctx, {
    flags: "rRfivd",
    long: { recursive: "r", force: "f", verbose: "v", "no-preserve-root": "P" },
  });
  if (typeof a === "number") return a;
  const force = a.flags.has("f");
  const recursive = a.flags.has("r") || a.flags.has("R");
  if (!a.operands.length) return force ? 0 : missingOperand(ctx);
  const cant = isBusybox(ctx) ? "can't" : "cannot";
  let status = 0;
  for (const p of a.operands) {
    const abs = ctx.path(p);
    if (recursive && abs === "/" && !a.flags.has("P")) {
      err(ctx, "it is dangerous to operate recursively on '/'");
      err(ctx, "use --no-preserve-root to override this failsafe");
      status = 1;
      continue;
    }
    if (/(^|\/)\.\.?\/*$/.test(p)) {
      err(ctx, `refusing to remove '.' or '..' directory: skipping '${p}'`);
      status = 1;
      continue;
    }
    // rm removes a link itself, not what it points to.
    const st = ctx.fs.lstat(abs);
    if (!st) {
      if (!force) {
        err(ctx, `${cant} remove '${p}': No such file or directory`);
        status = 1;
      }
      continue;
    }
    if (st.type === "dir" && !recursive && !(a.flags.has("d") && ctx.fs.list(abs).length === 0)) {
      err(ctx, isBusybox(ctx) ? `'${p}' is a directory` : `cannot remove '${p}': Is a directory`);
      status = 1;
      continue;
    }
    try {
      ctx.fs.remove(abs, { recursive: true });
    } catch (e) {
      err(ctx, `${cant} remove '${p}': ${errText(e)}`);
      status = 1;
      continue;
    }
    if (a.flags.has("v")) ctx.io.stdout(`removed ${st.type === "dir" ? "directory " : ""}'${p}'\n`);
  }
  return status;
};

/** cp and mv: SRC DEST, or SRC... DIR. */
function copyMove(move: boolean): CommandImpl {
  return (ctx) => {
    const a = getopt(ctx, {
      flags: "rRafpvinT",
      long: { recursive: "r", archive: "a", force: "f", verbose: "v" },
    });
    if (typeof a === "number") return a;
    const bb = isBusybox(ctx);
    const cant = bb ? "can't" : "cannot";
    const ops = a.operands;
    if (ops.length < 2) {
      if (ops.length === 1) {
        err(ctx, `missing destination file operand after '${ops[0]}'`);
        if (!bb) ctx.io.stderr(`Try '${ctx.argv[0]} --help' for more information.\n`);
        return 1;
      }
      return missingOperand(ctx);
    }
    const dest = ops[ops.length - 1];
    const destAbs = ctx.path(dest);
    const destIsDir = ctx.fs.isDir(destAbs);
    if (ops.length > 2 && !destIsDir) {
      err(ctx, `target '${dest}' is not a directory`);
      return 1;
    }
    const recursive = move || a.flags.has("r") || a.flags.has("R") || a.flags.has("a");
    let status = 0;
    for (const src of ops.slice(0, -1)) {
      const srcAbs = ctx.path(src);
      const st = ctx.fs.stat(srcAbs);
      const target = destIsDir ? resolvePath(destAbs, basename(srcAbs)) : destAbs;
      const shown = destIsDir ? `${dest.replace(/\/$/, "")}/${basename(srcAbs)}` : dest;
      const fail = (msg: string) => {
        err(ctx, msg);
        status = 1;
      };
      if (!st) fail(`${cant} stat '${src}': No such file or directory`);
      else if (st.type === "dir" && !recursive)
        fail(bb ? `omitting directory '${src}'` : `-r not specified; omitting directory '${src}'`);
      else if (target === srcAbs) fail(`'${src}' and '${shown}' are the same file`);
      else if (target.startsWith(`${srcAbs}/`))
        fail(
          move
            ? `cannot move '${src}' to a subdirectory of itself, '${shown}'`
            : `cannot copy a directory, '${src}', into itself, '${shown}'`,
        );
      else {
        try {
          if (move) ctx.fs.rename(srcAbs, target);
          else copyTree(ctx, srcAbs, target);
          if (a.flags.has("v")) ctx.io.stdout(`${move ? "renamed " : ""}'${src}' -> '${shown}'\n`);
        } catch (e) {
          const why = errText(e);
          if (move) fail(bb ? `can't rename '${src}': ${why}` : `cannot move '${src}' to '${shown}': ${why}`);
          else fail(bb ? `can't create '${shown}': ${why}` : `cannot create regular file '${shown}': ${why}`);
        }
      }
    }
    return status;
  };
}

/** The stat of a path the caller found in the tree (a listed name, a directory and its parent). */
function statOf(ctx: CommandContext, path: string): VfsStat {
  const st = ctx.fs.stat(path);
  if (!st) throw new Error(`kubesim: ${path} is listed but has no stat`);
  return st;
}

function copyTree(ctx: CommandContext, src: string, dst: string): void {
  const st = statOf(ctx, src);
  if (st.type === "file") {
    ctx.fs.write(dst, ctx.fs.read(src), st.mode);
    return;
  }
  if (!ctx.fs.isDir(dst)) ctx.fs.mkdir(dst, { mode: st.mode });
  for (const n of ctx.fs.list(src)) copyTree(ctx, `${src}/${n}`, `${dst}/${n}`);
}

export const cp = copyMove(false);
export const mv = copyMove(true);

/** Applies an octal or symbolic (u+x, go-w, a=r) mode to `old`; undefined if invalid. */
export function applyMode(spec: string, old: number, isDir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(spec)) return Number.parseInt(spec, 8);
  let mode = old;
  for (const clause of spec.split(",")) {
    const m = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1] === "" || m[1].includes("a") ? "ugo" : m[1];
    let bits = 0;
    for (const p of m[3])
      bits |= p === "r" ? 4 : p === "w" ? 2 : p === "x" || (p === "X" && (isDir || old & 0o111)) ? 1 : 0;
    for (const w of who) {
      const shift = w === "u" ? 6 : w === "g" ? 3 : 0;
      if (m[2] === "+") mode |= bits << shift;
      else if (m[2] === "-") mode &= ~(bits << shift);
      else mode = (mode & ~(7 << shift)) | (bits << shift);
    }
  }
  return mode;
}

export const chmod: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1).filter((x) => x !== "-R" && x !== "-v");
  if (args.length < 2) return missingOperand(ctx);
  const [spec, ...paths] = args;
  let status = 0;
  for (const p of paths) {
    const st = ctx.fs.stat(ctx.path(p));
    if (!st) {
      err(
        ctx,
        isBusybox(ctx)
          ? `${p}: No such file or directory`
          : `cannot access '${p}': No such file or directory`,
      );
      status = 1;
      continue;
    }
    const mode = applyMode(spec, st.mode, st.type === "dir");
    if (mode === undefined) {
      err(ctx, `invalid mode: '${spec}'`);
      return 1;
    }
    ctx.fs.chmod(ctx.path(p), mode);
  }
  return status;
};
