// Label selectors: the string form kubectl's -l takes (equality and set-based, as
// apimachinery's labels.Parse reads it) and the LabelSelector objects in specs.
import type { LabelSelector } from "kubernetes-types/meta/v1";

export type Op = "=" | "!=" | "in" | "notin" | "exists" | "!";
export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}
export type Selector = Requirement[];

export class SelectorParseError extends Error {}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,release`. */
export function parseSelector(s: string): Selector {
  const reqs: Requirement[] = [];
  let i = 0;
  const src = s.trim();
  const skipWs = () => {
    while (i < src.length && src[i] === " ") i++;
  };
  const readKey = () => {
    skipWs();
    const start = i;
    while (i < src.length && !" =!,()".includes(src[i])) i++;
    return src.slice(start, i);
  };
  while (i < src.length) {
    skipWs();
    if (src[i] === "!") {
      i++;
      const key = readKey();
      if (!key) throw new SelectorParseError(`found '${src[i] ?? ""}', expected: identifier`);
      reqs.push({ key, op: "!", values: [] });
    } else {
      const key = readKey();
      if (!key)
        throw new SelectorParseError(`found '${src[i] ?? ""}', expected: !, identifier, or 'end of string'`);
      skipWs();
      if (i >= src.length || src[i] === ",") {
        reqs.push({ key, op: "exists", values: [] });
      } else if (src.startsWith("!=", i) || src.startsWith("==", i) || src[i] === "=") {
        const op: Op = src.startsWith("!=", i) ? "!=" : "=";
        i += src.startsWith("!=", i) || src.startsWith("==", i) ? 2 : 1;
        skipWs();
        const start = i;
        while (i < src.length && !" ,".includes(src[i])) i++;
        reqs.push({ key, op, values: [src.slice(start, i)] });
      } else {
        const word = readKey().toLowerCase();
        if (word !== "in" && word !== "notin") {
          throw new SelectorParseError(`found '${word}', expected: '=', '!=', '==', 'in', notin'`);
        }
        skipWs();
        if (src[i] !== "(") throw new SelectorParseError(`found '${src[i] ?? ""}', expected: '('`);
        const close = src.indexOf(")", i);
        if (close < 0) throw new SelectorParseError("found 'end of string', expected: ')'");
        const values = src
          .slice(i + 1, close)
          .split(",")
          .map((v) => v.trim())
          .filter((v) => v !== "");
        i = close + 1;
        reqs.push({ key, op: word, values });
      }
    }
    skipWs();
    if (i < src.length) {
      if (src[i] !== ",") throw new SelectorParseError(`found '${src[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case "=":
        return has && l[r.key] === r.values[0];
      case "!=":
        return !has || l[r.key] !== r.values[0];
      case "in":
        return has && r.values.includes(l[r.key]);
      case "notin":
        return !has || !r.values.includes(l[r.key]);
      case "exists":
        return has;
      case "!":
        return !has;
    }
    return false;
  });
}

/** A spec's LabelSelector as requirements; an empty selector matches everything. */
export function fromLabelSelector(ls: LabelSelector | undefined): Selector {
  const reqs: Requirement[] = [];
  for (const [key, v] of Object.entries(ls?.matchLabels ?? {})) reqs.push({ key, op: "=", values: [v] });
  for (const e of ls?.matchExpressions ?? []) {
    const op = ({ In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" } as const)[
      e.operator as "In" | "NotIn" | "Exists" | "DoesNotExist"
    ];
    if (op) reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

/** A Service's plain map selector. */
export function fromMap(m: Record<string, string> | undefined): Selector {
  return Object.entries(m ?? {}).map(([key, v]) => ({ key, op: "=" as const, values: [v] }));
}

/** labels.FormatLabels: `k=v` sorted by key, or `<none>`. */
export function formatLabels(m: Record<string, string> | undefined): string {
  const labels = m ?? {};
  const keys = Object.keys(labels).sort();
  if (!keys.length) return "<none>";
  return keys.map((k) => `${k}=${labels[k]}`).join(",");
}

/** metav1.FormatLabelSelector: matchLabels as k=v, expressions in set form; `<none>` if empty. */
export function formatLabelSelector(ls: LabelSelector | undefined): string {
  const parts: { key: string; text: string }[] = [];
  const matchLabels = ls?.matchLabels ?? {};
  for (const k of Object.keys(matchLabels)) parts.push({ key: k, text: `${k}=${matchLabels[k]}` });
  for (const e of ls?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    if (e.operator === "In") parts.push({ key: e.key, text: `${e.key} in (${vals})` });
    else if (e.operator === "NotIn") parts.push({ key: e.key, text: `${e.key} notin (${vals})` });
    else if (e.operator === "Exists") parts.push({ key: e.key, text: e.key });
    else if (e.operator === "DoesNotExist") parts.push({ key: e.key, text: `!${e.key}` });
  }
  // The selector's String() lists requirements sorted by key, labels and expressions mixed.
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.length ? parts.map((p) => p.text).join(",") : "<none>";
}
