// A self-contained SVG: Services in a column on the left, nodes stacked on the right with
// their pods inside, and a curved arrow from each Service to each endpoint. Inline
// presentation attributes only (no CSS file, no web font, no script), so it opens the same
// in a browser, an image viewer or a Markdown preview. Text widths are estimated for a
// generic monospace font, which every renderer has.

import { type Edge, type Group, type Item, type SvcBox, toGraph } from "./graph.js";
import type { DiagramModel } from "./model.js";

const FONT = 12;
const CHAR_W = 7.3; // a monospace glyph at 12px is about 0.6em wide
const LINE_H = 16;
const PAD = 10;
const GAP = 14;
const MARGIN = 20;
const ARROW_ROOM = 170; // between the Service column and the node column

const COLORS = {
  node: { fill: "#f4f7fb", stroke: "#4a6fa5" },
  pod: { fill: "#ffffff", stroke: "#718096" },
  podBad: { fill: "#fff5f5", stroke: "#c53030" },
  svc: { fill: "#ebf4ff", stroke: "#2b6cb0" },
  svcBad: { fill: "#fff5f5", stroke: "#c53030" },
  text: "#1a202c",
  dim: "#4a5568",
  bad: "#c53030",
};

const EDGE_COLOR: Record<Edge["state"], string> = {
  ready: "#2b6cb0",
  "not ready": "#c53030",
  terminating: "#b7791f",
};

/** XML character data and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Whole pixels: the file stays readable and diffs stay small. */
const textWidth = (lines: string[]) => Math.ceil(Math.max(0, ...lines.map((l) => [...l].length)) * CHAR_W);

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function textBlock(x: number, y: number, title: string, lines: string[], bad: string[] = []): string {
  const rows = [
    `<text x="${x}" y="${y + FONT}" font-weight="bold" fill="${COLORS.text}">${esc(title)}</text>`,
  ];
  lines.forEach((l, i) => {
    rows.push(`<text x="${x}" y="${y + FONT + (i + 1) * LINE_H}" fill="${COLORS.dim}">${esc(l)}</text>`);
  });
  bad.forEach((l, i) => {
    const row = lines.length + i + 1;
    rows.push(`<text x="${x}" y="${y + FONT + row * LINE_H}" fill="${COLORS.bad}">${esc(l)}</text>`);
  });
  return rows.join("\n");
}

const blockHeight = (n: number) => PAD * 2 + n * LINE_H;

function rect(r: Rect, c: { fill: string; stroke: string }, dashed = false, rx = 6): string {
  const dash = dashed ? ' stroke-dasharray="5 3"' : "";
  return `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" rx="${rx}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"${dash}/>`;
}

export function renderSvg(m: DiagramModel): string {
  const g = toGraph(m);
  const itemLines = (it: Item) => [it.title, ...it.lines];
  const svcLines = (s: SvcBox) => [s.title, ...s.lines, ...s.problems];
  const groupLines = (grp: Group) => [grp.title, grp.subtitle];
  // Every item and every Service box gets the width of the widest one, so columns stay straight.
  const itemW =
    Math.max(220, ...g.groups.flatMap((grp) => grp.items.map((it) => textWidth(itemLines(it))))) + PAD * 2;
  const groupW = Math.max(itemW + PAD * 2, ...g.groups.map((grp) => textWidth(groupLines(grp)) + PAD * 2));
  const svcW = Math.max(200, ...g.services.map((s) => textWidth(svcLines(s)))) + PAD * 2;
  const svcX = MARGIN;
  const groupX = g.services.length ? svcX + svcW + ARROW_ROOM : MARGIN;
  const top = MARGIN + 24;

  const parts: string[] = [];
  const itemRect = new Map<string, Rect>();
  let y = top;
  for (const grp of g.groups) {
    const headH = blockHeight(2);
    const bodyH = grp.items.length
      ? grp.items.reduce((h, it) => h + blockHeight(itemLines(it).length) + GAP, 0)
      : LINE_H + GAP;
    const box: Rect = { x: groupX, y, w: groupW, h: headH + bodyH };
    parts.push(`<g>`, rect(box, COLORS.node, false, 10));
    parts.push(textBlock(groupX + PAD, y + PAD, grp.title, [grp.subtitle]));
    let iy = y + headH;
    if (!grp.items.length) {
      parts.push(`<text x="${groupX + PAD}" y="${iy + FONT}" fill="${COLORS.dim}">(no pods)</text>`);
    }
    for (const it of grp.items) {
      const r: Rect = { x: groupX + PAD, y: iy, w: itemW, h: blockHeight(itemLines(it).length) };
      itemRect.set(it.id, r);
      const look = it.ready ? COLORS.pod : COLORS.podBad;
      parts.push(rect(r, look, it.kind === "address"), textBlock(r.x + PAD, r.y + PAD, it.title, it.lines));
      iy += r.h + GAP;
    }
    parts.push(`</g>`);
    y += box.h + GAP;
  }
  const groupsBottom = y;

  const svcRect = new Map<string, Rect>();
  y = top;
  for (const s of g.services) {
    const r: Rect = { x: svcX, y, w: svcW, h: blockHeight(svcLines(s).length) };
    svcRect.set(s.id, r);
    parts.push(
      rect(r, s.broken ? COLORS.svcBad : COLORS.svc),
      textBlock(r.x + PAD, r.y + PAD, s.title, s.lines, s.problems),
    );
    y += r.h + GAP;
  }
  const height = Math.max(groupsBottom, y) + MARGIN;
  const width = groupX + groupW + MARGIN;

  // Arrows leave a Service's right edge spread over its height, and land on the item's left edge.
  const bySvc = new Map<string, Edge[]>();
  for (const e of g.edges) bySvc.set(e.from, [...(bySvc.get(e.from) ?? []), e]);
  for (const [from, es] of bySvc) {
    // toGraph draws an edge only between a Service and an item it also draws.
    const a = svcRect.get(from);
    if (!a) continue;
    es.forEach((e, i) => {
      const b = itemRect.get(e.to);
      if (!b) return;
      const x1 = a.x + a.w;
      const y1 = Math.round(a.y + (a.h * (i + 1)) / (es.length + 1));
      const x2 = b.x;
      const y2 = b.y + Math.min(b.h / 2, 24);
      const color = EDGE_COLOR[e.state];
      const dash = e.state === "ready" ? "" : ' stroke-dasharray="6 4"';
      const bend = Math.round(Math.max(40, (x2 - x1) / 2));
      parts.push(
        `<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2 - 2},${y2}" fill="none" stroke="${color}" stroke-width="1.5"${dash} marker-end="url(#arrow-${e.state.replace(" ", "-")})"/>`,
      );
      const label = e.state === "ready" ? e.label : `${e.label} ${e.state}`.trim();
      if (label) {
        // At the Service end, where the arrows are spread apart and nothing else is drawn.
        parts.push(`<text x="${x1 + 6}" y="${y1 - 4}" font-size="10" fill="${color}">${esc(label)}</text>`);
      }
    });
  }

  const markers = (Object.keys(EDGE_COLOR) as Edge["state"][]).map(
    (s) =>
      `<marker id="arrow-${s.replace(" ", "-")}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOR[s]}"/></marker>`,
  );
  return `${[
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${FONT}">`,
    `<title>${esc(g.title)}</title>`,
    `<defs>${markers.join("")}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 8}" font-size="14" font-weight="bold" fill="${COLORS.text}">${esc(g.title)}</text>`,
    ...parts,
    "</svg>",
  ].join("\n")}\n`;
}
