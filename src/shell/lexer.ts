// Tokens of the shell language. Words are scanned here with their quoting (quotes, escapes,
// $VAR, ${...}, $(...), `...`, $((...))); the grammar lives in parser.ts, which this file
// calls back for the command lists inside $(...) and backticks.

import type { List, ParamOp, Part, Redirect, Word } from "./ast.js";

export type Token =
  | { k: "word"; word: Word; start: number }
  | { k: "op"; v: string; fd?: number; start: number }
  | { k: "nl"; start: number }
  | { k: "eof"; start: number };

/**
 * A syntax error. `incomplete` ones ran out of input (open quote, `if` without `fi`, a
 * trailing `|`): the REPL reads another line for those instead of reporting them.
 */
export class ShellSyntaxError extends Error {
  constructor(
    /**
     * token: unexpected token; eof: input ended; quote: unterminated quote; heredoc: no
     * delimiter; depth: constructs nested deeper than MAX_NESTING.
     */
    readonly kind: "token" | "eof" | "quote" | "heredoc" | "depth",
    /** The unexpected token ("newline" for a line end), the open quote, or the delimiter. */
    readonly token: string,
    readonly line: number,
    /** What busybox says it expected at end of input ("fi", "done"). */
    readonly expecting?: string,
  ) {
    super(`syntax error: ${kind} ${token}`);
  }
  get incomplete(): boolean {
    return this.kind !== "token" && this.kind !== "depth";
  }
}

export interface SubParsers {
  /** Parses the list of a `$(` whose body starts at `pos`; returns it and the index after `)`. */
  paren(src: string, pos: number): { body: List; end: number };
  /** Parses a whole script (the body of backticks). */
  script(text: string): List;
  /** Runs `f` one nesting level deeper, or throws a "depth" syntax error past MAX_NESTING. */
  nest<T>(f: () => T, line: number): T;
}

/**
 * How deep compound commands, $(...), ${...} and $((...)) may nest. bash recurses until it
 * crashes (30,000 nested subshells: a segmentation fault); kubesim's parser and interpreter
 * recurse on the JavaScript stack, so they stop here with a message.
 */
export const MAX_NESTING = 200;

const OPS = [
  "&&",
  "||",
  ";;",
  "<<<",
  "<<-",
  "&>>",
  "<<",
  ">>",
  "<&",
  ">&",
  "<>",
  ">|",
  "&>",
  ";",
  "&",
  "|",
  "(",
  ")",
  "<",
  ">",
];
const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);
const SPECIAL_PARAMS = "?$#@*!-0123456789";

/** normal: a command word; param: the word in ${x:-word}; heredoc: a here-document or $((...)) body. */
type Mode = "normal" | "param" | "heredoc";

export class Lexer {
  private pending: { redir: Redirect; delim: string; strip: boolean; quoted: boolean }[] = [];

  constructor(
    readonly src: string,
    public pos: number,
    private readonly sub: SubParsers,
    /** Non-interactive shells accept a here-document ended by end of input (bash warns). */
    private readonly lenientHeredoc = false,
  ) {}

  lineAt(pos: number): number {
    let n = 1;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src[i] === "\n") n++;
    return n;
  }

  /** Registers a here-document whose body starts after the next newline. */
  addHeredoc(redir: Redirect, delimWord: Word, strip: boolean): void {
    const quoted = delimWord.parts.some((p) => p.q);
    const delim = delimWord.parts.map((p) => (p.t === "lit" ? p.v : "")).join("");
    this.pending.push({ redir, delim, strip, quoted });
  }

  next(): Token {
    for (;;) {
      while (this.pos < this.src.length) {
        const c = this.src[this.pos];
        if (c === " " || c === "\t") this.pos++;
        else if (c === "\\" && this.src[this.pos + 1] === "\n") this.pos += 2;
        else break;
      }
      const start = this.pos;
      if (start >= this.src.length) {
        if (this.pending.length) this.readHeredocs();
        return { k: "eof", start };
      }
      const c = this.src[start];
      if (c === "#") {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
        continue;
      }
      if (c === "\n") {
        this.pos++;
        this.readHeredocs();
        return { k: "nl", start };
      }
      const io = /^([0-9]+)(?=[<>])/.exec(this.src.slice(start, start + 12));
      const at = io ? start + io[1].length : start;
      const op = OPS.find((o) => this.src.startsWith(o, at));
      if (op && (io === null || op.startsWith("<") || op.startsWith(">"))) {
        this.pos = at + op.length;
        return { k: "op", v: op, fd: io ? Number(io[1]) : undefined, start };
      }
      return { k: "word", word: this.readWord("normal"), start };
    }
  }

  /** Scans one word from `pos` (whole rest of input in param/heredoc modes). */
  readWord(mode: Mode, end = this.src.length): Word {
    const start = this.pos;
    const parts: Part[] = [];
    const lit = (v: string, q: boolean) => {
      const last = parts[parts.length - 1];
      if (last?.t === "lit" && last.q === q && v !== "") last.v += v;
      else parts.push({ t: "lit", v, q });
    };
    const inDoc = mode === "heredoc";
    while (this.pos < end) {
      const c = this.src[this.pos];
      if (mode === "normal" && META.has(c)) break;
      if (c === "\\") {
        const n = this.src[this.pos + 1];
        if (n === undefined) {
          if (mode === "normal") throw new ShellSyntaxError("eof", "\\", this.lineAt(this.pos));
          lit("\\", inDoc);
          this.pos++;
        } else if (n === "\n") this.pos += 2;
        else {
          if (inDoc && !"$`\\".includes(n)) lit(`\\${n}`, true);
          else lit(n, true);
          this.pos += 2;
        }
      } else if (c === "'" && !inDoc) {
        const close = this.src.indexOf("'", this.pos + 1);
        if (close < 0 || close >= end) throw new ShellSyntaxError("quote", "'", this.lineAt(this.pos));
        lit(this.src.slice(this.pos + 1, close), true);
        this.pos = close + 1;
      } else if (c === '"' && !inDoc) {
        this.pos++;
        this.readDouble(parts, lit, end);
      } else if (c === "$") {
        const p = this.readDollar(inDoc, end);
        if (p.t === "lit") lit(p.v, p.q);
        else parts.push(p);
      } else if (c === "`") parts.push(this.readBacktick(inDoc, end));
      else {
        lit(c, inDoc);
        this.pos++;
      }
    }
    return { parts, text: this.src.slice(start, this.pos) };
  }

  private readDouble(parts: Part[], lit: (v: string, q: boolean) => void, end: number): void {
    const open = this.pos - 1;
    lit("", true); // "" alone is still a (empty) field
    for (;;) {
      if (this.pos >= end) throw new ShellSyntaxError("quote", '"', this.lineAt(open));
      const c = this.src[this.pos];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === "\\") {
        const n = this.src[this.pos + 1];
        if (n === "\n") this.pos += 2;
        else if (n !== undefined && '$`"\\'.includes(n)) {
          lit(n, true);
          this.pos += 2;
        } else {
          lit("\\", true);
          this.pos++;
        }
      } else if (c === "$") {
        const p = this.readDollar(true, end);
        if (p.t === "lit") lit(p.v, true);
        else parts.push(p);
      } else if (c === "`") parts.push(this.readBacktick(true, end));
      else {
        lit(c, true);
        this.pos++;
      }
    }
  }

  private readDollar(q: boolean, end: number): Part {
    const s = this.src;
    const at = this.pos;
    const n = s[at + 1];
    if (n === "(" && s[at + 2] === "(") {
      const close = this.findArithEnd(at + 3, end);
      if (close < 0) throw new ShellSyntaxError("eof", "$((", this.lineAt(at), "))");
      const expr = this.sub.nest(
        () => new Lexer(s.slice(at + 3, close), 0, this.sub).readWord("heredoc"),
        this.lineAt(at),
      );
      this.pos = close + 2;
      return { t: "arith", expr, q };
    }
    if (n === "(") {
      const { body, end: after } = this.sub.paren(s, at + 2);
      this.pos = after;
      return { t: "cmd", body, q };
    }
    if (n === "{") return this.readBraceParam(q, end);
    if (n === '"' && !q) {
      // $"..." is a locale-translated string; with no message catalog it is just "...".
      this.pos++;
      return { t: "lit", v: "", q: true };
    }
    if (n === "'" && !q) {
      const { text, end: after } = ansiC(s, at + 2);
      if (after < 0) throw new ShellSyntaxError("quote", "'", this.lineAt(at));
      this.pos = after;
      return { t: "lit", v: text, q: true };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(at + 1, Math.min(end, at + 256)));
    if (name) {
      this.pos = at + 1 + name[0].length;
      return { t: "param", name: name[0], q };
    }
    if (n !== undefined && at + 1 < end && SPECIAL_PARAMS.includes(n)) {
      this.pos = at + 2;
      return { t: "param", name: n, q };
    }
    this.pos++;
    return { t: "lit", v: "$", q };
  }

  private readBraceParam(q: boolean, end: number): Part {
    const s = this.src;
    const at = this.pos;
    let i = at + 2;
    let depth = 0;
    for (; i < end; i++) {
      const c = s[i];
      if (c === "\\") i++;
      else if (c === "'" && !q) {
        i = s.indexOf("'", i + 1);
        if (i < 0) break;
      } else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i < 0 || i >= end) throw new ShellSyntaxError("eof", "${", this.lineAt(at), "}");
    this.pos = i + 1;
    const inner = s.slice(at + 2, i);
    const bad: Part = { t: "param", name: "", q, bad: `\${${inner}}` };
    if (inner.length > 1 && inner[0] === "#") {
      const name = inner.slice(1);
      return /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])$/.test(name)
        ? { t: "param", name, q, length: true }
        : bad;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(inner);
    if (!m) return bad;
    const rest = inner.slice(m[1].length);
    if (rest === "") return { t: "param", name: m[1], q };
    const op = /^(:-|:=|:\+|:\?|##|%%|-|=|\+|\?|#|%)/.exec(rest)?.[1] as ParamOp | undefined;
    if (!op) return bad;
    const arg = this.sub.nest(
      () => new Lexer(rest.slice(op.length), 0, this.sub).readWord("param"),
      this.lineAt(at),
    );
    // Inside double quotes the default value is not split; a pattern (#, %) still matches.
    if (q && !op.includes("#") && !op.includes("%")) for (const p of arg.parts) p.q = true;
    return { t: "param", name: m[1], q, op, arg };
  }

  private readBacktick(q: boolean, end: number): Part {
    const open = this.pos;
    let text = "";
    let i = open + 1;
    for (; i < end && this.src[i] !== "`"; i++) {
      const c = this.src[i];
      const n = this.src[i + 1];
      if (c === "\\" && n !== undefined && ("$`\\".includes(n) || (q && n === '"'))) {
        text += n;
        i++;
      } else text += c;
    }
    if (i >= end) throw new ShellSyntaxError("quote", "`", this.lineAt(open));
    this.pos = i + 1;
    return { t: "cmd", body: this.sub.script(text), q };
  }

  /** bash's `((...))` at `pos` (after blanks): its inner text, or undefined when there is none. */
  readDoubleParen(): string | undefined {
    let i = this.pos;
    while (this.src[i] === " " || this.src[i] === "\t") i++;
    if (!this.src.startsWith("((", i)) return undefined;
    const close = this.findArithEnd(i + 2, this.src.length);
    if (close < 0) throw new ShellSyntaxError("eof", "((", this.lineAt(i), "))");
    this.pos = close + 2;
    return this.src.slice(i + 2, close);
  }

  /** An arithmetic expression's text as a word ($x and $(...) expand inside it). */
  arithWord(text: string): Word {
    return new Lexer(text, 0, this.sub).readWord("heredoc");
  }

  /** The right side of `[[ x =~ re ]]`: bash reads it raw, so ( | ) belong to the regex. */
  readRegex(): Word {
    while (this.src[this.pos] === " " || this.src[this.pos] === "\t") this.pos++;
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.src.length; this.pos++) {
      const c = this.src[this.pos];
      if (c === "\\") this.pos++;
      else if (c === "(") depth++;
      else if (c === ")") depth--;
      else if (depth <= 0 && (c === " " || c === "\t" || c === "\n")) break;
    }
    return new Lexer(this.src.slice(start, this.pos), 0, this.sub).readWord("param");
  }

  private findArithEnd(from: number, end: number): number {
    let depth = 0;
    for (let i = from; i < end; i++) {
      const c = this.src[i];
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0) return this.src[i + 1] === ")" ? i : -1;
        depth--;
      }
    }
    return -1;
  }

  private readHeredocs(): void {
    const docs = this.pending;
    this.pending = [];
    for (const doc of docs) {
      let body = "";
      let found = false;
      while (this.pos < this.src.length) {
        let nl = this.src.indexOf("\n", this.pos);
        if (nl < 0) nl = this.src.length;
        let line = this.src.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, this.src.length);
        if (doc.strip) line = line.replace(/^\t+/, "");
        if (line === doc.delim) {
          found = true;
          break;
        }
        body += `${line}\n`;
      }
      if (!found && !this.lenientHeredoc)
        throw new ShellSyntaxError("heredoc", doc.delim, this.lineAt(this.pos));
      doc.redir.body = doc.quoted
        ? { parts: [{ t: "lit", v: body, q: true }], text: body }
        : new Lexer(body, 0, this.sub).readWord("heredoc");
    }
  }
}

const C_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Decodes bash's $'...' from `pos` (after the quote); end -1 when unterminated. */
export function ansiC(s: string, pos: number): { text: string; end: number } {
  let text = "";
  for (let i = pos; i < s.length; i++) {
    const c = s[i];
    if (c === "'") return { text, end: i + 1 };
    if (c !== "\\") {
      text += c;
      continue;
    }
    const n = s[++i];
    if (n in C_ESCAPES) text += C_ESCAPES[n];
    else if (n === "x" || n === "u" || n === "U") {
      const m = (
        n === "x" ? /^[0-9a-fA-F]{1,2}/ : n === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/
      ).exec(s.slice(i + 1));
      if (m) {
        text += String.fromCodePoint(Number.parseInt(m[0], 16));
        i += m[0].length;
      } else text += `\\${n}`;
    } else if (n >= "0" && n <= "7") {
      // n is an octal digit, so the pattern matches at least it.
      const digits = /^[0-7]{1,3}/.exec(s.slice(i))?.[0] ?? n;
      text += String.fromCharCode(Number.parseInt(digits, 8) & 0xff);
      i += digits.length - 1;
    } else if (n === "c" && i + 1 < s.length) text += String.fromCharCode(s.charCodeAt(++i) & 0x1f);
    else text += `\\${n ?? ""}`;
  }
  return { text, end: -1 };
}
