// A trace for people (aligned hop rows, colour on a terminal) or for scripts (-o json).
import type { Trace } from "../net/trace.js";
import { costText, hopText, stepName, vantageText, verdictCause, verdictFix } from "./trace-hops.js";

export type TraceStyle = "step" | "ok" | "bad" | "warn" | "dim";
export type TracePaint = (style: TraceStyle, s: string) => string;

export const plainTrace: TracePaint = (_style, s) => s;

interface Row {
  step: string;
  text: string;
  ok: boolean;
  /** A kube-proxy row's second line: how many rules or lookups finding the Service took. */
  cost?: string;
}

function rows(t: Trace): Row[] {
  return t.hops.map((h) => ({
    step: stepName(h),
    text: hopText(h),
    ok: h.ok,
    ...(h.cost ? { cost: costText(h.cost) } : {}),
  }));
}

const targetText = (t: Trace) => (t.to.port === undefined ? t.to.host : `${t.to.host}:${t.to.port}`);

export function renderTraceJson(t: Trace): string {
  const verdict = {
    ok: t.verdict.ok,
    cause: verdictCause(t.verdict) ?? null,
    fix: verdictFix(t.verdict) ?? null,
  };
  const doc = { from: vantageText(t.from), to: targetText(t), hops: rows(t), verdict };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderTraceText(t: Trace, paint: TracePaint = plainTrace): string {
  const hops = rows(t);
  const lines: string[] = [`trace ${vantageText(t.from)} -> ${targetText(t)}`];
  const width = Math.max(0, ...hops.map((h) => h.step.length));
  const num = String(hops.length).length;
  for (const [i, h] of hops.entries()) {
    const n = String(i + 1).padStart(num + 2);
    const step = paint(h.ok ? "step" : "bad", h.step.padEnd(width));
    lines.push(`${n}  ${step}  ${h.text}${h.ok ? "" : paint("bad", "   <- stopped here")}`);
    if (h.cost) lines.push(`${" ".repeat(n.length + 2 + width + 2)}${paint("dim", h.cost)}`);
  }
  const v = t.verdict;
  const cause = verdictCause(v);
  const stopped = hops.find((h) => !h.ok);
  const result = v.ok ? paint("ok", "ok") : paint("bad", `failed${stopped ? ` at ${stopped.step}` : ""}`);
  lines.push(`result: ${result}`);
  if (cause) lines.push(`${paint(v.ok ? "warn" : "bad", v.ok ? "note:  " : "cause: ")} ${cause}`);
  const fix = verdictFix(v);
  if (fix) lines.push(`${paint("ok", v.ok ? "hint:  " : "fix:   ")} ${fix}`);
  return `${lines.join("\n")}\n`;
}
