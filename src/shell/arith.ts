// $(( )) arithmetic: integers, C operators and precedence, variables by name, assignment
// and ++/--. Parsed to a tree first so that && || and ?: evaluate only the branch they take.

type Node =
  | { k: "num"; v: number }
  | { k: "var"; name: string }
  | { k: "un"; op: string; e: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "tern"; c: Node; a: Node; b: Node }
  | { k: "assign"; op: string; name: string; e: Node }
  | { k: "incr"; name: string; delta: number; prefix: boolean };

export class ArithError extends Error {}

/**
 * bash's MAX_EXPR_RECURSION_LEVEL (expr.c): deeper nesting fails with "expression recursion
 * level exceeded". kubesim also evaluates a tree recursively, so a chain of more operators
 * than this (`1+1+...+1`), which bash walks in a loop, fails the same way.
 */
const MAX_RECURSION = 1024;

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const BINARY: [string[], number][] = [
  [["||"], 1],
  [["&&"], 2],
  [["|"], 3],
  [["^"], 4],
  [["&"], 5],
  [["==", "!="], 6],
  [["<=", ">=", "<", ">"], 7],
  [["<<", ">>"], 8],
  [["+", "-"], 9],
  [["*", "/", "%"], 10],
  [["**"], 11],
];
const PREC = new Map(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as const)));
const TOKEN =
  /\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*=?|<<=|>>=|\+\+|--|[-+*/%&|^]=|&&|\|\||<<|>>|<=|>=|==|!=|[-+*/%<>&|^!~?:=(),])/y;

export function evaluate(expr: string, vars: ArithVars): number {
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(expr);
    if (!m)
      throw new ArithError(
        `${expr}: syntax error: invalid arithmetic operator (error token is "${expr.slice(pos).trim()}")`,
      );
    toks.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  if (toks.length === 0) return 0;
  let i = 0;
  let level = 0;
  const fail = (): never => {
    const rest = toks.slice(i).join("");
    throw new ArithError(`${expr.trim()}: syntax error: operand expected (error token is "${rest}")`);
  };
  const tooDeep = (): never => {
    const rest = toks.slice(i).join("");
    throw new ArithError(`${expr.trim()}: expression recursion level exceeded (error token is "${rest}")`);
  };
  const deeper = <T>(f: () => T): T => {
    if (++level > MAX_RECURSION) tooDeep();
    try {
      return f();
    } finally {
      level--;
    }
  };
  const primary = (): Node => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === "(") {
      const e = deeper(ternary);
      if (toks[i++] !== ")") fail();
      return e;
    }
    if (t === "++" || t === "--") {
      const name = toks[i++];
      if (!name || !/^[A-Za-z_]/.test(name)) fail();
      return { k: "incr", name, delta: t === "++" ? 1 : -1, prefix: true };
    }
    if (["-", "+", "!", "~"].includes(t)) return { k: "un", op: t, e: deeper(unary) };
    if (/^[0-9]/.test(t)) return { k: "num", v: parseNumber(t) };
    if (/^[A-Za-z_]/.test(t)) {
      const n = toks[i];
      if (n === "++" || n === "--") {
        i++;
        return { k: "incr", name: t, delta: n === "++" ? 1 : -1, prefix: false };
      }
      if (n && /^([-+*/%&|^]|\*\*|<<|>>)?=$/.test(n) && n !== "==") {
        i++;
        return { k: "assign", op: n, name: t, e: assignment() };
      }
      return { k: "var", name: t };
    }
    i--;
    return fail();
  };
  const unary = (): Node => primary();
  const binary = (min: number): Node => {
    let l = unary();
    for (;;) {
      const op = toks[i];
      const p = op === undefined ? undefined : PREC.get(op);
      if (p === undefined || p < min) return l;
      i++;
      // ** is right-associative, the rest left.
      l = { k: "bin", op, l, r: deeper(() => binary(op === "**" ? p : p + 1)) };
    }
  };
  const ternary = (): Node => {
    const c = binary(1);
    if (toks[i] !== "?") return c;
    i++;
    const a = deeper(ternary);
    if (toks[i++] !== ":") fail();
    return { k: "tern", c, a, b: deeper(ternary) };
  };
  const assignment = (): Node => deeper(ternary);
  const tree = ternary();
  if (i < toks.length) fail();
  if (treeDepth(tree) > MAX_RECURSION) tooDeep();
  return run(tree, vars, expr);
}

function parseNumber(t: string): number {
  if (/^0[xX]/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (t.length > 1 && t[0] === "0") return Number.parseInt(t, 8) || 0;
  return Number.parseInt(t, 10);
}

function varValue(vars: ArithVars, name: string): number {
  const v = (vars.get(name) ?? "").trim();
  if (v === "") return 0;
  return /^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(v)
    ? v[0] === "-"
      ? -parseNumber(v.slice(1))
      : parseNumber(v)
    : 0;
}

/** How deep run() will recurse on `tree`, measured without recursion. */
function treeDepth(tree: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[tree, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [n, d] = top;
    max = Math.max(max, d);
    if (n.k === "un" || n.k === "assign") stack.push([n.e, d + 1]);
    else if (n.k === "bin") stack.push([n.l, d + 1], [n.r, d + 1]);
    else if (n.k === "tern") stack.push([n.c, d + 1], [n.a, d + 1], [n.b, d + 1]);
  }
  return max;
}

function run(n: Node, vars: ArithVars, expr: string): number {
  const ev = (x: Node) => run(x, vars, expr);
  switch (n.k) {
    case "num":
      return n.v;
    case "var":
      return varValue(vars, n.name);
    case "incr": {
      const old = varValue(vars, n.name);
      vars.set(n.name, String(old + n.delta));
      return n.prefix ? old + n.delta : old;
    }
    case "assign": {
      const v = n.op === "=" ? ev(n.e) : apply(n.op.slice(0, -1), varValue(vars, n.name), ev(n.e), expr);
      vars.set(n.name, String(v));
      return v;
    }
    case "un": {
      const v = ev(n.e);
      return n.op === "-" ? -v : n.op === "+" ? v : n.op === "!" ? Number(v === 0) : ~v;
    }
    case "tern":
      return ev(n.c) !== 0 ? ev(n.a) : ev(n.b);
    case "bin":
      if (n.op === "&&") return Number(ev(n.l) !== 0 && ev(n.r) !== 0);
      if (n.op === "||") return Number(ev(n.l) !== 0 || ev(n.r) !== 0);
      return apply(n.op, ev(n.l), ev(n.r), expr);
  }
}

function apply(op: string, a: number, b: number, expr: string): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
    case "%":
      if (b === 0) throw new ArithError(`${expr.trim()}: division by 0 (error token is "${String(b)}")`);
      return op === "/" ? Math.trunc(a / b) : a % b;
    case "**":
      return a ** b;
    case "<<":
      return a << b;
    case ">>":
      return a >> b;
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "==":
      return Number(a === b);
    case "!=":
      return Number(a !== b);
    case "<":
      return Number(a < b);
    case ">":
      return Number(a > b);
    case "<=":
      return Number(a <= b);
    case ">=":
      return Number(a >= b);
  }
  throw new ArithError(`${expr}: syntax error`);
}
