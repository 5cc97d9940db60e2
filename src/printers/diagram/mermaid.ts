// Mermaid `flowchart`: a subgraph per node holding its pods, Services as subroutine boxes,
// an edge per endpoint (dotted when not ready). Renders in GitHub Markdown and mermaid.live.

import { toGraph } from "./graph.js";
import type { DiagramModel } from "./model.js";

/**
 * Text inside `["..."]`: mermaid has no backslash escapes, only entity codes, and its HTML
 * labels would take `<pending>` for a tag.
 */
const text = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
const lines = (ls: string[]) => `"${ls.map(text).join("<br/>")}"`;

export function renderMermaid(m: DiagramModel): string {
  const g = toGraph(m);
  // Mermaid ids must be plain words; object names may hold dots and slashes.
  const ids = new Map<string, string>();
  const id = (key: string, prefix: string) => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const fresh = `${prefix}${ids.size}`;
    ids.set(key, fresh);
    return fresh;
  };
  const out: string[] = ["flowchart LR", `  %% ${text(g.title)}`];
  const broken: string[] = [];
  const notReady: string[] = [];
  for (const grp of g.groups) {
    out.push(`  subgraph ${id(grp.id, "n")}[${lines([grp.title, grp.subtitle])}]`);
    // Mermaid draws an empty subgraph as a bare title; a placeholder keeps its box.
    if (!grp.items.length) out.push(`    ${id(grp.id, "n")}_empty["(no pods)"]`);
    for (const it of grp.items) {
      out.push(`    ${id(it.id, "p")}[${lines([it.title, ...it.lines])}]`);
      if (!it.ready) notReady.push(id(it.id, "p"));
    }
    out.push("  end");
  }
  for (const s of g.services) {
    out.push(`  ${id(s.id, "s")}[[${lines([s.title, ...s.lines, ...s.problems])}]]`);
    if (s.broken) broken.push(id(s.id, "s"));
  }
  for (const e of g.edges) {
    const label = e.state === "ready" ? e.label : `${e.label} ${e.state}`.trim();
    const arrow = e.state === "ready" ? "-->" : "-.->";
    out.push(`  ${id(e.from, "s")} ${arrow}${label ? `|${lines([label])}|` : ""} ${id(e.to, "p")}`);
  }
  out.push("  classDef svc fill:#ebf4ff,stroke:#2b6cb0");
  out.push("  classDef broken fill:#fff5f5,stroke:#c53030,stroke-width:2px");
  out.push("  classDef notready stroke:#c53030,stroke-dasharray:4 3");
  const svcs = g.services.filter((s) => !s.broken).map((s) => id(s.id, "s"));
  if (svcs.length) out.push(`  class ${svcs.join(",")} svc`);
  if (broken.length) out.push(`  class ${broken.join(",")} broken`);
  if (notReady.length) out.push(`  class ${notReady.join(",")} notready`);
  return `${out.join("\n")}\n`;
}
