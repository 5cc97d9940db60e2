// A trace for people (aligned hop rows, colour on a terminal) or for scripts (-o json).
import type { Trace } from "../net/trace.js";

export type TraceStyle = "step" | "ok" | "bad" | "warn" | "dim";
export type TracePaint = (style: TraceStyle, s: string) => string;

export const plainTrace: TracePaint = (_style, s) => s;

export function renderTraceJson(t: Trace): string {
  const verdict = { ok: t.verdict.ok, cause: t.verdict.cause ?? null, fix: t.verdict.fix ?? null };
  return `${JSON.stringify({ from: t.from, to: t.to, hops: t.hops, verdict }, null, 2)}\n`;
}

export function renderTraceText(t: Trace, paint: TracePaint = plainTrace): string {
  const lines: string[] = [`trace ${t.from} -> ${t.to}`];
  const width = Math.max(0, ...t.hops.map((h) => h.step.length));
  const num = String(t.hops.length).length;
  for (const [i, h] of t.hops.entries()) {
    const n = String(i + 1).padStart(num + 2);
    const step = paint(h.ok ? "step" : "bad", h.step.padEnd(width));
    lines.push(`${n}  ${step}  ${h.text}${h.ok ? "" : paint("bad", "   <- stopped here")}`);
  }
  const v = t.verdict;
  const stopped = t.hops.find((h) => !h.ok);
  const result = v.ok ? paint("ok", "ok") : paint("bad", `failed${stopped ? ` at ${stopped.step}` : ""}`);
  lines.push(`result: ${result}`);
  if (v.cause) lines.push(`${paint(v.ok ? "warn" : "bad", v.ok ? "note:  " : "cause: ")} ${v.cause}`);
  if (v.fix) lines.push(`${paint("ok", v.ok ? "hint:  " : "fix:   ")} ${v.fix}`);
  return `${lines.join("\n")}\n`;
}
