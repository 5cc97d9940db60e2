// The parser of kubectl's JSONPath dialect (client-go's util/jsonpath parser): templates to
// nodes, with client-go's exact error texts. jsonpath.ts evaluates and prints the nodes.

import { runeU } from "../golang/strconv.js";
import { runeAt } from "../golang/utf8.js";

/**
 * An error with kubectl's text: `message` is exactly what kubectl writes after "error: "
 * (kubectl adds "error: " and then a newline only if the message does not end with one).
 */
export class JsonPathError extends Error {
  /** What kubectl had already written to stdout when it failed (custom-columns only). */
  stdout = "";
}

/** A float64 written in the template (`{1.5}`); data numbers are int64 when integral. */
export class GoFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export type Param = { known: boolean; value: number; derived: boolean };
export type ListNode = { kind: "list"; nodes: Node[] };
export type Node =
  | ListNode
  | { kind: "text"; text: string }
  | { kind: "field"; name: string }
  | { kind: "array"; params: [Param, Param, Param] }
  | { kind: "filter"; left: ListNode; right: ListNode; op: string }
  | { kind: "literal"; value: number | boolean | GoFloat }
  | { kind: "wildcard" | "recursive" }
  | { kind: "union"; nodes: ListNode[] }
  | { kind: "identifier"; name: string };

export interface JsonPathTemplate {
  readonly source: string;
  /** Text nodes and one list node per `{...}` action, in order. */
  readonly nodes: readonly Node[];
}

const EOF = "";
const isTerminator = (r: string) => r === EOF || " \t\r\n.,[]$@{}".includes(r);
const isAlphaNumeric = (r: string) => r === "_" || /^[\p{L}\p{Nd}]$/u.test(r);
const isDigit = (r: string) => /^\p{Nd}$/u.test(r);

/**
 * How deep `{range}` may nest. client-go runs each level on Go's growable stack; kubesim's
 * engine recurses on the JavaScript stack, so it refuses deeper templates before running them.
 */
export const MAX_RANGE_NESTING = 500;

/** Parses a template; throws JsonPathError with the parser's bare reason ("unclosed action"). */
export function parseJsonPath(template: string): JsonPathTemplate {
  const nodes = new Parser(template).parse().nodes;
  checkRangeNesting(nodes);
  return { source: template, nodes };
}

/** `{range}` and `{end}` are actions of their own at the top level; count how deep they go. */
function checkRangeNesting(nodes: readonly Node[]): void {
  let depth = 0;
  for (const n of nodes) {
    const first = n.kind === "list" ? n.nodes[0] : undefined;
    if (first?.kind !== "identifier") continue;
    if (first.name === "end") depth = Math.max(0, depth - 1);
    else if (first.name === "range" && ++depth > MAX_RANGE_NESTING) {
      throw new JsonPathError(`kubesim: {range} nested deeper than ${MAX_RANGE_NESTING} levels`);
    }
  }
}

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  private readonly root: ListNode = { kind: "list", nodes: [] };

  constructor(private readonly input: string) {}

  parse(): ListNode {
    for (;;) {
      // Text up to the next "{" is literal; "}" outside an action is plain text too.
      const open = this.input.indexOf("{", this.pos);
      if (open < 0) break;
      if (open > this.start) this.root.nodes.push({ kind: "text", text: this.input.slice(this.start, open) });
      this.pos = open + 1;
      this.consume();
      const action: ListNode = { kind: "list", nodes: [] };
      this.root.nodes.push(action);
      this.parseInsideAction(action);
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.root.nodes.push({ kind: "text", text: this.consume() });
    return this.root;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(runeAt(this.input, this.pos));
    this.width = r.length;
    this.pos += r.length;
    return r;
  }
  private peek(): string {
    const r = this.next();
    this.pos -= this.width;
    return r;
  }
  private backup(): void {
    this.pos -= this.width;
  }
  private consume(): string {
    const s = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return s;
  }
  private fail(reason: string): never {
    throw new JsonPathError(reason);
  }

  /** Everything between "{" and "}"; returns once the closing "}" is consumed. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith("}")) {
        this.pos++;
        this.consume();
        return;
      }
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || r === "\r" || r === "\n") this.fail("unclosed action");
      else if (r === " " || r === "@" || r === "$") this.consume();
      else if (r === "[") this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === ".") this.parseField(cur);
      else if (r === "+" || r === "-" || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else this.fail(`unrecognized character in action: ${runeU(r)}`);
    }
  }

  private parseField(cur: ListNode): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === "\\") this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    // A backslash only protects the next character from ending the name; it is then dropped.
    cur.nodes.push(
      value === "*" ? { kind: "wildcard" } : { kind: "field", name: value.replaceAll("\\", "") },
    );
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.kind === "recursive") this.fail("invalid multiple recursive descent");
    this.pos += 2;
    this.consume();
    cur.nodes.push({ kind: "recursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consume();
    if (value === "true" || value === "false") cur.nodes.push({ kind: "literal", value: value === "true" });
    else cur.nodes.push({ kind: "identifier", name: value });
  }

  private parseNumber(cur: ListNode): void {
    const sign = this.peek();
    if (sign === "+" || sign === "-") this.next();
    for (;;) {
      const r = this.next();
      if (r !== "." && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    if (/^[+-]?[0-9]+$/.test(value) && Math.abs(Number(value)) < 2 ** 63) {
      cur.nodes.push({ kind: "literal", value: Number(value) });
    } else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) {
      cur.nodes.push({ kind: "literal", value: new GoFloat(Number(value)) });
    } else this.fail(`cannot parse number ${value}`);
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") this.fail("unterminated quoted string");
      if (r === "\\") {
        const e = this.next();
        if (e !== EOF && e !== "\n") continue;
        break;
      }
      if (r === end) break;
    }
    const value = this.consume();
    const text = unquoteExtend(value);
    if (text === undefined) this.fail(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ kind: "text", text });
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") this.fail("unterminated array");
      if (r === "]") break;
    }
    let text = this.consume().slice(1, -1);
    if (text === "*") text = ":";
    const parts = text.split(",");
    if (parts.length > 1) {
      // Each member is parsed as its own "[...]" action, spaces around it trimmed.
      const nodes = parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, "")}]`));
      cur.nodes.push({ kind: "union", nodes });
      return;
    }
    // ['key'] is re-read as ".key": dots inside the quotes still separate fields.
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
    if (!m) this.fail(`invalid array index ${text}`);
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? "";
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") params.push({ known: false, value: 0, derived: false });
        else if (/^-?[0-9]+$/.test(v)) params.push({ known: true, value: Number(v), derived: false });
        else this.fail(`array index ${v} is not a number`);
      } else if (i === 1) params.push({ known: true, value: params[0].value + 1, derived: true });
      else params.push({ known: false, value: 0, derived: false });
    }
    cur.nodes.push({ kind: "array", params: params as [Param, Param, Param] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = "";
    for (;;) {
      const r = this.next();
      if (r === EOF || r === "\n") this.fail("unterminated filter");
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === ")" && begin === end) break;
    }
    if (this.next() !== "]") this.fail("unclosed array expect ]");
    const text = this.consume().slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m)
      cur.nodes.push({
        kind: "filter",
        left: parseAction(text),
        right: { kind: "list", nodes: [] },
        op: "exists",
      });
    else cur.nodes.push({ kind: "filter", left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
  }
}

/** client-go parses pieces of an action (union members, filter sides) as "{piece}". */
function parseAction(text: string): ListNode {
  return new Parser(`{${text}}`).parse().nodes[0] as ListNode;
}

/** Go's strconv.Unquote, extended to single-quoted strings; undefined means invalid syntax. */
function unquoteExtend(s: string): string | undefined {
  const quote = s[0];
  if (s.length < 2 || quote !== s[s.length - 1]) return undefined;
  let body = s.slice(1, -1);
  let out = "";
  const simple: Record<string, string> = {
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
  };
  while (body.length) {
    const c = body[0];
    if (c === quote) return undefined;
    if (c !== "\\") {
      const ch = String.fromCodePoint(runeAt(body, 0));
      out += ch;
      body = body.slice(ch.length);
      continue;
    }
    const e = body[1];
    const hex = { x: 2, u: 4, U: 8 }[e as "x"];
    if (e === undefined) return undefined;
    if (simple[e] !== undefined) out += simple[e];
    else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else if (hex) {
      const digits = body.slice(2, 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) return undefined;
      const cp = parseInt(digits, 16);
      if (e !== "x" && (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) return undefined;
      out += String.fromCodePoint(cp);
      body = body.slice(2 + hex);
      continue;
    } else if (/^[0-7]{3}$/.test(body.slice(1, 4))) {
      const v = parseInt(body.slice(1, 4), 8);
      if (v > 255) return undefined;
      out += String.fromCharCode(v);
      body = body.slice(4);
      continue;
    } else return undefined;
    body = body.slice(2);
  }
  return out;
}
