// echo, printf, true, false, pwd: shell builtins in bash and ash that also exist as
// programs (/usr/bin/echo), so they are plain CommandImpls used in both tables.

import { checkLength, DEFAULT_LIMITS } from "../budget.js";
import type { BuiltinContext } from "../interpreter.js";
import type { CommandContext, CommandImpl } from "../types.js";
import { cmdName } from "./util.js";

/** A builtin's message carries the shell's prefix ("bash: printf: ..."), a program's its own name. */
export function complain(ctx: CommandContext, msg: string): void {
  if ("sh" in ctx) {
    const b = ctx as BuiltinContext;
    b.sh.warn(b.st, b.streams, `${cmdName(ctx)}: ${msg}`);
  } else ctx.io.stderr(`${cmdName(ctx)}: ${msg}\n`);
}

const ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * Backslash escapes of `echo -e` and printf's format. `octalNeedsZero`: echo writes \0NNN,
 * printf \NNN. Returns the text and whether \c asked to stop all output.
 */
export function decodeEscapes(s: string, octalNeedsZero: boolean): { text: string; stop: boolean } {
  let text = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[++i];
    if (n in ESCAPES) text += ESCAPES[n];
    else if (n === "c") return { text, stop: true };
    else if (n === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (m) {
        text += String.fromCharCode(Number.parseInt(m[0], 16));
        i += m[0].length;
      } else text += "\\x";
    } else if (n >= "0" && n <= "7" && (n === "0" || !octalNeedsZero)) {
      const digits = /^[0-7]{1,3}/.exec(s.slice(n === "0" && octalNeedsZero ? i + 1 : i))?.[0] ?? "";
      text += String.fromCharCode(Number.parseInt(digits || "0", 8) & 0xff);
      i += digits.length - (n === "0" && octalNeedsZero ? 0 : 1);
    } else if (n === '"' || n === "'") text += n;
    else text += `\\${n}`;
  }
  return { text, stop: false };
}

export const echo: CommandImpl = (ctx) => {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  for (let flags = args[0]; flags !== undefined && /^-[neE]+$/.test(flags); flags = args[0]) {
    args.shift();
    for (const f of flags.slice(1)) {
      if (f === "n") newline = false;
      else escapes = f === "e";
    }
  }
  const joined = args.join(" ");
  if (!escapes) {
    ctx.io.stdout(newline ? `${joined}\n` : joined);
    return 0;
  }
  const { text, stop } = decodeEscapes(joined, true);
  ctx.io.stdout(stop || !newline ? text : `${text}\n`);
  return 0;
};

export const trueCmd: CommandImpl = () => 0;
export const falseCmd: CommandImpl = () => 1;

/** `pwd`, and `pwd -P`: the directory with its links resolved (a shell keeps the path it was given). */
export const pwd: CommandImpl = (ctx) => {
  // The last of -L and -P wins, as in bash and dash.
  const flags = ctx.argv
    .slice(1)
    .filter((a) => /^-[LP]+$/.test(a))
    .join("");
  const physical = flags.endsWith("P");
  ctx.io.stdout(`${physical ? (ctx.fs.realpath(ctx.cwd) ?? ctx.cwd) : ctx.cwd}\n`);
  return 0;
};

const CONVERSION = /%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([diouxXfFeEgGscbq%])/g;

export const printf: CommandImpl = (ctx) => {
  const [format, ...args] = ctx.argv.slice(1);
  if (format === undefined) {
    complain(ctx, "usage: printf [-v var] format [arguments]");
    return 2;
  }
  let status = 0;
  let out = "";
  let k = 0;
  const next = () => (k < args.length ? args[k++] : undefined);
  const num = (s: string | undefined): number => {
    if (s === undefined || s === "") return 0;
    if (/^['"]/.test(s)) return s.codePointAt(1) ?? 0;
    const v = /^\s*[-+]?(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?)\s*$/.test(s)
      ? Number(s)
      : Number.NaN;
    if (Number.isNaN(v)) {
      complain(ctx, ctx.userland === "busybox" ? `invalid number '${s}'` : `${s}: invalid number`);
      status = 1;
      return 0;
    }
    return v;
  };
  do {
    const before = k;
    let stop = false;
    const pieces = format.split(CONVERSION);
    // split with 4 capture groups: literal, flags, width, precision, conversion, literal, ...
    for (let i = 0; i < pieces.length && !stop; i += 5) {
      const lit = decodeEscapes(pieces[i], false);
      out += lit.text;
      if (lit.stop || i + 4 >= pieces.length) {
        stop = lit.stop;
        continue;
      }
      const [flags = "", widthS, precS, conv] = pieces.slice(i + 1, i + 5);
      if (conv === "%") {
        out += "%";
        continue;
      }
      const width = widthS === "*" ? num(next()) : widthS ? Number(widthS) : 0;
      const prec = precS === "*" ? num(next()) : precS !== undefined ? Number(precS || "0") : undefined;
      // `printf '%999999999s'` asks for a gigabyte of padding (as `%.999999999d` does of
      // zeros): refuse it before building it. A string's precision only cuts.
      const padding = "scbq".includes(conv) ? width : Math.max(width, prec ?? 0);
      checkLength(out.length + padding, DEFAULT_LIMITS);
      const arg = next();
      let s: string;
      if (conv === "s" || conv === "q") s = prec !== undefined ? (arg ?? "").slice(0, prec) : (arg ?? "");
      else if (conv === "b") {
        const u = decodeEscapes(arg ?? "", true);
        s = u.text;
        stop = u.stop;
      } else if (conv === "c") s = (arg ?? "").slice(0, 1);
      else s = formatNumber(num(arg), conv, flags, prec);
      const pad = Math.max(0, width - s.length);
      if (flags.includes("-")) s += " ".repeat(pad);
      else if (flags.includes("0") && !"scbq".includes(conv) && prec === undefined) {
        const sign = /^[-+ ]/.test(s) ? s[0] : "";
        s = sign + "0".repeat(pad) + s.slice(sign.length);
      } else s = " ".repeat(pad) + s;
      out += s;
      checkLength(out.length, DEFAULT_LIMITS);
    }
    if (stop || k === before) break;
  } while (k < args.length);
  ctx.io.stdout(out);
  return status;
};

function formatNumber(v: number, conv: string, flags: string, prec: number | undefined): string {
  const sign = (x: number) => (x < 0 ? "" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "");
  const n = Math.trunc(v);
  switch (conv) {
    case "d":
    case "i":
    case "u": {
      const digits = String(Math.abs(n)).padStart(prec ?? 0, "0");
      return (n < 0 ? "-" : sign(n)) + digits;
    }
    case "o":
      return (flags.includes("#") ? "0" : "") + (n >>> 0).toString(8);
    case "x":
    case "X": {
      const h = (n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n)).toString(16);
      const s = (flags.includes("#") && n !== 0 ? "0x" : "") + h;
      return conv === "X" ? s.toUpperCase() : s;
    }
    case "e":
    case "E": {
      const s = v.toExponential(prec ?? 6).replace(/e([-+])(\d)$/, "e$10$2");
      return sign(v) + (conv === "E" ? s.toUpperCase() : s);
    }
    case "g":
    case "G": {
      const s = String(Number(v.toPrecision(prec || 6)));
      return sign(v) + (conv === "G" ? s.toUpperCase() : s);
    }
    default:
      return sign(v) + v.toFixed(prec ?? 6);
  }
}
