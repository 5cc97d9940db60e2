// apimachinery's resource.Quantity: parsed and re-serialized as the apiserver does ("0.5" is
// stored and shown as "500m", "1024Mi" as "1Gi", bad strings fail with its errors), and added,
// compared and scaled as kubectl describe does to sum requests and limits.

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** value = (neg ? -1 : 1) * mant * 10^exp10 */
export interface Quantity {
  neg: boolean;
  mant: bigint;
  exp10: number;
  format: QuantityFormat;
}

export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_NUMERIC = "unable to parse numeric part of quantity";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const DEC_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = "eEinumkKMGTP";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** Splits like apimachinery's parseQuantityString; returns an error text for a bad shape. */
function split(s: string): { neg: boolean; num: string; denom: string; suffix: string } | string {
  let pos = 0;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    pos++;
  }
  while (pos < s.length && s[pos] === "0") pos++;
  if (pos >= s.length) return { neg, num: "0", denom: "", suffix: "" };
  let start = pos;
  while (pos < s.length && isDigit(s[pos])) pos++;
  const num = s.slice(start, pos) || "0";
  let denom = "";
  if (s[pos] === ".") {
    pos++;
    start = pos;
    while (pos < s.length && isDigit(s[pos])) pos++;
    denom = s.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < s.length && SUFFIX_CHARS.includes(s[pos])) pos++;
  if (s[pos] === "-" || s[pos] === "+") pos++;
  while (pos < s.length && isDigit(s[pos])) pos++;
  if (pos < s.length) return ERR_FORMAT_WRONG;
  return { neg, num, denom, suffix: s.slice(suffixStart) };
}

function interpret(suffix: string): { base: 2 | 10; exp: number; format: QuantityFormat } | undefined {
  if (suffix in DEC_SUFFIX) return { base: 10, exp: DEC_SUFFIX[suffix], format: "DecimalSI" };
  if (suffix in BIN_SUFFIX) return { base: 2, exp: BIN_SUFFIX[suffix], format: "BinarySI" };
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[-+]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exp: Number.parseInt(suffix.slice(1), 10), format: "DecimalExponent" };
  }
  return undefined;
}

/**
 * Parses a quantity string; a string result is the apiserver's error text. Surrounding space
 * is trimmed as UnmarshalJSON trims it; `{ trim: false }` is ParseQuantity on its own.
 */
export function parseQuantity(input: string, opts: { trim?: boolean } = {}): Quantity | string {
  const s = opts.trim === false ? input : input.trim();
  if (s.length === 0) return ERR_FORMAT_WRONG;
  const parts = split(s);
  if (typeof parts === "string") return parts;
  const sfx = interpret(parts.suffix);
  if (!sfx) return ERR_SUFFIX;
  let mant = BigInt(parts.num + parts.denom);
  let exp10 = -parts.denom.length;
  if (sfx.base === 10) exp10 += sfx.exp;
  else mant *= 1n << BigInt(sfx.exp);
  const q: Quantity = { neg: parts.neg && mant !== 0n, mant, exp10, format: sfx.format };
  // Values below a nano are rounded away from zero, so a tiny request is never lost.
  return roundUp(q, -9);
}

/** Rounds away from zero to at most `scale` decimal places below the point (scale is an exponent). */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.exp10 >= scale) return q;
  const div = 10n ** BigInt(scale - q.exp10);
  let mant = q.mant / div;
  if (q.mant % div !== 0n) mant += 1n;
  return { ...q, mant, exp10: scale };
}

function stripTens(mant: bigint, exp: number): [bigint, number] {
  if (mant === 0n) return [0n, 0];
  let m = mant;
  let e = exp;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return [m, e];
}

/** Canonical text, as Quantity.String() / MarshalJSON prints it. */
export function formatQuantity(q: Quantity): string {
  if (q.mant === 0n) return "0";
  const sign = q.neg ? "-" : "";
  let format = q.format;
  if (format === "BinarySI") {
    const [m0, e0] = stripTens(q.mant, q.exp10);
    const small = compareQuantity(absQ(q), { neg: false, mant: 1024n, exp10: 0, format }) < 0;
    // Below 1024, or with a fraction, base-1024 would round: Go falls back to DecimalSI.
    if (small || e0 < 0) format = "DecimalSI";
    else {
      let n = m0 * 10n ** BigInt(e0);
      let e2 = 0;
      while (n % 1024n === 0n && e2 < 6) {
        n /= 1024n;
        e2++;
      }
      return `${sign}${n}${["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e2]}`;
    }
  }
  let [m, e] = stripTens(q.mant, q.exp10);
  const r = ((e % 3) + 3) % 3;
  m *= 10n ** BigInt(r);
  e -= r;
  if (format === "DecimalExponent") return `${sign}${m}${e === 0 ? "" : `e${e}`}`;
  const suffix = Object.keys(DEC_SUFFIX).find((k) => DEC_SUFFIX[k] === e);
  return `${sign}${m}${suffix ?? `e${e}`}`;
}

function absQ(q: Quantity): Quantity {
  return { ...q, neg: false };
}

/** -1, 0 or 1 as a compares to b by value. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const exp = Math.min(a.exp10, b.exp10);
  const av = (a.neg ? -1n : 1n) * a.mant * 10n ** BigInt(a.exp10 - exp);
  const bv = (b.neg ? -1n : 1n) * b.mant * 10n ** BigInt(b.exp10 - exp);
  return av < bv ? -1 : av > bv ? 1 : 0;
}

export function isNegative(q: Quantity): boolean {
  return q.neg && q.mant !== 0n;
}

export function isZero(q: Quantity): boolean {
  return q.mant === 0n;
}

export const ZERO: Quantity = { neg: false, mant: 0n, exp10: 0, format: "DecimalSI" };

/**
 * A quantity from a decoded JSON value as kubectl describe reads it: numbers as their text,
 * anything that does not parse as zero (describe shows what it can rather than failing).
 */
export function quantityOrZero(v: unknown): Quantity {
  if (typeof v !== "string" && typeof v !== "number") return ZERO;
  const q = parseQuantity(String(v));
  return typeof q === "string" ? ZERO : q;
}

/** Quantity.String() of a decoded JSON value, "0" when it does not parse. */
export function quantityString(v: unknown): string {
  return formatQuantity(quantityOrZero(v));
}

/** The signed value in units of 10^exp (exp at most the quantity's own exponent). */
function scaledTo(q: Quantity, exp: number): bigint {
  return (q.neg ? -1n : 1n) * q.mant * 10n ** BigInt(q.exp10 - exp);
}

/** Quantity.Add; a zero quantity takes the other's format. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const exp10 = Math.min(a.exp10, b.exp10);
  const sum = scaledTo(a, exp10) + scaledTo(b, exp10);
  const format = isZero(a) ? b.format : a.format;
  return { neg: sum < 0n, mant: sum < 0n ? -sum : sum, exp10, format };
}

/** The value in units of 10^scale, rounded up (towards +infinity). */
function ceilScaled(q: Quantity, scale: number): bigint {
  if (q.exp10 >= scale) return scaledTo(q, scale);
  const div = 10n ** BigInt(scale - q.exp10);
  const v = scaledTo(q, q.exp10);
  const t = v / div;
  return v % div !== 0n && v > 0n ? t + 1n : t;
}

/** Quantity.Value(): whole units, rounded up. */
export function quantityValue(q: Quantity): bigint {
  return ceilScaled(q, 0);
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilScaled(q, -3);
}

/** The raw JSON text the Go Quantity.UnmarshalJSON would see for a decoded JSON value. */
export function quantityInputText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Canonical form of a JSON quantity value, or the value unchanged if it does not parse. */
export function canonicalQuantity(v: unknown, milli = false): unknown {
  if (v === null || v === undefined) return v;
  const q = parseQuantity(quantityInputText(v));
  if (typeof q === "string") return v;
  return formatQuantity(milli ? roundUp(q, -3) : q);
}
