// Plain-scalar resolution with the YAML 1.1 rules of go-yaml v2 (the library under
// sigs.k8s.io/yaml), which kubectl uses both to read manifests and, in reverse, to decide
// which strings `-o yaml` must quote. JS's YAML libraries follow 1.2 and disagree on
// `yes`, `on`, `010`, `0b1`, `1_000` and friends.

export type ResolvedTag = "str" | "bool" | "int" | "float" | "null" | "timestamp" | "merge";

export interface Resolved {
  tag: ResolvedTag;
  value: string | number | boolean | null;
}

const SPECIAL: Record<string, Resolved> = {};
const add = (tag: ResolvedTag, value: Resolved["value"], words: string[]) => {
  for (const w of words) SPECIAL[w] = { tag, value };
};
add("bool", true, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
add("bool", false, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
add("null", null, ["", "~", "null", "Null", "NULL"]);
add("float", Number.NaN, [".nan", ".NaN", ".NAN"]);
add("float", Number.POSITIVE_INFINITY, [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
add("float", Number.NEGATIVE_INFINITY, ["-.inf", "-.Inf", "-.INF"]);
add("merge", "<<", ["<<"]);

// go-yaml only tries the expensive parses when the first byte hints at a non-string.
function hint(s: string): string {
  if (s === "") return "N";
  const c = s[0];
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return "";
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0 (prefixes 0x, 0o, 0b and a bare leading 0 for octal). */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m || (!signed && m[1] !== "")) return undefined;
  let body = m[2];
  let v: bigint;
  if (/^0[oO]/.test(body)) body = `0o${body.slice(2)}`;
  if (/^0[0-7]+$/.test(body)) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === "-") v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The timestamp layouts go-yaml accepts, checked the way Go's time.Parse range-checks them. */
export function isYamlTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[+-]\d\d:\d\d)?)?$/.exec(
      s,
    );
  if (!m) return false;
  const [, y, mo, d, t, space, hh, mm, ss, zone] = m;
  if (t && zone === undefined) return false; // the T layouts require a zone
  if (space && zone !== undefined) return false; // the space layout has none
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (Number(d) < 1 || Number(d) > daysIn(month, Number(y))) return false;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)) return false;
  if (zone && zone !== "Z" && (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4)) > 60)) return false;
  return true;
}

/** What an untagged plain scalar means to go-yaml v2. */
export function resolvePlain(s: string, tag: "" | "timestamp" = ""): Resolved {
  const h = hint(s);
  if (!h) return { tag: "str", value: s };
  const special = SPECIAL[s];
  if (special) return special;
  if (h === ".") {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return { tag: "float", value: Number(s) };
  } else if (h === "D" || h === "S") {
    if ((tag === "" || tag === "timestamp") && isYamlTimestamp(s)) return { tag: "timestamp", value: s };
    const plain = s.replaceAll("_", "");
    const i = parseGoInt(plain, true) ?? parseGoInt(plain, false);
    if (i !== undefined) return { tag: "int", value: Number(i) };
    if (YAML_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { tag: "float", value: f };
    }
  }
  return { tag: "str", value: s };
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** go-yaml's encoder quotes YAML 1.1 sexagesimal numbers even though its decoder reads them as strings. */
export function isBase60Float(s: string): boolean {
  return BASE60.test(s);
}

/** Go's strconv.FormatFloat(f, 'g', -1, bits): shortest digits, exponent form outside [1e-4, 1e6). */
export function formatFloatG(f: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
  let x = f;
  if (bits === 32) {
    const target = Math.fround(f);
    for (let p = 1; p <= 9; p++) {
      x = Number(target.toPrecision(p));
      if (Math.fround(x) === target) break;
    }
  }
  const [mant, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mant}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(x);
}
