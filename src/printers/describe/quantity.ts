// Just enough of apimachinery's resource.Quantity to add requests/limits and print them the way
// Quantity.String() does (canonical form: "100m", "128Mi", "16318208Ki", "0").

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** Value in units of 10^-9, rounded up as Kubernetes does for sub-nano amounts. */
  nano: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const DEC_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_EXP: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DEC_SUFFIX = new Map<number, string>(Object.entries(DEC_EXP).map(([s, e]) => [e, s]));
const BIN_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

export const ZERO: Quantity = { nano: 0n, format: "DecimalSI" };

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? q + 1n : q;
}

export function parseQuantity(input: unknown): Quantity {
  if (typeof input === "number") return parseQuantity(String(input));
  if (typeof input !== "string") return ZERO;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(input.trim());
  if (!m || (m[2] === "" && !m[3])) return ZERO;
  const [, sign, whole, frac = "", suffix = ""] = m;
  let num = BigInt((whole || "0") + frac);
  let denom = 10n ** BigInt(frac.length);
  let format: QuantityFormat = "DecimalSI";
  if (suffix in BIN_EXP) {
    format = "BinarySI";
    num *= 1024n ** BigInt(BIN_EXP[suffix]);
  } else {
    let exp = 0;
    if (suffix in DEC_EXP) exp = DEC_EXP[suffix];
    else {
      format = "DecimalExponent";
      exp = Number(suffix.slice(1));
    }
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else denom *= 10n ** BigInt(-exp);
  }
  let nano = ceilDiv(num * NANO, denom);
  if (sign === "-") nano = -nano;
  return { nano, format };
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.nano === 0n ? b.format : a.format };
}

export function cmpQuantity(a: Quantity, b: Quantity): number {
  return a.nano === b.nano ? 0 : a.nano < b.nano ? -1 : 1;
}

/** Quantity.Value(): whole units, rounded up. */
export function quantityValue(q: Quantity): bigint {
  return ceilDiv(q.nano, NANO);
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilDiv(q.nano, 1_000_000n);
}

export function formatQuantity(q: Quantity): string {
  if (q.nano === 0n) return "0";
  const negative = q.nano < 0n;
  const abs = negative ? -q.nano : q.nano;
  const sign = negative ? "-" : "";
  let format = q.format;
  if (format === "BinarySI" && (abs < 1024n * NANO || abs % NANO !== 0n)) format = "DecimalSI";
  if (format === "BinarySI") {
    let v = abs / NANO;
    let k = 0;
    while (v >= 1024n && v % 1024n === 0n && k < BIN_SUFFIX.length - 1) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${BIN_SUFFIX[k]}`;
  }
  let mant = abs;
  let exp = -9;
  while (mant >= 10n && mant % 10n === 0n) {
    mant /= 10n;
    exp++;
  }
  const r = ((exp % 3) + 3) % 3;
  mant *= 10n ** BigInt(r);
  exp -= r;
  if (format === "DecimalExponent") return `${sign}${mant}${exp === 0 ? "" : `e${exp}`}`;
  const suffix = DEC_SUFFIX.get(exp);
  return suffix === undefined ? `${sign}${mant}e${exp}` : `${sign}${mant}${suffix}`;
}

export function canonicalQuantity(input: unknown): string {
  return formatQuantity(parseQuantity(input));
}
