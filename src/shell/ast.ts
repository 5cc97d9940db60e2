// The syntax tree of the shell language subset kubesim understands (POSIX sh plus the few
// bash forms labs use). Words keep their quoting per part, because quoting decides field
// splitting and globbing at expansion time, not at parse time.

/** `q`: the text was quoted or escaped, so it is neither split nor globbed. */
export type Part =
  | { t: "lit"; v: string; q: boolean }
  | { t: "param"; name: string; q: boolean; op?: ParamOp; arg?: Word; length?: boolean; bad?: string }
  | { t: "cmd"; body: List; q: boolean }
  | { t: "arith"; expr: Word; q: boolean };

export type ParamOp = ":-" | "-" | ":=" | "=" | ":+" | "+" | ":?" | "?" | "#" | "##" | "%" | "%%";

export interface Word {
  parts: Part[];
  /** The source text, for messages. */
  text: string;
}

export type RedirOp = "<" | ">" | ">>" | ">|" | "<<" | "<<-" | "<<<" | ">&" | "<&" | "&>" | "&>>" | "<>";

export interface Redirect {
  fd: number;
  op: RedirOp;
  target: Word;
  /** Here-document body, filled in when the parser reaches the end of the line. */
  body?: Word;
}

export interface Assign {
  name: string;
  value: Word;
  append: boolean;
}

export interface Simple {
  type: "simple";
  assigns: Assign[];
  words: Word[];
  redirs: Redirect[];
  line: number;
}

export interface If {
  type: "if";
  clauses: { cond: List; body: List }[];
  orElse?: List;
  redirs: Redirect[];
}

export interface For {
  type: "for";
  name: string;
  /** null: `for x; do` iterates over "$@". */
  items: Word[] | null;
  body: List;
  redirs: Redirect[];
}

export interface While {
  type: "while";
  until: boolean;
  cond: List;
  body: List;
  redirs: Redirect[];
}

export interface Case {
  type: "case";
  subject: Word;
  arms: { patterns: Word[]; body: List }[];
  redirs: Redirect[];
}

export interface Group {
  type: "group" | "subshell";
  body: List;
  redirs: Redirect[];
}

export interface FuncDef {
  type: "func";
  name: string;
  body: Command;
}

/** bash's `[[ ... ]]`: operators are kept as strings, operands as words (never split or globbed). */
export interface DoubleBracket {
  type: "dbracket";
  args: (Word | string)[];
  redirs: Redirect[];
  line: number;
}

/** bash's `for ((init; cond; step))`. */
export interface ForArith {
  type: "cfor";
  init: Word;
  cond: Word;
  step: Word;
  body: List;
  redirs: Redirect[];
}

/** bash's `(( expr ))`: status 0 when the value is not zero. */
export interface ArithCommand {
  type: "arith";
  expr: Word;
  redirs: Redirect[];
  line: number;
}

export type Command =
  | Simple
  | If
  | For
  | ForArith
  | While
  | Case
  | Group
  | FuncDef
  | DoubleBracket
  | ArithCommand;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; pipeline: Pipeline }[];
  /** Ended with `&`. */
  background: boolean;
}

export interface List {
  items: AndOr[];
}

/** The literal text of a word with no quoting or expansion in it (reserved words, names). */
export function plainText(w: Word): string | undefined {
  let s = "";
  for (const p of w.parts) {
    if (p.t !== "lit" || p.q) return undefined;
    s += p.v;
  }
  return s;
}
