// metav1.LabelSelectorAsSelector: matching and the String() form kubectl prints.
import { goSort } from "../../golang/sort.js";
import type { Any } from "./helpers.js";

interface Requirement {
  key: string;
  op: "=" | "in" | "notin" | "exists" | "!";
  values: string[];
}

/** null means labels.Nothing() (a nil selector); [] means labels.Everything(). */
function requirements(sel: Any): Requirement[] | null {
  if (sel === null || sel === undefined) return null;
  const reqs: Requirement[] = [];
  const matchLabels: Record<string, string> = sel.matchLabels ?? {};
  for (const key of Object.keys(matchLabels).sort()) reqs.push({ key, op: "=", values: [matchLabels[key]] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" } as const)[
      e.operator as "In" | "NotIn" | "Exists" | "DoesNotExist"
    ];
    if (op) reqs.push({ key: e.key, op, values: [...(e.values ?? [])] });
  }
  return goSort(reqs, (a, b) => a.key < b.key);
}

function requirementString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(",");
  switch (r.op) {
    case "=":
      return `${r.key}=${values}`;
    case "in":
      return `${r.key} in (${values})`;
    case "notin":
      return `${r.key} notin (${values})`;
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
  }
}

/** Selector.String(): "" for Everything/Nothing. */
export function selectorString(sel: Any): string {
  return (requirements(sel) ?? []).map(requirementString).join(",");
}

/** metav1.FormatLabelSelector: like selectorString but <none> when empty. */
export function formatLabelSelector(sel: Any): string {
  return selectorString(sel) || "<none>";
}

export function selectorMatches(sel: Any, labels: Record<string, string> | undefined): boolean {
  const reqs = requirements(sel);
  if (reqs === null) return false;
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    if (r.op === "exists") return has;
    if (r.op === "!") return !has;
    if (r.op === "notin") return !has || !r.values.includes(l[r.key]);
    return has && r.values.includes(l[r.key]);
  });
}
