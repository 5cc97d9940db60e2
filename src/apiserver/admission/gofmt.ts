// Go's fmt/strconv renderings that appear inside apiserver messages: %q for strings and
// %#v for the composite values that field errors carry.

import { quote } from "../../golang/strconv.js";

/**
 * A value whose Go rendering cannot be derived from its JSON shape (a struct, a typed
 * nil, an IntOrString): `text` is exactly what `%#v` prints.
 */
export class GoRepr {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** %v of a Go number: integers bare, floats in Go's shortest form. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // Go prints exponents with at least two digits: 1e+21, 1e-07.
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** %#v of map[string]string (Go sorts map keys when printing). */
export function goStringMap(m: Record<string, string> | undefined | null): string {
  if (m === undefined || m === null) return "map[string]string(nil)";
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${quote(k)}:${quote(String(m[k]))}`).join(", ")}}`;
}

/** %#v of []string. */
export function goStringSlice(xs: readonly string[] | undefined | null): string {
  if (xs === undefined || xs === null) return "[]string(nil)";
  return `[]string{${xs.map((x) => quote(String(x))).join(", ")}}`;
}

/** %#v of a *string field inside a struct: nil, or an address Go would print. */
export function goStringPtr(v: unknown): string {
  return v === undefined || v === null ? "(*string)(nil)" : "(*string)(0xc000000000)";
}

/** %#v of intstr.IntOrString as decoded from JSON (Type 0 = Int, 1 = String). */
export function goIntOrString(v: unknown): string {
  if (typeof v === "string") return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${quote(v)}}`;
  const n = typeof v === "number" ? v : 0;
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`;
}

/** %#v of *metav1.LabelSelector after ErrorBody dereferences it. */
export function goLabelSelector(sel: unknown): string {
  const s = (sel ?? {}) as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  let exprs = "[]v1.LabelSelectorRequirement(nil)";
  if (Array.isArray(s.matchExpressions)) {
    const items = s.matchExpressions.map((e) => {
      const r = (e ?? {}) as { key?: string; operator?: string; values?: string[] };
      return `v1.LabelSelectorRequirement{Key:${quote(r.key ?? "")}, Operator:${quote(r.operator ?? "")}, Values:${goStringSlice(r.values)}}`;
    });
    exprs = `[]v1.LabelSelectorRequirement{${items.join(", ")}}`;
  }
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** Renders a field error's bad value the way field.Error.ErrorBody does in v1.32. */
export function goValue(v: unknown): string {
  if (v instanceof GoRepr) return v.text;
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return goStringSlice(v as string[]);
  if (typeof v === "object" && Object.values(v).every((x) => typeof x === "string")) {
    return goStringMap(v as Record<string, string>);
  }
  return JSON.stringify(v);
}
