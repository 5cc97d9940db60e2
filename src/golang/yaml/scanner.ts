// A tokenizer that follows go-yaml v2's scanner (itself a port of libyaml) step for step.
// kubectl's YAML error messages, and their line numbers, are whatever this state machine
// reports at the moment it gets stuck, so the simple-key bookkeeping, indentation stack and
// token queue are reproduced exactly rather than approximated.

import { must } from "../../util/must.js";
import { Cursor } from "./cursor.js";
import { type Mark, scannerError } from "./errors.js";
import { scanBlockScalar, scanFlowScalar, scanPlainScalar } from "./scalars.js";
import { scanAnchor, scanDirective, scanTag } from "./tags.js";

export type TokType =
  | "STREAM-START"
  | "STREAM-END"
  | "VERSION-DIRECTIVE"
  | "TAG-DIRECTIVE"
  | "DOCUMENT-START"
  | "DOCUMENT-END"
  | "BLOCK-SEQUENCE-START"
  | "BLOCK-MAPPING-START"
  | "BLOCK-END"
  | "FLOW-SEQUENCE-START"
  | "FLOW-SEQUENCE-END"
  | "FLOW-MAPPING-START"
  | "FLOW-MAPPING-END"
  | "BLOCK-ENTRY"
  | "FLOW-ENTRY"
  | "KEY"
  | "VALUE"
  | "ALIAS"
  | "ANCHOR"
  | "TAG"
  | "SCALAR";

export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

export interface Token {
  type: TokType;
  start: Mark;
  end: Mark;
  value?: string;
  style?: ScalarStyle;
  /** TAG: handle; TAG-DIRECTIVE: handle. */
  handle?: string;
  /** TAG: suffix; TAG-DIRECTIVE: prefix. */
  suffix?: string;
  major?: number;
  minor?: number;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const MAX_DEPTH = 10000;

export class Scanner extends Cursor {
  indent = -1;
  flowLevel = 0;
  simpleKeyAllowed = false;

  private tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  private indents: number[] = [];
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  // ---- token queue --------------------------------------------------------------------

  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head];
  }
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.head++;
    // Drop consumed tokens now and then; positions are kept relative to head.
    if (this.head > 1024) {
      this.tokens = this.tokens.slice(this.head);
      this.head = 0;
    }
  }
  private insertToken(at: number, tok: Token): void {
    if (at < 0) this.tokens.push(tok);
    else this.tokens.splice(this.head + at, 0, tok);
  }
  private push(type: TokType, start: Mark, end = start): void {
    this.insertToken(-1, { type, start: { ...start }, end: { ...end } });
  }
  pushToken(tok: Token): void {
    this.insertToken(-1, tok);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        // A queued token may still turn out to be a simple key; keep scanning until we know.
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined || !this.simpleKeyIsValid(this.simpleKeys[idx])) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.ensure(1);
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.here() });
      this.simpleKeyAllowed = true;
      this.streamStartProduced = true;
      this.push("STREAM-START", this.mark);
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.ensure(4);
    const c = this.ch();
    const s = String.fromCodePoint(c || 1);
    const col0 = this.mark.column === 0;
    const blankAfter = this.isBlankZ(1);
    if (c === 0) this.fetchStreamEnd();
    else if (col0 && s === "%") this.fetchDirective();
    else if (col0 && this.startsIndicator("-")) this.fetchDocumentIndicator("DOCUMENT-START");
    else if (col0 && this.startsIndicator(".")) this.fetchDocumentIndicator("DOCUMENT-END");
    else if (s === "[") this.fetchFlowCollectionStart("FLOW-SEQUENCE-START");
    else if (s === "{") this.fetchFlowCollectionStart("FLOW-MAPPING-START");
    else if (s === "]") this.fetchFlowCollectionEnd("FLOW-SEQUENCE-END");
    else if (s === "}") this.fetchFlowCollectionEnd("FLOW-MAPPING-END");
    else if (s === ",") this.fetchSimple("FLOW-ENTRY", true);
    else if (s === "-" && blankAfter) this.fetchBlockEntry();
    else if (s === "?" && (this.flowLevel > 0 || blankAfter)) this.fetchKey();
    else if (s === ":" && (this.flowLevel > 0 || blankAfter)) this.fetchValue();
    else if (s === "*" || s === "&") this.fetchAnchor(s === "*" ? "ALIAS" : "ANCHOR");
    else if (s === "!") this.fetchTag();
    else if ((s === "|" || s === ">") && this.flowLevel === 0) {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.pushToken(scanBlockScalar(this, s === "|"));
    } else if (s === "'" || s === '"') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.pushToken(scanFlowScalar(this, s === "'"));
    } else if (this.startsPlainScalar(s)) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.pushToken(scanPlainScalar(this));
    } else {
      throw scannerError("found character that cannot start any token", this.mark, this.mark);
    }
  }

  /** `---` or `...` followed by a blank: a document marker (at column 0). */
  private startsIndicator(c: string): boolean {
    return this.is(c) && this.is(c, 1) && this.is(c, 2) && this.isBlankZ(3);
  }

  /** Plain scalars may not start with an indicator, except `-`, `?`, `:` glued to text. */
  private startsPlainScalar(s: string): boolean {
    const indicator = this.isBlankZ() || "-?:,[]{}#&*!|>'\"%@`".includes(s);
    return (
      !indicator ||
      (s === "-" && !this.isBlank(1)) ||
      (this.flowLevel === 0 && (s === "?" || s === ":") && !this.isBlankZ(1))
    );
  }

  private scanToNextToken(): void {
    for (;;) {
      // go-yaml means to skip a BOM at the start of a line here, but its is_bom() looks at
      // the start of its buffer instead, so a BOM inside a document is ordinary text.
      this.ensure(1);
      // Tabs only separate tokens in flow context or after something that forbids a key.
      while (this.is(" ") || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.is("\t"))) {
        this.skip();
        this.ensure(1);
      }
      if (this.is("#")) {
        while (!this.isBreakZ()) {
          this.skip();
          this.ensure(1);
        }
      }
      if (!this.isBreak()) break;
      this.ensure(2);
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  // ---- simple keys and indentation ----------------------------------------------------

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    // A simple key must fit on one line and within 1024 characters.
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) throw scannerError("could not find expected ':'", this.mark, key.mark);
      key.possible = false;
      return false;
    }
    return true;
  }

  saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = {
      possible: true,
      required,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.here(),
    };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (!key.possible) return;
    if (key.required) throw scannerError("could not find expected ':'", this.mark, key.mark);
    key.possible = false;
    this.simpleKeysByTok.delete(key.tokenNumber);
  }

  private rollIndent(column: number, number: number, type: TokType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_DEPTH) {
      const key = this.simpleKeys[this.simpleKeys.length - 1];
      throw scannerError(`exceeded max depth of ${MAX_DEPTH}`, this.mark, key.mark);
    }
    const tok: Token = { type, start: { ...mark }, end: { ...mark } };
    this.insertToken(number > -1 ? number - this.tokensParsed : -1, tok);
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.push("BLOCK-END", this.mark);
      this.indent = must(this.indents.pop(), "the YAML scanner unrolled past its first indent");
    }
  }

  // ---- token fetchers -----------------------------------------------------------------

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.push("STREAM-END", this.mark);
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.pushToken(scanDirective(this));
  }

  private fetchDocumentIndicator(type: TokType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    this.skip();
    this.skip();
    this.push(type, start, this.mark);
  }

  private fetchFlowCollectionStart(type: TokType): void {
    this.saveSimpleKey();
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      mark: this.here(),
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_DEPTH) {
      throw scannerError(
        `exceeded max depth of ${MAX_DEPTH}`,
        this.mark,
        must(this.simpleKeys.at(-1), "no YAML simple key to report").mark,
      );
    }
    this.fetchSimple(type, true, false);
  }

  private fetchFlowCollectionEnd(type: TokType): void {
    this.removeSimpleKey();
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const key = must(this.simpleKeys.pop(), "the YAML scanner popped an empty simple-key stack");
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
    this.fetchSimple(type, false, false);
  }

  /** A one-character indicator token. */
  private fetchSimple(type: TokType, allowKeyAfter: boolean, removeKey = true): void {
    if (removeKey) this.removeSimpleKey();
    this.simpleKeyAllowed = allowKeyAfter;
    const start = this.here();
    this.skip();
    this.push(type, start, this.mark);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        throw scannerError("block sequence entries are not allowed in this context", this.mark, this.mark);
      }
      this.rollIndent(this.mark.column, -1, "BLOCK-SEQUENCE-START", this.mark);
    }
    this.fetchSimple("BLOCK-ENTRY", true);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        throw scannerError("mapping keys are not allowed in this context", this.mark, this.mark);
      }
      this.rollIndent(this.mark.column, -1, "BLOCK-MAPPING-START", this.mark);
    }
    this.fetchSimple("KEY", this.flowLevel === 0);
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(key)) {
      // The scalar (or collection) seen earlier was a key after all: insert KEY before it.
      this.insertToken(key.tokenNumber - this.tokensParsed, {
        type: "KEY",
        start: { ...key.mark },
        end: { ...key.mark },
      });
      this.rollIndent(key.mark.column, key.tokenNumber, "BLOCK-MAPPING-START", key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) {
          throw scannerError("mapping values are not allowed in this context", this.mark, this.mark);
        }
        this.rollIndent(this.mark.column, -1, "BLOCK-MAPPING-START", this.mark);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.here();
    this.skip();
    this.push("VALUE", start, this.mark);
  }

  private fetchAnchor(type: "ALIAS" | "ANCHOR"): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.pushToken(scanAnchor(this, type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.pushToken(scanTag(this));
  }
}
