// The grammar: lists, && and ||, pipelines, simple commands with assignments and redirects,
// if/for/while/until/case, { } groups, ( ) subshells, functions and bash's [[ ]]. A recursive
// descent over lexer.ts's tokens with one token of lookahead, as POSIX's grammar allows.

import {
  type AndOr,
  type Command,
  type DoubleBracket,
  type List,
  type Pipeline,
  plainText,
  type Redirect,
  type RedirOp,
  type Simple,
  type Word,
} from "./ast.js";
import { Lexer, MAX_NESTING, ShellSyntaxError, type SubParsers, type Token } from "./lexer.js";

export { ShellSyntaxError } from "./lexer.js";

export interface ParseOptions {
  /** bash accepts `[[ ]]`; busybox ash reads `[[` as a command. */
  bash: boolean;
  /** A here-document may end at end of input (non-interactive shells). */
  lenientHeredoc?: boolean;
}

/** Parses a whole script or command line; throws ShellSyntaxError. */
export function parseScript(src: string, opts: ParseOptions, nesting = { depth: 0 }): List {
  const p = new Parser(src, 0, opts, nesting);
  const list = p.parseList([]);
  const t = p.peek();
  if (t.k !== "eof") throw p.unexpected(t);
  return list;
}

/** True when `src` stops in the middle of a construct, so an interactive shell asks for more. */
export function needsMoreInput(src: string, opts: ParseOptions): boolean {
  try {
    parseScript(src, opts);
    return false;
  } catch (e) {
    if (e instanceof ShellSyntaxError) return e.incomplete;
    throw e;
  }
}

const REDIR_OPS = new Set(["<", ">", ">>", ">|", "<<", "<<-", "<<<", ">&", "<&", "&>", "&>>", "<>"]);
const NOT_A_COMMAND = new Set(["then", "else", "elif", "fi", "do", "done", "}", "esac"]);
const DBRACKET_OPS = new Set(["&&", "||", "(", ")", "<", ">"]);
/** Words that open a compound command, whose body nests one level deeper. */
const COMPOUND = new Set(["if", "for", "while", "until", "case", "function", "[[", "{"]);

class Parser {
  private readonly lx: Lexer;
  private readonly sub: SubParsers;
  private peeked: Token | undefined;

  constructor(
    src: string,
    pos: number,
    private readonly opts: ParseOptions,
    /** Shared by every parser of one script, $(...) and backticks included. */
    nesting: { depth: number },
  ) {
    const nest = <T>(f: () => T, line: number): T => {
      if (nesting.depth >= MAX_NESTING) throw new ShellSyntaxError("depth", "", line);
      nesting.depth++;
      try {
        return f();
      } finally {
        nesting.depth--;
      }
    };
    this.sub = {
      paren: (s, at) =>
        nest(() => {
          const p = new Parser(s, at, opts, nesting);
          const body = p.parseList([]);
          const t = p.take();
          if (t.k === "op" && t.v === ")") return { body, end: p.lx.pos };
          if (t.k === "eof") throw new ShellSyntaxError("eof", ")", p.lx.lineAt(t.start), ")");
          throw p.unexpected(t);
        }, this.lx.lineAt(at)),
      script: (text) => nest(() => parseScript(text, opts, nesting), 1),
      nest,
    };
    this.lx = new Lexer(src, pos, this.sub, opts.lenientHeredoc);
  }

  peek(): Token {
    this.peeked ??= this.lx.next();
    return this.peeked;
  }

  take(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  unexpected(t: Token, expecting?: string): ShellSyntaxError {
    const line = this.lx.lineAt(t.start);
    if (t.k === "eof") return new ShellSyntaxError("eof", "", line, expecting);
    const text = t.k === "nl" ? "newline" : t.k === "op" ? t.v : t.word.text;
    return new ShellSyntaxError("token", text, line);
  }

  /** Commands separated by ; & or newlines, up to a reserved word in `stops`, `)`, `;;` or the end. */
  parseList(stops: string[]): List {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.k === "eof") break;
      if (t.k === "op" && (t.v === ")" || t.v === ";;")) break;
      if (t.k === "word" && stops.includes(plainText(t.word) ?? "")) break;
      const item = this.parseAndOr();
      items.push(item);
      const sep = this.peek();
      if (sep.k === "op" && (sep.v === ";" || sep.v === "&")) {
        this.take();
        item.background = sep.v === "&";
      } else if (sep.k !== "nl") break;
    }
    return { items };
  }

  private skipNewlines(): void {
    while (this.peek().k === "nl") this.take();
  }

  /** A list where one is required: `if then` is an error; at end of input, say what was expected. */
  private nonEmpty(list: List, expecting: string): List {
    if (list.items.length === 0) throw this.unexpected(this.peek(), expecting);
    return list;
  }

  private isWord(t: Token, w: string): boolean {
    return t.k === "word" && plainText(t.word) === w;
  }

  private expectWord(w: string): void {
    const t = this.peek();
    if (this.isWord(t, w)) this.take();
    else throw this.unexpected(t, w);
  }

  private expectOp(v: string): void {
    const t = this.peek();
    if (t.k === "op" && t.v === v) this.take();
    else throw this.unexpected(t, v);
  }

  private parseAndOr(): AndOr {
    const node: AndOr = { first: this.parsePipeline(), rest: [], background: false };
    for (;;) {
      const t = this.peek();
      if (t.k !== "op" || (t.v !== "&&" && t.v !== "||")) return node;
      this.take();
      this.skipNewlines();
      node.rest.push({ op: t.v, pipeline: this.parsePipeline() });
    }
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    if (this.isWord(this.peek(), "!")) {
      this.take();
      negate = true;
    }
    const commands = [this.parseCommand()];
    for (;;) {
      const t = this.peek();
      if (t.k !== "op" || t.v !== "|") return { negate, commands };
      this.take();
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
  }

  private parseCommand(): Command {
    const t = this.peek();
    const compound =
      (t.k === "op" && t.v === "(") || (t.k === "word" && COMPOUND.has(plainText(t.word) ?? ""));
    return compound
      ? this.sub.nest(() => this.parseCommandAt(t), this.lx.lineAt(t.start))
      : this.parseCommandAt(t);
  }

  private parseCommandAt(t: Token): Command {
    if (t.k === "op" && t.v === "(" && this.opts.bash && this.lx.src[t.start + 1] === "(") {
      this.peeked = undefined;
      this.lx.pos = t.start;
      const expr = this.lx.arithWord(this.lx.readDoubleParen() ?? "");
      return { type: "arith", expr, redirs: this.parseRedirs(), line: this.lx.lineAt(t.start) };
    }
    if (t.k === "op" && t.v === "(") {
      this.take();
      const body = this.nonEmpty(this.parseList([]), ")");
      this.expectOp(")");
      return { type: "subshell", body, redirs: this.parseRedirs() };
    }
    if (t.k === "word") {
      const w = plainText(t.word);
      if (w === "if") return this.parseIf();
      if (w === "for") return this.parseFor();
      if (w === "while" || w === "until") return this.parseWhile(w === "until");
      if (w === "case") return this.parseCase();
      if (w === "function") return this.parseFunction();
      if (w === "[[" && this.opts.bash) return this.parseDoubleBracket();
      if (w === "{") {
        this.take();
        const body = this.nonEmpty(this.parseList(["}"]), "}");
        this.expectWord("}");
        return { type: "group", body, redirs: this.parseRedirs() };
      }
      if (w !== undefined && NOT_A_COMMAND.has(w)) throw this.unexpected(t);
    }
    return this.parseSimple();
  }

  private parseSimple(): Command {
    const start = this.peek();
    const node: Simple = {
      type: "simple",
      assigns: [],
      words: [],
      redirs: [],
      line: this.lx.lineAt(start.start),
    };
    for (;;) {
      const t = this.peek();
      if (t.k === "op" && REDIR_OPS.has(t.v)) node.redirs.push(this.parseRedir());
      else if (t.k === "word") {
        this.take();
        const assign = node.words.length === 0 ? asAssignment(t.word) : undefined;
        if (assign) node.assigns.push(assign);
        else node.words.push(t.word);
        const name = plainText(t.word);
        const n = this.peek();
        if (
          node.words.length === 1 &&
          !node.assigns.length &&
          n.k === "op" &&
          n.v === "(" &&
          name &&
          isName(name)
        ) {
          this.take();
          // `echo (` is a broken function definition: bash reports it at once, not as unfinished.
          const close = this.take();
          if (close.k !== "op" || close.v !== ")")
            throw this.unexpected(close.k === "eof" ? { k: "nl", start: close.start } : close);
          this.skipNewlines();
          return { type: "func", name, body: this.parseCommand() };
        }
      } else break;
    }
    if (!node.words.length && !node.assigns.length && !node.redirs.length) throw this.unexpected(start);
    return node;
  }

  private parseRedirs(): Redirect[] {
    const redirs: Redirect[] = [];
    for (let t = this.peek(); t.k === "op" && REDIR_OPS.has(t.v); t = this.peek())
      redirs.push(this.parseRedir());
    return redirs;
  }

  private parseRedir(): Redirect {
    const t = this.take() as Token & { k: "op" };
    const op = t.v as RedirOp;
    const target = this.take();
    if (target.k !== "word")
      throw this.unexpected(target.k === "eof" ? { k: "nl", start: target.start } : target);
    const redir: Redirect = { fd: t.fd ?? (op.startsWith("<") ? 0 : 1), op, target: target.word };
    if (op === "<<" || op === "<<-") this.lx.addHeredoc(redir, target.word, op === "<<-");
    return redir;
  }

  private parseIf(): Command {
    this.take();
    const clauses: { cond: List; body: List }[] = [];
    let orElse: List | undefined;
    for (;;) {
      const cond = this.nonEmpty(this.parseList(["then"]), "then");
      this.expectWord("then");
      clauses.push({ cond, body: this.nonEmpty(this.parseList(["elif", "else", "fi"]), "fi") });
      const t = this.peek();
      if (this.isWord(t, "elif")) {
        this.take();
        continue;
      }
      if (this.isWord(t, "else")) {
        this.take();
        orElse = this.nonEmpty(this.parseList(["fi"]), "fi");
      }
      this.expectWord("fi");
      return { type: "if", clauses, orElse, redirs: this.parseRedirs() };
    }
  }

  private parseFor(): Command {
    const forTok = this.take();
    const arith = this.opts.bash ? this.lx.readDoubleParen() : undefined;
    if (arith !== undefined) return this.parseForArith(arith, forTok);
    const nameTok = this.take();
    const name = nameTok.k === "word" ? plainText(nameTok.word) : undefined;
    if (!name || !isName(name)) throw this.unexpected(nameTok);
    this.skipNewlines();
    let items: Word[] | null = null;
    if (this.isWord(this.peek(), "in")) {
      this.take();
      items = [];
      for (let t = this.peek(); t.k === "word"; t = this.peek())
        items.push((this.take() as { word: Word }).word);
    }
    const sep = this.peek();
    if (sep.k === "op" && sep.v === ";") this.take();
    else if (sep.k !== "nl" && !(items === null && this.isWord(sep, "do"))) throw this.unexpected(sep, "do");
    this.skipNewlines();
    this.expectWord("do");
    const body = this.nonEmpty(this.parseList(["done"]), "done");
    this.expectWord("done");
    return { type: "for", name, items, body, redirs: this.parseRedirs() };
  }

  /** `for ((init; cond; step)); do ...; done` (bash). */
  private parseForArith(text: string, forTok: Token): Command {
    const [init, cond, step, extra] = text.split(";");
    if (step === undefined || extra !== undefined)
      throw new ShellSyntaxError("token", "((", this.lx.lineAt(forTok.start));
    const sep = this.peek();
    if (sep.k === "op" && sep.v === ";") this.take();
    this.skipNewlines();
    this.expectWord("do");
    const body = this.nonEmpty(this.parseList(["done"]), "done");
    this.expectWord("done");
    const w = (s: string) => this.lx.arithWord(s);
    return { type: "cfor", init: w(init), cond: w(cond), step: w(step), body, redirs: this.parseRedirs() };
  }

  private parseWhile(until: boolean): Command {
    this.take();
    const cond = this.nonEmpty(this.parseList(["do"]), "do");
    this.expectWord("do");
    const body = this.nonEmpty(this.parseList(["done"]), "done");
    this.expectWord("done");
    return { type: "while", until, cond, body, redirs: this.parseRedirs() };
  }

  private parseCase(): Command {
    this.take();
    const subj = this.take();
    if (subj.k !== "word") throw this.unexpected(subj);
    this.skipNewlines();
    this.expectWord("in");
    const arms: { patterns: Word[]; body: List }[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.peek();
      if (this.isWord(t, "esac")) break;
      if (t.k === "op" && t.v === "(") this.take();
      const patterns: Word[] = [];
      for (;;) {
        t = this.take();
        if (t.k !== "word") throw this.unexpected(t, "esac");
        patterns.push(t.word);
        const n = this.peek();
        if (n.k === "op" && n.v === "|") this.take();
        else break;
      }
      this.expectOp(")");
      arms.push({ patterns, body: this.parseList(["esac"]) });
      const end = this.peek();
      if (end.k === "op" && end.v === ";;") this.take();
      else if (!this.isWord(end, "esac")) throw this.unexpected(end, "esac");
    }
    this.expectWord("esac");
    return { type: "case", subject: subj.word, arms, redirs: this.parseRedirs() };
  }

  private parseFunction(): Command {
    this.take();
    const t = this.take();
    const name = t.k === "word" ? plainText(t.word) : undefined;
    if (!name) throw this.unexpected(t);
    const n = this.peek();
    if (n.k === "op" && n.v === "(") {
      this.take();
      this.expectOp(")");
    }
    this.skipNewlines();
    return { type: "func", name, body: this.parseCommand() };
  }

  private parseDoubleBracket(): Command {
    const start = this.take();
    const node: DoubleBracket = { type: "dbracket", args: [], redirs: [], line: this.lx.lineAt(start.start) };
    for (;;) {
      const t = this.take();
      if (t.k === "eof") throw this.unexpected(t, "]]");
      if (t.k === "nl") continue;
      if (t.k === "word" && plainText(t.word) === "]]") break;
      if (t.k === "word") {
        node.args.push(t.word);
        if (plainText(t.word) === "=~") node.args.push(this.lx.readRegex());
      } else if (DBRACKET_OPS.has(t.v)) node.args.push(t.v);
      else throw this.unexpected(t);
    }
    node.redirs = this.parseRedirs();
    return node;
  }
}

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** `NAME=value` or `NAME+=value` at the start of a simple command (the name unquoted). */
function asAssignment(w: Word): { name: string; value: Word; append: boolean } | undefined {
  const first = w.parts[0];
  if (first?.t !== "lit" || first.q) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  const parts = rest ? [{ ...first, v: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
  return { name: m[1], value: { parts, text: w.text.slice(m[0].length) }, append: m[2] === "+" };
}
