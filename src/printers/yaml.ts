// `kubectl get -o yaml`: sigs.k8s.io/yaml marshals the object to JSON, reads it back with
// go-yaml v2 and emits it with go-yaml v2's emitter. This is a port of the parts of that
// emitter that JSON-shaped data reaches: its key order (digits compared as numbers, non-letters
// before letters), its choice between plain, 'single', "double" and | literal styles, its
// 80-column folding of long scalars, and its compact sequences under mapping keys.

import { runeAt } from "../golang/utf8.js";
import { must } from "../util/must.js";
import { type Analysis, escapeChar, isBreak, isPrintable, type Scalar, scalarOf } from "./yaml-scalars.js";

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isLetter = (c: string) => {
  const x = c.charCodeAt(0);
  return x < 0x80 ? (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) : /\p{L}/u.test(c);
};
const isDigit = (c: string) => {
  const x = c.charCodeAt(0);
  return x < 0x80 ? x >= 0x30 && x <= 0x39 : /\p{Nd}/u.test(c);
};

/** go-yaml's keyList.Less for string keys. */
function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return runeAt(ar[i], 0) < runeAt(br[i], 0);
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (runeAt(ar[ai], 0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (runeAt(br[bi], 0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return runeAt(ar[i], 0) < runeAt(br[i], 0);
  }
  return ar.length < br.length;
}

// Objects of one kind share their key sets, so big lists sort the same few sets over and over.
const sortedKeySets = new Map<string, string[]>();

function sortedKeys(keys: string[]): string[] {
  const id = keys.join("\u0000");
  let sorted = sortedKeySets.get(id);
  if (!sorted) {
    sorted = [...keys].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
    if (sortedKeySets.size > 5000) sortedKeySets.clear();
    sortedKeySets.set(id, sorted);
  }
  return sorted;
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...sortedKeys(keys)];
}

/** Where a node sits; go-yaml's emitter lays out sequences and keys differently by context. */
interface Ctx {
  mapping?: boolean;
  simpleKey?: boolean;
}

class Emitter {
  private parts: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private mappingContext = false;
  private simpleKeyContext = false;

  get out(): string {
    return this.parts.join("");
  }
  /** Append text that is `width` characters wide (code points, as go-yaml counts columns). */
  private put(s: string, width = s.length): void {
    this.parts.push(s);
    this.column += width;
  }
  private putBreak(): void {
    this.parts.push("\n");
    this.column = 0;
  }
  private writeBreak(c: string): void {
    if (c === "\n") this.putBreak();
    else {
      this.parts.push(c);
      this.column = 0;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = must(this.indents.pop(), "the YAML printer unrolled past its first indent");
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) this.put(" ".repeat(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }
  private indicator(s: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(" ");
    this.put(s);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  node(v: unknown, ctx: Ctx): void {
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
    if (Array.isArray(v)) {
      if (v.length === 0) this.emptyFlow("[", "]");
      else this.sequence(v);
    } else if (v !== null && typeof v === "object") {
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length === 0) this.emptyFlow("{", "}");
      else this.mapping(v as Record<string, unknown>, keys);
    } else {
      this.scalar(scalarOf(v));
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.indicator(close, false, false, false);
  }

  private sequence(items: unknown[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.indicator("-", true, false, true);
      this.node(item === undefined ? null : item, {});
    }
    this.popIndent();
  }

  private mapping(obj: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const k of sortedKeys(keys)) {
      this.writeIndent();
      // go-yaml writes keys longer than 128 bytes, or with line breaks, as `? key`.
      const simple = !/[\r\n\u0085\u2028\u2029]/.test(k) && (k.length <= 42 || Buffer.byteLength(k) <= 128);
      if (simple) {
        this.node(k, { mapping: true, simpleKey: true });
        this.indicator(":", false, false, false);
      } else {
        this.indicator("?", true, false, true);
        this.node(k, { mapping: true });
        this.writeIndent();
        this.indicator(":", true, false, true);
      }
      this.node(obj[k], { mapping: true });
    }
    this.popIndent();
  }

  private scalar({ text, style: wanted, analysis: a }: Scalar): void {
    let style = wanted;
    if (this.simpleKeyContext && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlain || (text.length === 0 && this.simpleKeyContext)) style = "single";
    }
    if (style === "single" && !a.singleQuoted) style = "double";
    if (style === "literal" && (!a.block || this.simpleKeyContext)) style = "double";
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === "plain") this.plain(text, a, allowBreaks);
    else if (style === "single") this.singleQuoted(text, a, allowBreaks);
    else if (style === "double") this.doubleQuoted(Array.from(text), allowBreaks);
    else this.literal(Array.from(text));
    this.popIndent();
  }

  private plain(text: string, a: Analysis, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    this.folded(text, a, allowBreaks, false);
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(text: string, a: Analysis, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    this.folded(text, a, allowBreaks, true);
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** Plain and single-quoted text: long lines fold at a space once past the width. */
  private folded(text: string, a: Analysis, allowBreaks: boolean, quoted: boolean): void {
    if (!a.foldable) {
      // Nothing to fold at (the common case): one piece.
      const quotes = quoted ? text.split("'").length - 1 : 0;
      this.put(quotes > 0 ? text.replaceAll("'", "''") : text, a.width + quotes);
      return;
    }
    const chars = Array.from(text);
    let spaces = false;
    let breaks = false;
    chars.forEach((c, i) => {
      if (c === " ") {
        const inner = !quoted || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inner && chars[i + 1] !== " ")
          this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (quoted && c === "'") this.put("'");
        this.put(c, 1);
        this.indention = false;
        spaces = breaks = false;
      }
    });
  }

  private doubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    let spaces = false;
    // go-yaml's is_bom() checks the start of the value, not the current character, so a
    // value that starts with a BOM is escaped from end to end.
    const bom = chars[0] === "\ufeff";
    chars.forEach((c, i) => {
      const cp = runeAt(c, 0);
      if (!isPrintable(cp) || bom || isBreak(c) || c === '"' || c === "\\") {
        this.put(escapeChar(cp));
        spaces = false;
      } else if (c === " ") {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === " ") this.put("\\");
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c, 1);
        spaces = false;
      }
    });
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(chars: string[]): void {
    this.indicator("|", true, false, false);
    if (chars[0] === " " || isBreak(chars[0])) this.indicator(String(BEST_INDENT), false, false, false);
    const n = chars.length;
    let chomp = "";
    if (!isBreak(chars[n - 1])) chomp = "-";
    else if (n === 1 || isBreak(chars[n - 2])) chomp = "+";
    if (chomp) this.indicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) this.put(run.join(""), run.length);
      run = [];
    };
    for (const c of chars) {
      if (isBreak(c)) {
        flush();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        run.push(c);
        this.indention = false;
        breaks = false;
      }
    }
    flush();
  }
}

/** What `kubectl get ... -o yaml` prints for one object or a List. */
export function toYaml(obj: unknown): string {
  const e = new Emitter();
  e.node(obj, {});
  e.writeIndent();
  return e.out;
}
