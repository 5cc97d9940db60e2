// The lexer of Go's text/template (as in Go 1.23, which kubectl v1.32 is built with). Error
// texts and where the lexer stops matter: kubectl prints them verbatim.

import { goQuote } from "../golang/fmt.js";
import { runeU } from "../golang/strconv.js";
import { runeAt } from "../golang/utf8.js";

export type ItemType =
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "assign"
  | "declare"
  | "eof"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable"
  // Keywords: Go prints these as `<val>` in "unexpected ..." errors.
  | "block"
  | "break"
  | "continue"
  | "dot"
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil"
  | "range"
  | "template"
  | "with";

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS = new Set([
  "block",
  "break",
  "continue",
  "define",
  "else",
  "end",
  "if",
  "range",
  "nil",
  "template",
  "with",
]);
const isKeyword = (t: ItemType) => KEYWORDS.has(t) || t === "dot";

/** Go's item.String(), used in "unexpected X in Y" messages. */
export function itemString(i: Item): string {
  if (i.typ === "eof") return "EOF";
  if (i.typ === "error") return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if ([...i.val].length > 10) return `${goQuoteN(i.val, 10)}...`;
  return goQuoteN(i.val, Infinity);
}

// %.10q quotes the first ten runes.
function goQuoteN(s: string, n: number): string {
  return goQuote([...s].slice(0, n).join(""));
}

const EOF = "";
export const isSpace = (r: string) => r === " " || r === "\t" || r === "\r" || r === "\n";
export const isAlphaNumeric = (r: string) => r === "_" || /^[\p{L}\p{Nd}]$/u.test(r);

type State = false | (() => State);

/** Lexes the whole template; the item list ends with an "eof" or an "error" item. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let start = 0;
  let pos = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const next = (): string => {
    if (pos >= input.length) {
      pos = input.length + 1; // so that backup() after EOF is harmless
      return EOF;
    }
    const r = String.fromCodePoint(runeAt(input, pos));
    pos += r.length;
    if (r === "\n") line++;
    return r;
  };
  const backup = (r: string) => {
    if (r === EOF) pos = input.length;
    else {
      pos -= r.length;
      if (r === "\n") line--;
    }
  };
  const peek = () => {
    const r = next();
    backup(r);
    return r;
  };
  const emit = (typ: ItemType) => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const fail = (msg: string): false => {
    items.push({ typ: "error", pos: start, val: msg, line: startLine });
    return false;
  };
  const accept = (valid: string) => {
    const r = next();
    if (r !== EOF && valid.includes(r)) return true;
    backup(r);
    return false;
  };
  const acceptRun = (valid: string) => {
    while (accept(valid));
  };
  const hasLeftTrim = (s: string) => s.length >= 2 && s[0] === "-" && isSpace(s[1]);
  const hasRightTrim = (s: string) => s.length >= 2 && isSpace(s[0]) && s[1] === "-";
  const atRightDelim = (): [boolean, boolean] => {
    const rest = input.slice(pos);
    if (hasRightTrim(rest) && rest.startsWith("}}", 2)) return [true, true];
    return [rest.startsWith("}}"), false];
  };
  const atTerminator = () => {
    const r = peek();
    return isSpace(r) || [EOF, ".", ",", "|", ":", ")", "("].includes(r) || input.startsWith("}}", pos);
  };
  const leftTrimLength = (s: string) => s.length - s.replace(/^[ \t\r\n]+/, "").length;
  const rightTrimLength = (s: string) => s.length - s.replace(/[ \t\r\n]+$/, "").length;
  // Jumps ahead without next(), so count the newlines skipped to keep `line` exact.
  const skipTo = (p: number) => {
    line += count(input.slice(pos, p), "\n");
    pos = p;
    start = pos;
    startLine = line;
  };

  // Each state returns the next one, or false when lexing must stop (EOF or error emitted),
  // as Go's lexer does: calling it instead would grow the JS stack with every action.
  const lexText = (): State => {
    const x = input.indexOf("{{", pos);
    if (x < 0) {
      pos = input.length;
      if (pos > start) {
        line += count(input.slice(start, pos), "\n");
        emit("text");
      }
      items.push({ typ: "eof", pos, val: "", line });
      return false;
    }
    if (x > pos) {
      const trim = hasLeftTrim(input.slice(x + 2)) ? rightTrimLength(input.slice(start, x)) : 0;
      pos = x - trim;
      line += count(input.slice(start, pos), "\n");
      if (pos > start) emit("text");
      skipTo(x);
    }
    return lexLeftDelim;
  };

  const lexLeftDelim = (): State => {
    pos += 2;
    const after = hasLeftTrim(input.slice(pos)) ? 2 : 0;
    if (input.startsWith("/*", pos + after)) {
      skipTo(pos + after);
      return lexComment;
    }
    emit("leftDelim");
    skipTo(pos + after);
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment = (): State => {
    const x = input.indexOf("*/", pos + 2);
    if (x < 0) return fail("unclosed comment");
    pos = x + 2;
    const [delim, trim] = atRightDelim();
    if (!delim) return fail("comment ends before closing delimiter");
    let p = pos + (trim ? 2 : 0) + 2;
    if (trim) p += leftTrimLength(input.slice(p));
    line += count(input.slice(start, p), "\n");
    pos = p;
    start = p;
    startLine = line;
    return lexText;
  };

  const lexRightDelim = (trim: boolean): State => {
    if (trim) skipTo(pos + 2);
    pos += 2;
    emit("rightDelim");
    if (trim) skipTo(pos + leftTrimLength(input.slice(pos)));
    return lexText;
  };

  const lexInsideAction = (): State => {
    for (;;) {
      const [delim, trim] = atRightDelim();
      if (delim) {
        if (parenDepth === 0) return () => lexRightDelim(trim);
        return fail("unclosed left paren");
      }
      const r = next();
      if (r === EOF) return fail("unclosed action");
      if (isSpace(r)) {
        backup(r);
        if (!lexSpace()) continue;
      } else if (r === "=") emit("assign");
      else if (r === ":") {
        if (next() !== "=") return fail("expected :=");
        emit("declare");
      } else if (r === "|") emit("pipe");
      else if (r === '"') {
        if (!lexQuote('"', "unterminated quoted string", true)) return false;
      } else if (r === "`") {
        const x = input.indexOf("`", pos);
        if (x < 0) return fail("unterminated raw quoted string");
        line += count(input.slice(pos, x + 1), "\n");
        pos = x + 1;
        emit("rawString");
      } else if (r === "$") {
        if (!lexFieldOrVariable("variable")) return false;
      } else if (r === "'") {
        if (!lexQuote("'", "unterminated character constant", false)) return false;
      } else if (r === "." && pos < input.length && !(input[pos] >= "0" && input[pos] <= "9")) {
        if (!lexFieldOrVariable("field")) return false;
      } else if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
        backup(r);
        if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        emit("number");
      } else if (isAlphaNumeric(r)) {
        backup(r);
        if (!lexIdentifier()) return false;
      } else if (r === "(") {
        parenDepth++;
        emit("leftParen");
      } else if (r === ")") {
        parenDepth--;
        if (parenDepth < 0) return fail("unexpected right paren");
        emit("rightParen");
      } else if (runeAt(r, 0) <= 0x7f && runeAt(r, 0) >= 0x20 && r !== "\x7f") emit("char");
      else return fail(`unrecognized character in action: ${runeU(r)}`);
    }
  };

  // Returns true when the space was swallowed (a lone space before " -}}").
  const lexSpace = (): boolean => {
    let n = 0;
    while (isSpace(peek())) {
      next();
      n++;
    }
    if (hasRightTrim(input.slice(pos - 1)) && input.startsWith("}}", pos + 1)) {
      backup(input[pos - 1]);
      if (n === 1) return true;
    }
    emit("space");
    return false;
  };

  const lexQuote = (q: string, unterminated: string, isString: boolean): boolean => {
    for (;;) {
      let r = next();
      if (r === "\\") {
        r = next();
        if (r !== EOF && r !== "\n") continue;
        return fail(unterminated);
      }
      if (r === EOF || r === "\n") return fail(unterminated);
      if (r === q) break;
    }
    emit(isString ? "string" : "charConstant");
    return true;
  };

  const lexFieldOrVariable = (typ: "field" | "variable"): boolean => {
    if (atTerminator()) {
      emit(typ === "variable" ? "variable" : "dot");
      return true;
    }
    let r: string;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${runeU(r)}`);
    emit(typ);
    return true;
  };

  const lexIdentifier = (): boolean => {
    let r: string;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${runeU(r)}`);
    const word = input.slice(start, pos);
    if (KEYWORDS.has(word)) emit(word as ItemType);
    else if (word === "true" || word === "false") emit("bool");
    else emit("identifier");
    return true;
  };

  const scanNumber = (): boolean => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  for (let state: State = lexText; state; ) state = state();
  return items;
}

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}
