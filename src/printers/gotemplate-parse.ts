// The parser of Go's text/template (Go 1.23). Node positions and String() forms are kept
// because execution errors quote them: `template: output:1:7: executing "output" at <.spec.nope>`.

import { runeAt } from "../golang/utf8.js";
import { type Item, type ItemType, itemString, lex } from "./gotemplate-lex.js";
import { parseGoFloat, parseGoInt, unquoteGo } from "./gotemplate-literal.js";

export type ArgNode =
  | { type: "field"; pos: number; ident: string[] }
  | { type: "variable"; pos: number; ident: string[] }
  | { type: "chain"; pos: number; node: ArgNode; field: string[] }
  | { type: "identifier"; pos: number; name: string }
  | { type: "dot" | "nil"; pos: number }
  | { type: "bool"; pos: number; value: boolean }
  | NumberNode
  | { type: "string"; pos: number; quoted: string; text: string }
  | PipeNode;

export interface NumberNode {
  type: "number";
  pos: number;
  text: string;
  isInt: boolean;
  isFloat: boolean;
  value: number;
}
export interface CommandNode {
  type: "command";
  pos: number;
  args: ArgNode[];
}
export interface PipeNode {
  type: "pipe";
  pos: number;
  isAssign: boolean;
  decl: { type: "variable"; pos: number; ident: string[] }[];
  cmds: CommandNode[];
}
export interface ListNode {
  type: "list";
  nodes: Node[];
}
export type Node =
  | { type: "text"; pos: number; text: string }
  | { type: "action"; pos: number; pipe: PipeNode }
  | { type: "if" | "with" | "range"; pos: number; pipe: PipeNode; list: ListNode; elseList?: ListNode }
  | { type: "template"; pos: number; name: string; pipe?: PipeNode }
  | { type: "break" | "continue" | "end" | "else"; pos: number };

/** A parse error; `message` is Go's text, e.g. `template: output:1: unclosed action`. */
export class ParseError extends Error {}

/** Functions kubectl's template printer knows: Go's builtins plus kubectl's two. */
export const FUNCTIONS = new Set(
  "and call html index slice js len not or print printf println urlquery eq ge gt le lt ne exists base64decode".split(
    " ",
  ),
);

/** Go's Node.String(): how execution errors show the node they stopped at. */
export function nodeString(n: ArgNode | Node | CommandNode): string {
  switch (n.type) {
    case "field":
      return `.${n.ident.join(".")}`;
    case "variable":
      return n.ident.join(".");
    case "chain":
      return (
        (n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node)) +
        n.field.map((f) => `.${f}`).join("")
      );
    case "identifier":
      return n.name;
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(n.value);
    case "number":
      return n.text;
    case "string":
      return n.quoted;
    case "pipe": {
      const decl = n.decl.length ? `${n.decl.map(nodeString).join(", ")} ${n.isAssign ? "=" : ":="} ` : "";
      return decl + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "template":
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ` ${nodeString(n.pipe)}` : ""}}}`;
    case "text":
      return n.text;
    default:
      return `{{${n.type}}}`;
  }
}

/**
 * How deep parentheses and control structures ({{if}}, {{range}}, {{with}}, {{block}},
 * {{else if}}) may nest. Go's parser recurses on a growable stack (newer Go versions stop
 * parentheses at 10000 with "max expression depth exceeded"); kubesim's parser and executor
 * recurse on the JavaScript stack (about 10 frames a level for `print (...)`), so they stop
 * at 500 with the same words.
 */
export const MAX_TEMPLATE_NESTING = 500;

/** Parses a template into its named trees ("output" is the main one). */
export function parseTemplate(text: string): Map<string, ListNode> {
  const trees = new Map<string, ListNode>();
  new Parser(lex(text), trees).parse();
  return trees;
}

class Parser {
  private i = 0;
  private furthest = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private nesting = 0;

  constructor(
    private readonly items: Item[],
    private readonly trees: Map<string, ListNode>,
  ) {}

  private next(): Item {
    const it = this.items[Math.min(this.i, this.items.length - 1)];
    this.i++;
    this.furthest = Math.max(this.furthest, this.i - 1);
    return it;
  }
  private backup(n = 1) {
    this.i -= n;
  }
  private peek(): Item {
    const it = this.next();
    this.backup();
    return it;
  }
  private nextNonSpace(): Item {
    let it = this.next();
    while (it.typ === "space") it = this.next();
    return it;
  }
  private peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }

  private nested<T>(f: () => T): T {
    if (this.nesting >= MAX_TEMPLATE_NESTING) this.errorf("max expression depth exceeded");
    this.nesting++;
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }

  // Go reports the line of the most recently lexed token.
  private errorf(msg: string): never {
    const line = this.items[Math.min(this.furthest, this.items.length - 1)].line;
    throw new ParseError(`template: output:${line}: ${msg}`);
  }
  private unexpected(it: Item, context: string): never {
    if (it.typ === "error") this.errorf(it.val);
    this.errorf(`unexpected ${itemString(it)} in ${context}`);
  }
  private expect(typ: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.typ !== typ) this.unexpected(it, context);
    return it;
  }

  parse() {
    const root: ListNode = { type: "list", nodes: [] };
    while (this.peek().typ !== "eof") {
      if (this.peek().typ === "leftDelim") {
        const at = this.i;
        this.next();
        if (this.nextNonSpace().typ === "define") {
          this.parseDefinition();
          continue;
        }
        this.i = at;
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.trees.set("output", root);
  }

  private parseDefinition() {
    const context = "define clause";
    const name = this.nextNonSpace();
    if (name.typ !== "string" && name.typ !== "rawString") this.unexpected(name, context);
    const n = this.unquote(name.val);
    this.expect("rightDelim", context);
    const saved = this.vars;
    this.vars = ["$"];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.trees.set(n, list);
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: "list", nodes: [] };
    while (this.peekNonSpace().typ !== "eof") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n];
      list.nodes.push(n);
    }
    this.nextNonSpace();
    this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const it = this.nextNonSpace();
    if (it.typ === "text") return { type: "text", pos: it.pos, text: it.val };
    if (it.typ === "leftDelim") return this.action();
    this.unexpected(it, "input");
  }

  private action(): Node {
    const it = this.nextNonSpace();
    switch (it.typ) {
      case "block":
        return this.nested(() => this.blockControl());
      case "break":
      case "continue": {
        const t = this.nextNonSpace();
        if (t.typ !== "rightDelim") this.unexpected(t, `{{${it.typ}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${it.typ}}} outside {{range}}`);
        return { type: it.typ, pos: it.pos };
      }
      case "else": {
        const p = this.peekNonSpace();
        if (p.typ === "if" || p.typ === "with") return { type: "else", pos: p.pos };
        return { type: "else", pos: this.expect("rightDelim", "else").pos };
      }
      case "end":
        return { type: "end", pos: this.expect("rightDelim", "end").pos };
      case "if":
      case "range":
      case "with": {
        const context = it.typ;
        return this.nested(() => this.control(context));
      }
      case "template":
        return this.templateControl();
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: "action", pos, pipe: this.pipeline("command", "rightDelim") };
  }

  private control(context: "if" | "range" | "with"): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, "rightDelim");
    if (context === "range") this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === "range") this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === "else") {
      // {{else if x}} / {{else with x}} nest an if/with that shares the outer {{end}}.
      const p = this.peek();
      if ((context === "if" && p.typ === "if") || (context === "with" && p.typ === "with")) {
        this.next();
        elseList = { type: "list", nodes: [this.nested(() => this.control(context))] };
      } else {
        let end: Node;
        [elseList, end] = this.itemList();
        if (end.type !== "end") this.errorf(`expected end; found ${nodeString(end)}`);
      }
    }
    this.vars.length = mark;
    return { type: context, pos: pipe.pos, pipe, list, elseList };
  }

  private templateName(it: Item, context: string): string {
    if (it.typ !== "string" && it.typ !== "rawString") this.unexpected(it, context);
    return this.unquote(it.val);
  }

  private blockControl(): Node {
    const context = "block clause";
    const it = this.nextNonSpace();
    const name = this.templateName(it, context);
    const pipe = this.pipeline(context, "rightDelim");
    const saved = this.vars;
    this.vars = ["$"];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.type !== "end") this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.trees.set(name, list);
    return { type: "template", pos: it.pos, name, pipe };
  }

  private templateControl(): Node {
    const context = "template clause";
    const it = this.nextNonSpace();
    const name = this.templateName(it, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== "rightDelim") {
      this.backup();
      pipe = this.pipeline(context, "rightDelim");
    }
    return { type: "template", pos: it.pos, name, pipe };
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const pipe: PipeNode = {
      type: "pipe",
      pos: this.peekNonSpace().pos,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== "variable") break;
      const at = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.typ === "assign" || next.typ === "declare") {
        pipe.isAssign = next.typ === "assign";
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        break;
      }
      if (next.typ === "char" && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === "variable" || p === "rightDelim" || p === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = at;
      break;
    }
    for (;;) {
      const it = this.nextNonSpace();
      if (it.typ === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (["bool", "dot", "nil", "number", "string"].includes(c.args[0].type))
            this.errorf(`non executable command in pipeline stage ${i + 2}`);
        });
        return pipe;
      }
      switch (it.typ) {
        case "bool":
        case "charConstant":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(it, context);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const it = this.next();
      if (it.typ === "space") continue;
      if (it.typ === "rightDelim" || it.typ === "rightParen") this.backup();
      else if (it.typ !== "pipe") this.unexpected(it, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().typ !== "field") return node;
    const pos = this.peek().pos;
    const field: string[] = [];
    while (this.peek().typ === "field") field.push(this.next().val.slice(1));
    switch (node.type) {
      case "field":
        return { type: "field", pos, ident: [...node.ident, ...field] };
      case "variable":
        return { type: "variable", pos, ident: [...node.ident, ...field] };
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
    }
    return { type: "chain", pos, node, field };
  }

  private term(): ArgNode | undefined {
    const it = this.nextNonSpace();
    switch (it.typ) {
      case "identifier":
        if (!FUNCTIONS.has(it.val)) this.errorf(`function ${JSON.stringify(it.val)} not defined`);
        return { type: "identifier", pos: it.pos, name: it.val };
      case "dot":
        return { type: "dot", pos: it.pos };
      case "nil":
        return { type: "nil", pos: it.pos };
      case "variable":
        if (!this.vars.includes(it.val)) this.errorf(`undefined variable ${JSON.stringify(it.val)}`);
        return { type: "variable", pos: it.pos, ident: [it.val] };
      case "field":
        return { type: "field", pos: it.pos, ident: [it.val.slice(1)] };
      case "bool":
        return { type: "bool", pos: it.pos, value: it.val === "true" };
      case "charConstant":
      case "number":
        return this.number(it);
      case "leftParen":
        return this.nested(() => this.pipeline("parenthesized pipeline", "rightParen"));
      case "string":
      case "rawString":
        return { type: "string", pos: it.pos, quoted: it.val, text: this.unquote(it.val) };
    }
    this.backup();
    return undefined;
  }

  private number(it: Item): NumberNode {
    const text = it.val;
    const node = (isInt: boolean, isFloat: boolean, value: number): NumberNode => ({
      type: "number",
      pos: it.pos,
      text,
      isInt,
      isFloat,
      value,
    });
    if (it.typ === "charConstant") {
      const inner = text.slice(1, -1);
      let s: string | undefined = inner;
      if (inner === "\\'") s = "'";
      else if (inner.startsWith("\\")) s = inner === '\\"' ? undefined : unquoteGo(`"${inner}"`);
      if (s === undefined) this.errorf("invalid syntax");
      if ([...s].length !== 1) this.errorf(`malformed character constant: ${text}`);
      return node(true, true, runeAt(s, 0));
    }
    if (text.endsWith("i")) this.errorf(`illegal number syntax: ${JSON.stringify(text)}`);
    const int = parseGoInt(text);
    if (int !== undefined) return node(true, true, int);
    const f = parseGoFloat(text);
    if (f === undefined) this.errorf(`illegal number syntax: ${JSON.stringify(text)}`);
    if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${JSON.stringify(text)}`);
    return node(Number.isInteger(f) && Math.abs(f) < 2 ** 63, true, f);
  }

  private unquote(quoted: string): string {
    const s = quoted.startsWith("`") ? quoted.slice(1, -1).replaceAll("\r", "") : unquoteGo(quoted);
    if (s === undefined) this.errorf("invalid syntax");
    return s;
  }
}
