// Go's fmt as text/template uses it (Sprint, Sprintln, Sprintf) over JSON-decoded values.
// Values: string, boolean, null (a nil interface), arrays ([]interface {}), plain objects
// (map[string]interface {}), JS numbers (int64 when integral, as kubectl decodes JSON, else
// float64) and GoNum for the other Go types a template produces (int literals, len, bytes).

import { compareKeys } from "./sort.js";
import { quote } from "./strconv.js";
import { runeAt } from "./utf8.js";

/** A number whose Go type is not the default for its JS value. */
export class GoNum {
  constructor(
    readonly kind: "int" | "uint8" | "float64",
    readonly n: number,
  ) {}
}

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoNum);

export type NumKind = "int" | "int64" | "uint8" | "float64";
export function numKind(v: unknown): NumKind | undefined {
  if (v instanceof GoNum) return v.kind;
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? "int64" : "float64";
  return undefined;
}
export const numValue = (v: unknown): number => (v instanceof GoNum ? v.n : (v as number));

/** Go's reflect.Type.String() of a value (`%T`, error texts). */
export function goTypeName(v: unknown): string {
  if (v == null) return "<nil>";
  const k = numKind(v);
  if (k) return k;
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

// The exact decimal digits of a finite double and the position of its decimal point.
function exactDecimal(a: number): { digits: string; point: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const bits = buf.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp) mant |= 1n << 52n;
  const e = (exp || 1) - 1075;
  if (e >= 0) return { digits: (mant << BigInt(e)).toString(), point: (mant << BigInt(e)).toString().length };
  const digits = (mant * 5n ** BigInt(-e)).toString().padStart(-e + 1, "0");
  return { digits, point: digits.length + e };
}

// Rounds |a| to `n` significant digits (n >= 1) or, with `fixed`, to `n` decimals, half to
// even on the exact value as Go's strconv does (JS's toFixed rounds exact ties up).
function roundDigits(a: number, n: number, fixed: boolean): { digits: string; point: number } {
  const d = exactDecimal(a);
  let digits = d.digits.replace(/^0+/, "");
  let point = d.point - (d.digits.length - digits.length);
  if (!digits) return { digits: "0".repeat(Math.max(n, 1)), point: 1 };
  const keep = fixed ? point + n : n;
  if (keep < 0) return { digits: "0", point: point };
  if (digits.length > keep) {
    const rest = digits.slice(keep);
    let kept = digits.slice(0, keep);
    const half =
      rest[0] > "5" ||
      (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || Number(kept.at(-1) ?? "0") % 2 === 1));
    if (half) {
      const up = (BigInt(kept || "0") + 1n).toString();
      // A carry (99 -> 100) moves the point; keep the same number of digits after it.
      if (up.length > kept.length) {
        point++;
        kept = fixed ? up : up.slice(0, keep);
      } else kept = up;
    }
    digits = kept;
  }
  return { digits: digits.padEnd(fixed ? point + n : n, "0"), point };
}

/** %.Nf: `prec` decimals, rounded half to even. */
export function toFixedGo(n: number, prec: number): string {
  const sign = n < 0 || Object.is(n, -0) ? "-" : "";
  const { digits, point } = roundDigits(Math.abs(n), prec, true);
  const ip = point > 0 ? digits.slice(0, point) || "0" : "0";
  const fp = point > 0 ? digits.slice(point) : "0".repeat(-point) + digits;
  return (
    sign + (ip.replace(/^0+(?=\d)/, "") || "0") + (prec > 0 ? `.${fp.slice(0, prec).padEnd(prec, "0")}` : "")
  );
}

/** toExponential(p) with Go's rounding: mantissa digits and decimal exponent. */
function expDigits(a: number, p: number): [string, number] {
  if (a === 0) return ["0".repeat(p + 1), 0];
  const { digits, point } = roundDigits(a, p + 1, false);
  return [digits.slice(0, p + 1), point - 1];
}

/** strconv.FormatFloat(f, 'g', -1, 64) as %v prints it: `1.5`, `1e+21`, `1.2345675e+06`. */
export function formatG(n: number, prec = -1, upper = false): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  const sign = n < 0 || Object.is(n, -0) ? "-" : "";
  const a = Math.abs(n);
  const p = prec === 0 ? 1 : prec;
  let digits: string;
  let exp: number;
  if (prec < 0) {
    const [m, e] = a.toExponential().split("e");
    [digits, exp] = [m.replace(".", ""), Number(e)];
  } else [digits, exp] = expDigits(a, p - 1);
  digits = digits.replace(/0+$/, "") || "0";
  let eprec = prec < 0 ? 6 : p;
  if (prec >= 0 && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + mant + expSuffix(exp, upper);
  }
  return sign + toFixedGo(a, Math.max(digits.length - exp - 1, 0));
}

const expSuffix = (exp: number, upper: boolean) =>
  `${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;

function formatE(n: number, prec: number, upper: boolean): string {
  if (!Number.isFinite(n)) return formatG(n);
  const [digits, exp] = expDigits(Math.abs(n), prec);
  const sign = n < 0 || Object.is(n, -0) ? "-" : "";
  return sign + digits[0] + (prec > 0 ? `.${digits.slice(1)}` : "") + expSuffix(exp, upper);
}

/**
 * %q of a string (or, with quote `'`, of a rune): strconv.Quote, with U+FFFD escaped because
 * in a template's input it stands for bytes Go would have escaped (see QuoteOptions).
 */
export function goQuote(s: string, q = '"'): string {
  return quote(s, { quote: q, escapeReplacement: true });
}

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  width?: number;
  prec?: number;
}
const noFlags = (): Flags => ({
  minus: false,
  plus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
});

function pad(s: string, f: Flags, zeroOk = false): string {
  const n = f.width === undefined ? 0 : f.width - [...s].length;
  if (n <= 0) return s;
  if (f.minus) return s + " ".repeat(n);
  if (f.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0] : "";
    return sign + "0".repeat(n) + s.slice(sign.length);
  }
  return " ".repeat(n) + s;
}

function badVerb(verb: string, v: unknown): string {
  if (v == null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${fmtValue(v, "v", noFlags(), 0)})`;
}

function fmtInt(n: number, verb: string, f: Flags, v: unknown): string {
  const neg = n < 0;
  const a = BigInt(Math.abs(n));
  let digits: string;
  let prefix = "";
  switch (verb) {
    case "v":
    case "d":
      digits = a.toString();
      break;
    case "b":
      digits = a.toString(2);
      if (f.sharp) prefix = "0b";
      break;
    case "o":
    case "O":
      digits = a.toString(8);
      if (verb === "O") prefix = "0o";
      else if (f.sharp && digits !== "0") prefix = "0";
      break;
    case "x":
    case "X":
      digits = a.toString(16);
      if (verb === "X") digits = digits.toUpperCase();
      if (f.sharp) prefix = verb === "x" ? "0x" : "0X";
      break;
    case "c":
      return pad(String.fromCodePoint(n), f);
    case "q":
      return pad(goQuote(String.fromCodePoint(n), "'"), f);
    case "U": {
      const u = `U+${a.toString(16).toUpperCase().padStart(4, "0")}`;
      return pad(f.sharp ? `${u} '${String.fromCodePoint(n)}'` : u, f);
    }
    default:
      return badVerb(verb, v);
  }
  if (f.prec !== undefined) digits = f.prec === 0 && n === 0 ? "" : digits.padStart(f.prec, "0");
  const sign = neg ? "-" : f.plus ? "+" : f.space ? " " : "";
  return pad(sign + prefix + digits, f, f.prec === undefined);
}

function fmtFloat(n: number, verb: string, f: Flags, v: unknown): string {
  let s: string;
  switch (verb) {
    case "v":
    case "g":
    case "G":
      s = formatG(n, f.prec ?? -1, verb === "G");
      break;
    case "e":
    case "E":
      s = formatE(n, f.prec ?? 6, verb === "E");
      break;
    case "f":
    case "F":
      s = Number.isFinite(n) ? toFixedGo(n, f.prec ?? 6) : formatG(n);
      break;
    default:
      return badVerb(verb, v);
  }
  if (f.plus && !s.startsWith("-") && !s.startsWith("+")) s = `+${s}`;
  else if (f.space && !s.startsWith("-")) s = ` ${s}`;
  else if (s === "+Inf" && !f.plus) s = "+Inf";
  return pad(s, f, Number.isFinite(n));
}

function fmtString(s: string, verb: string, f: Flags, v: unknown): string {
  if (f.prec !== undefined && verb !== "x" && verb !== "X") s = [...s].slice(0, f.prec).join("");
  switch (verb) {
    case "v":
      return pad(f.sharpV ? goQuote(s) : s, f);
    case "s":
      return pad(s, f);
    case "q":
      return pad(f.sharp && !s.includes("`") ? `\`${s}\`` : goQuote(s), f);
    case "x":
    case "X": {
      let hex = Buffer.from(s, "utf8").toString("hex");
      if (f.prec !== undefined) hex = hex.slice(0, f.prec * 2);
      if (verb === "X") hex = hex.toUpperCase();
      return pad(hex, f);
    }
    default:
      return badVerb(verb, v);
  }
}

/** Formats one value with a verb, recursing into slices and maps as Go's fmt does. */
export function fmtValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (v == null) {
    if (f.sharpV) return "interface {}(nil)";
    return depth > 0 || verb === "v" || verb === "T" ? pad("<nil>", f) : badVerb(verb, v);
  }
  const k = numKind(v);
  if (k) {
    const n = numValue(v);
    if (k === "float64") return fmtFloat(n, verb, f, v);
    return fmtInt(n, verb, f, v);
  }
  if (typeof v === "string") return fmtString(v, verb, f, v);
  if (typeof v === "boolean") return verb === "v" || verb === "t" ? pad(String(v), f) : badVerb(verb, v);
  if (Array.isArray(v)) {
    const parts = v.map((x) => fmtValue(x, verb, f, depth + 1));
    return f.sharpV ? `[]interface {}{${parts.join(", ")}}` : `[${parts.join(" ")}]`;
  }
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m).sort(compareKeys);
  if (f.sharpV) {
    return `map[string]interface {}{${keys.map((key) => `${fmtValue(key, verb, f, depth + 1)}:${fmtValue(m[key], verb, f, depth + 1)}`).join(", ")}}`;
  }
  return `map[${keys.map((key) => `${fmtValue(key, verb, f, depth + 1)}:${fmtValue(m[key], verb, f, depth + 1)}`).join(" ")}]`;
}

/** %v of one value, or %+v with `plus`. */
export function formatV(v: unknown, plus = false): string {
  return fmtValue(v, "v", { ...noFlags(), plusV: plus }, 0);
}

/** fmt.Sprint: operands in %v, a space between two operands when neither is a string. */
export function sprint(args: unknown[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += fmtValue(a, "v", noFlags(), 0);
  });
  return out;
}

/** fmt.Sprintln: operands in %v separated by spaces, then a newline. */
export function sprintln(args: unknown[]): string {
  return `${args.map((a) => fmtValue(a, "v", noFlags(), 0)).join(" ")}\n`;
}

/** fmt.Sprintf, including Go's in-band errors (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA ...)`). */
export function sprintf(format: string, args: unknown[]): string {
  let out = "";
  let argNum = 0;
  let i = 0;
  const end = format.length;
  const intArg = (): number | undefined => {
    const a = args[argNum++];
    const k = numKind(a);
    return k && k !== "float64" ? numValue(a) : undefined;
  };
  while (i < end) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    for (; i < end; i++) {
      const c = format[i];
      if (c === "#") f.sharp = true;
      else if (c === "0") f.zero = !f.minus;
      else if (c === "+") f.plus = true;
      else if (c === "-") {
        f.minus = true;
        f.zero = false;
      } else if (c === " ") f.space = true;
      else break;
    }
    if (format[i] === "*") {
      i++;
      const w = intArg();
      if (w === undefined) out += "%!(BADWIDTH)";
      else if (w < 0) {
        f.minus = true;
        f.zero = false;
        f.width = -w;
      } else f.width = w;
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === ".") {
      i++;
      if (format[i] === "*") {
        i++;
        const p = intArg();
        if (p === undefined || p < 0) out += "%!(BADPREC)";
        else f.prec = p;
      } else {
        const m = /^\d*/.exec(format.slice(i))?.[0] ?? "";
        f.prec = Number(m || "0");
        i += m.length;
      }
    }
    if (i >= end) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(runeAt(format, i));
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argNum++];
    if (verb === "T") out += pad(goTypeName(a), f);
    else if (verb === "v") {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
      out += fmtValue(a, "v", f, 0);
    } else out += fmtValue(a, verb, f, 0);
  }
  if (argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) => (a == null ? "<nil>" : `${goTypeName(a)}=${fmtValue(a, "v", noFlags(), 0)}`));
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}
