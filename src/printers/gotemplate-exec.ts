// The executor of Go's text/template (Go 1.23) over JSON-decoded data, with its error texts.
// undefined plays Go's invalid reflect.Value (printed `<no value>`), null a nil interface{}
// read from the data. A pipeline's result is unwrapped from interface{}, so null becomes
// undefined there, exactly as `{{.spec.x}}` prints `<no value>` for `x: null` in kubectl.

import { formatV, GoNum, goTypeName, isMap, sprint } from "../golang/fmt.js";
import { compareKeys } from "../golang/sort.js";
import { must } from "../util/must.js";
import { BUILTINS, FuncError, type ParamType, truth } from "./gotemplate-funcs.js";
import {
  type ArgNode,
  type CommandNode,
  type ListNode,
  type Node,
  nodeString,
  type PipeNode,
} from "./gotemplate-parse.js";

/** An execution error; `message` is Go's text (`template: output:1:7: executing ...`). */
export class ExecError extends Error {}

/** A value and whether Go holds it in an interface{} (read from a map or slice). */
interface Dot {
  v: unknown;
  boxed: boolean;
}
const MISSING = Symbol("missing");
type Final = unknown | typeof MISSING;
class Break {}
class Continue {}

export interface ExecOptions {
  missingKeyError: boolean;
}

/** Runs the "output" template; returns what it printed, or throws ExecError with `partial`. */
export function execute(
  source: string,
  trees: Map<string, ListNode>,
  data: unknown,
  opts: ExecOptions,
): { output: string; error?: ExecError } {
  const s = new State(source, trees, opts);
  const root = { v: data, boxed: false };
  s.vars.push({ name: "$", ...root });
  try {
    s.walk(root, must(trees.get("output"), "a template without its output tree"));
  } catch (e) {
    if (e instanceof ExecError) return { output: s.out.join(""), error: e };
    throw e;
  }
  return { output: s.out.join("") };
}

class State {
  out: string[] = [];
  vars: { name: string; v: unknown; boxed: boolean }[] = [];
  /** The node being run, for errors; its text is made only when one is reported. */
  private node?: ArgNode | Node | CommandNode;
  private name = "output";
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly trees: Map<string, ListNode>,
    private readonly opts: ExecOptions,
  ) {}

  private at(n: ArgNode | Node | CommandNode) {
    this.node = n;
  }

  private errorf(msg: string): never {
    if (!this.node) throw new ExecError(`template: ${this.name}: ${msg}`);
    const before = this.source.slice(0, this.node.pos);
    const nl = before.lastIndexOf("\n");
    const line = before.split("\n").length;
    // Go counts columns in bytes.
    const col = Buffer.byteLength(before.slice(nl + 1), "utf8");
    throw new ExecError(
      `template: output:${line}:${col}: executing "${this.name}" at <${nodeString(this.node)}>: ${msg}`,
    );
  }

  walk(dot: Dot, list: ListNode) {
    for (const n of list.nodes) this.walkNode(dot, n);
  }

  private walkNode(dot: Dot, n: Node) {
    switch (n.type) {
      case "text":
        this.out.push(n.text);
        return;
      case "action": {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out.push(v === undefined ? "<no value>" : sprint([v]));
        return;
      }
      case "if":
      case "with": {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (truth(v)) this.walk(n.type === "with" ? { v, boxed: false } : dot, n.list);
        else if (n.elseList) this.walk(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case "range":
        return this.walkRange(dot, n);
      case "template":
        return this.walkTemplate(dot, n);
      case "break":
        throw new Break();
      case "continue":
        throw new Continue();
    }
  }

  private walkRange(dot: Dot, r: Extract<Node, { list: ListNode }>) {
    this.at(r);
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const bodyMark = this.vars.length;
    const decl = r.pipe.decl;
    const one = (index: unknown, elem: unknown): boolean => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem, decl.length === 1);
        else this.setTopVar(1, elem, true);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem, true);
        else this.setTopVar(2, index, false);
      }
      try {
        this.walk({ v: elem, boxed: true }, r.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        this.vars.length = bodyMark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length && one(new GoNum("int", i), val[i]); i++);
      ran = val.length > 0;
    } else if (isMap(val)) {
      const keys = Object.keys(val).sort(compareKeys);
      for (let i = 0; i < keys.length && one(keys[i], val[keys[i]]); i++);
      ran = keys.length > 0;
    } else if (val !== undefined) this.errorf(`range can't iterate over ${formatV(val)}`);
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.vars.length = mark;
  }

  private walkTemplate(dot: Dot, t: Extract<Node, { type: "template" }>) {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= 1000) this.errorf("exceeded maximum template depth (100000)");
    const v = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const saved = { vars: this.vars, name: this.name };
    this.vars = [{ name: "$", v, boxed: false }];
    this.name = t.name;
    this.depth++;
    try {
      this.walk({ v, boxed: false }, tree);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.name = saved.name;
    }
  }

  private setVar(name: string, v: unknown, boxed: boolean) {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i] = { name, v, boxed };
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, v: unknown, boxed: boolean) {
    const i = this.vars.length - n;
    this.vars[i] = { name: this.vars[i].name, v, boxed };
  }
  private varValue(name: string): Dot {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: Dot, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value === null) value = undefined; // interface{} holding nil unwraps to no value
    }
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0], value, false);
      else this.vars.push({ name: d.ident[0], v: value, boxed: false });
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final) {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: Dot, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.type) {
      case "field":
        this.at(first);
        return this.evalFieldChain(dot, dot, first.ident, cmd.args, final);
      case "chain":
        return this.evalChain(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first.name, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return first.value;
      case "dot":
        return dot.v;
      case "nil":
        this.errorf("nil is not a command");
        break;
      case "number":
        return this.constant(first);
      case "string":
        return first.text;
    }
    this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }

  // Untyped constants become int or float64, as they do passed to an interface{}.
  private constant(n: Extract<ArgNode, { type: "number" }>): unknown {
    this.at(n);
    const isFloatText = /[.eEpP]/.test(n.text) && !/^[+-]?0[xX]/.test(n.text) && !n.text.startsWith("'");
    if (n.isFloat && isFloatText) return Number.isInteger(n.value) ? new GoNum("float64", n.value) : n.value;
    if (n.isInt) return new GoNum("int", n.value);
    this.errorf(`${n.text} overflows int`);
  }

  private evalVariable(
    dot: Dot,
    v: Extract<ArgNode, { type: "variable" }>,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value.v;
    }
    return this.evalFieldChain(dot, value, v.ident.slice(1), args, final);
  }

  private evalChain(
    dot: Dot,
    chain: Extract<ArgNode, { type: "chain" }>,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.at(chain);
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const v = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, { v, boxed: false }, chain.field, args, final);
  }

  private evalFieldChain(_dot: Dot, receiver: Dot, ident: string[], args: ArgNode[], final: Final): unknown {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++)
      r = { v: this.evalField(ident[i], [], MISSING, r), boxed: true };
    return this.evalField(ident[ident.length - 1], args, final, r);
  }

  private evalField(name: string, args: ArgNode[], final: Final, receiver: Dot): unknown {
    const r = receiver.v;
    if (r === undefined) {
      if (this.opts.missingKeyError) this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    const typ = receiver.boxed ? "interface {}" : goTypeName(r);
    if (r === null) this.errorf(`nil pointer evaluating ${typ}.${name}`);
    if (isMap(r)) {
      if (args.length > 1 || final !== MISSING) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(r, name)) return r[name];
      if (this.opts.missingKeyError) this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  private evalFunction(
    dot: Dot,
    name: string,
    ident: ArgNode,
    cmd: CommandNode,
    args: ArgNode[],
    final: Final,
  ) {
    this.at(ident);
    const spec = BUILTINS[name];
    const rest = args.slice(1);
    const numIn = rest.length + (final === MISSING ? 0 : 1);
    const fixed = spec.variadic ? spec.params.length - 1 : spec.params.length;
    if (spec.variadic ? numIn < fixed : numIn !== fixed)
      this.errorf(
        `wrong number of args for ${name}: want ${spec.variadic ? "at least " : ""}${fixed} got ${numIn}`,
      );
    const paramType = (i: number) => spec.params[Math.min(i, spec.params.length - 1)];
    if (name === "and" || name === "or") {
      let v: unknown;
      for (const a of rest) {
        v = this.evalArg(dot, "value", a);
        if (truth(v) === (name === "or")) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv = rest.map((a, i) => this.evalArg(dot, paramType(i), a));
    if (final !== MISSING) argv.push(this.validate(final, paramType(argv.length)));
    try {
      if (name === "call") {
        const fn = argv[0] === null ? undefined : argv[0];
        throw new FuncError(
          fn === undefined ? "call of nil" : `non-function ${nodeString(rest[0])} of type ${goTypeName(fn)}`,
        );
      }
      return spec.fn(...argv);
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at(cmd);
      this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  private validate(v: unknown, typ: ParamType | undefined): unknown {
    if (typ === "any") return v === undefined ? null : v;
    if (typ !== "string") return v;
    if (v === undefined) this.errorf("invalid value; expected string");
    if (typeof v !== "string")
      this.errorf(
        `wrong type for value; expected string; got ${v === null ? "interface {}" : goTypeName(v)}`,
      );
    return v;
  }

  private evalArg(dot: Dot, typ: ParamType | undefined, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validate(dot.v, typ);
      case "nil":
        if (typ === "any") return null;
        this.errorf(`cannot assign nil to ${typ === "string" ? "string" : "reflect.Value"}`);
        break;
      case "field":
        return this.validate(this.evalFieldChain(dot, dot, n.ident, [n], MISSING), typ);
      case "variable":
        return this.validate(this.evalVariable(dot, n, [n], MISSING), typ);
      case "pipe":
        return this.validate(this.evalPipeline(dot, n), typ);
      case "identifier":
        return this.validate(
          this.evalFunction(dot, n.name, n, { type: "command", pos: n.pos, args: [n] }, [n], MISSING),
          typ,
        );
      case "chain":
        return this.validate(this.evalChain(dot, n, [], MISSING), typ);
    }
    if (typ === "string") {
      if (n.type === "string") return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    switch (n.type) {
      case "bool":
        return n.value;
      case "number":
        return this.constant(n);
      case "string":
        return n.text;
    }
    return undefined;
  }
}
