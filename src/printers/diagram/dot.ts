// Graphviz: one cluster per node holding its pods, Services as boxes outside them, and an
// edge per endpoint (dashed when the endpoint is not ready). `dot -Tsvg` lays it out.

import { type Edge, toGraph } from "./graph.js";
import type { DiagramModel } from "./model.js";

/** A DOT double-quoted string; `\n` inside labels is DOT's own line break, kept literal. */
const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const label = (lines: string[]) => `"${lines.map((l) => q(l).slice(1, -1)).join("\\n")}"`;

const EDGE_STYLE: Record<Edge["state"], string> = {
  ready: 'color="#2b6cb0"',
  "not ready": 'color="#c53030", style=dashed',
  terminating: 'color="#b7791f", style=dashed',
};

export function renderDot(m: DiagramModel): string {
  const g = toGraph(m);
  const out: string[] = [
    `digraph ${q(m.cluster)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", labelloc=t, label=${q(g.title)}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  g.groups.forEach((grp, i) => {
    out.push(`  subgraph cluster_${i} {`);
    out.push(`    label=${label([grp.title, grp.subtitle])};`);
    out.push('    style="rounded,filled"; fillcolor="#f4f7fb"; color="#4a6fa5";');
    // An empty cluster is not drawn at all; a placeholder keeps the node in the picture.
    if (!grp.items.length)
      out.push(`    ${q(`${grp.id}:empty`)} [label="(no pods)", shape=plaintext, style=""];`);
    for (const it of grp.items) {
      const look = it.kind === "address" ? ', style="dashed"' : it.ready ? "" : ', color="#c53030"';
      out.push(`    ${q(it.id)} [label=${label([it.title, ...it.lines])}${look}];`);
    }
    out.push("  }");
  });
  for (const s of g.services) {
    const look = s.broken ? 'color="#c53030", fillcolor="#fff5f5"' : 'color="#2b6cb0", fillcolor="#ebf4ff"';
    out.push(`  ${q(s.id)} [label=${label([s.title, ...s.lines, ...s.problems])}, shape=box, ${look}];`);
  }
  for (const e of g.edges) {
    const text = e.state === "ready" ? e.label : `${e.label} ${e.state}`.trim();
    out.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(text)}, ${EDGE_STYLE[e.state]}];`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
