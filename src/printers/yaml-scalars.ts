// Scalars for the YAML printer: which style go-yaml v2 gives a value (plain, 'single',
// "double" or | literal) and what its emitter's scalar analysis concludes about it. The
// style must match kubectl byte for byte, and these rules are where go-yaml's choices live.

import { runeAt } from "../golang/utf8.js";
import { formatFloatG, isBase60Float, resolvePlain } from "../golang/yaml/resolve.js";

export type Style = "plain" | "single" | "double" | "literal";

export const isBreak = (c: string) =>
  c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
export const isPrintable = (cp: number) =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
// Characters Go's JSON encoder leaves alone but go-yaml's reader refuses.
const UNREADABLE = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

export interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
  /** Width in characters (code points), as go-yaml counts columns. */
  width: number;
  /** Whether folding could apply (any space or line break). */
  foldable: boolean;
}

// ASCII indicator classes: 1 = indicator at the start of a scalar, 2 = flow indicator inside one.
const INDICATORS = new Uint8Array(128);
for (const c of "#,[]{}&*!|>'\"%@`") INDICATORS[c.charCodeAt(0)] |= 1;
for (const c of ",?[]{}") INDICATORS[c.charCodeAt(0)] |= 2;

const isBreakCode = (x: number) => x === 0x0a || x === 0x0d || x === 0x85 || x === 0x2028 || x === 0x2029;

/** go-yaml's yaml_emitter_analyze_scalar: which styles can represent the value. */
function analyze(s: string): Analysis {
  if (s.length === 0) {
    return {
      multiline: false,
      flowPlain: false,
      blockPlain: true,
      singleQuoted: true,
      block: false,
      width: 0,
      foldable: false,
    };
  }
  let flowInd = false;
  let blockInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let prevSpace = false;
  let prevBreak = false;
  let width = 0;
  const head = s.slice(0, 3);
  if (head === "---" || head === "...") flowInd = blockInd = true;
  for (let i = 0; i < s.length; i++) {
    let x = s.charCodeAt(i);
    const first = i === 0;
    if (x >= 0xd800 && x <= 0xdbff && i + 1 < s.length) {
      x = runeAt(s, i);
      i++;
    }
    width++;
    const last = i === s.length - 1;
    const next = last ? 0 : s.charCodeAt(i + 1);
    const followedByWs = last || next === 0x20 || next === 0x09;
    const ind = x < 0x80 ? INDICATORS[x] : 0;
    if (first) {
      if (ind & 1) flowInd = blockInd = true;
      else if (x === 0x3f || x === 0x3a) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (x === 0x2d && followedByWs) flowInd = blockInd = true;
    } else if (ind & 2) flowInd = true;
    else if (x === 0x3a) {
      flowInd = true;
      if (followedByWs) blockInd = true;
    } else if (x === 0x23 && precededByWs) flowInd = blockInd = true;
    if (!isPrintable(x)) special = true;
    const isBrk = isBreakCode(x);
    if (x === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBrk) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = x === 0x20 || x === 0x09 || isBrk || x === 0;
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlain: true,
    blockPlain: true,
    singleQuoted: true,
    block: true,
    width,
    foldable: lineBreaks || s.includes(" "),
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

const ESCAPES: Record<number, string> = {
  0: "0",
  7: "a",
  8: "b",
  9: "t",
  10: "n",
  11: "v",
  12: "f",
  13: "r",
  27: "e",
  34: '"',
  92: "\\",
  133: "N",
  160: "_",
  8232: "L",
  8233: "P",
};

export function escapeChar(cp: number): string {
  if (ESCAPES[cp] !== undefined) return `\\${ESCAPES[cp]}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

/** Scalar text and the style sigs.k8s.io/yaml asks go-yaml for. */
export interface Scalar {
  text: string;
  style: Style;
  analysis: Analysis;
}

// Big lists repeat the same keys and many values; deciding a style once per text pays off.
const scalarCache = new Map<string, Scalar>();

export function scalarOf(v: unknown): Scalar {
  if (typeof v === "string" && v.length <= 64) {
    let sc = scalarCache.get(v);
    if (!sc) {
      sc = computeScalar(v);
      if (scalarCache.size > 20000) scalarCache.clear();
      scalarCache.set(v, sc);
    }
    return sc;
  }
  return computeScalar(v);
}

function computeScalar(v: unknown): Scalar {
  const { text, style } = scalarStyle(v);
  return { text, style, analysis: analyze(text) };
}

function scalarStyle(v: unknown): { text: string; style: Style } {
  if (v === null || v === undefined) return { text: "null", style: "plain" };
  if (typeof v === "boolean") return { text: String(v), style: "plain" };
  if (typeof v === "number" || typeof v === "bigint") {
    // The value went through Go's JSON encoder and back through go-yaml's resolver.
    const json = typeof v === "bigint" ? v.toString() : Number.isFinite(v) ? String(v) : "null";
    const r = resolvePlain(json);
    return { text: r.tag === "float" ? formatFloatG(r.value as number) : json, style: "plain" };
  }
  const s = String(v);
  if (UNREADABLE.test(s)) throw new Error("yaml: control characters are not allowed");
  const plainOk = resolvePlain(s).tag === "str" && !(s.includes(":") && isBase60Float(s));
  return { text: s, style: s.includes("\n") ? "literal" : plainOk ? "plain" : "double" };
}
