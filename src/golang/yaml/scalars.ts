// Scalar scanning (block, quoted and plain) with go-yaml's folding rules and error texts.
import { scannerError } from "./errors.js";
import { finishLine } from "./lineend.js";
import type { Scanner, Token } from "./scanner.js";

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function atDocumentIndicator(s: Scanner): boolean {
  return (
    s.mark.column === 0 &&
    ((s.is("-") && s.is("-", 1) && s.is("-", 2)) || (s.is(".") && s.is(".", 1) && s.is(".", 2))) &&
    s.isBlankZ(3)
  );
}

/** Indentation and empty lines before/inside a block scalar; settles an auto-detected indent. */
function blockScalarBreaks(
  s: Scanner,
  indent: number,
): { indent: number; breaks: string; end: ReturnType<Scanner["here"]> } {
  let end = s.here();
  let breaks = "";
  let maxIndent = 0;
  for (;;) {
    s.ensure(1);
    while ((indent === 0 || s.mark.column < indent) && s.is(" ")) {
      s.skip();
      s.ensure(1);
    }
    if (s.mark.column > maxIndent) maxIndent = s.mark.column;
    if ((indent === 0 || s.mark.column < indent) && s.is("\t")) {
      throw scannerError("found a tab character where an indentation space is expected", s.mark);
    }
    if (!s.isBreak()) break;
    s.ensure(2);
    breaks += s.readLine();
    end = s.here();
  }
  if (indent === 0) indent = Math.max(maxIndent, s.indent + 1, 1);
  return { indent, breaks, end };
}

export function scanBlockScalar(s: Scanner, literal: boolean): Token {
  const start = s.here();
  s.skip();
  s.ensure(1);
  let chomping = 0;
  let increment = 0;
  const readIncrement = () => {
    if (s.is("0")) throw scannerError("found an indentation indicator equal to 0", s.mark, start);
    increment = s.ch() - 0x30;
    s.skip();
  };
  if (s.is("+") || s.is("-")) {
    chomping = s.is("+") ? 1 : -1;
    s.skip();
    s.ensure(1);
    if (isDigit(s.ch())) readIncrement();
  } else if (isDigit(s.ch())) {
    readIncrement();
    s.ensure(1);
    if (s.is("+") || s.is("-")) {
      chomping = s.is("+") ? 1 : -1;
      s.skip();
    }
  }
  finishLine(s, start);
  let indent = increment > 0 ? (s.indent >= 0 ? s.indent + increment : increment) : 0;
  let r = blockScalarBreaks(s, indent);
  indent = r.indent;
  let trailingBreaks = r.breaks;
  let end = r.end;
  let value = "";
  let leadingBreak = "";
  let leadingBlank = false;
  s.ensure(1);
  while (s.mark.column === indent && s.ch() !== 0) {
    const trailingBlank = s.isBlank();
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith("\n")) {
      if (trailingBreaks === "") value += " ";
    } else {
      value += leadingBreak;
    }
    leadingBreak = "";
    value += trailingBreaks;
    trailingBreaks = "";
    leadingBlank = s.isBlank();
    while (!s.isBreakZ()) {
      value += s.read();
      s.ensure(1);
    }
    s.ensure(2);
    leadingBreak = s.readLine();
    r = blockScalarBreaks(s, indent);
    indent = r.indent;
    trailingBreaks = r.breaks;
    end = r.end;
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += trailingBreaks;
  return { type: "SCALAR", start, end, value, style: literal ? "literal" : "folded" };
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "'": "'",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The blanks and line breaks between two runs of a flow or plain scalar, and how go-yaml
 * folds them: a lone break becomes a space, more breaks stay as breaks.
 */
class Gap {
  leadingBreak = "";
  trailingBreaks = "";
  whitespaces = "";
  leadingBlanks = false;

  /** Consumes one blank or one line break. */
  take(s: Scanner): void {
    if (s.isBlank()) {
      if (!this.leadingBlanks) this.whitespaces += s.read();
      else s.skip();
      return;
    }
    s.ensure(2);
    if (!this.leadingBlanks) {
      this.whitespaces = "";
      this.leadingBreak = s.readLine();
      this.leadingBlanks = true;
    } else {
      this.trailingBreaks += s.readLine();
    }
  }

  /** The gap's text as it folds into the value; the gap is empty after. */
  fold(): string {
    if (!this.leadingBlanks) {
      const text = this.whitespaces;
      this.whitespaces = "";
      return text;
    }
    const text = this.leadingBreak.startsWith("\n")
      ? this.trailingBreaks === ""
        ? " "
        : this.trailingBreaks
      : this.leadingBreak + this.trailingBreaks;
    this.leadingBreak = "";
    this.trailingBreaks = "";
    this.leadingBlanks = false;
    return text;
  }
}

export function scanFlowScalar(s: Scanner, single: boolean): Token {
  const start = s.here();
  s.skip();
  let value = "";
  const gap = new Gap();
  for (;;) {
    s.ensure(4);
    if (atDocumentIndicator(s)) throw scannerError("found unexpected document indicator", s.mark, start);
    if (s.ch() === 0) throw scannerError("found unexpected end of stream", s.mark, start);
    gap.leadingBlanks = false;
    while (!s.isBlankZ()) {
      if (single && s.is("'") && s.is("'", 1)) {
        value += "'";
        s.skip();
        s.skip();
      } else if (s.is(single ? "'" : '"')) {
        break;
      } else if (!single && s.is("\\") && s.isBreak(1)) {
        s.ensure(3);
        s.skip();
        s.skipLine();
        gap.leadingBlanks = true;
        break;
      } else if (!single && s.is("\\")) {
        const e = String.fromCodePoint(s.ch(1) || 1);
        const codeLength = HEX_LENGTH[e] ?? 0;
        if (!codeLength && ESCAPES[e] === undefined) {
          throw scannerError("found unknown escape character", s.mark, start);
        }
        s.skip();
        s.skip();
        if (codeLength) {
          s.ensure(codeLength);
          let code = 0;
          for (let k = 0; k < codeLength; k++) {
            if (!isHex(s.ch(k))) throw scannerError("did not find expected hexdecimal number", s.mark, start);
            code = code * 16 + Number.parseInt(String.fromCodePoint(s.ch(k)), 16);
          }
          if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
            throw scannerError("found invalid Unicode character escape code", s.mark, start);
          }
          value += String.fromCodePoint(code);
          for (let k = 0; k < codeLength; k++) s.skip();
        } else {
          value += ESCAPES[e];
        }
      } else {
        value += s.read();
      }
      s.ensure(2);
    }
    s.ensure(1);
    if (s.is(single ? "'" : '"')) break;
    while (s.isBlank() || s.isBreak()) {
      gap.take(s);
      s.ensure(1);
    }
    value += gap.fold();
  }
  s.skip();
  return { type: "SCALAR", start, end: s.here(), value, style: single ? "single" : "double" };
}

export function scanPlainScalar(s: Scanner): Token {
  const indent = s.indent + 1;
  const start = s.here();
  let end = s.here();
  let value = "";
  const gap = new Gap();
  for (;;) {
    s.ensure(4);
    if (atDocumentIndicator(s) || s.is("#")) break;
    while (!s.isBlankZ()) {
      if (
        (s.is(":") && s.isBlankZ(1)) ||
        (s.flowLevel > 0 && (s.is(",") || s.is("?") || s.is("[") || s.is("]") || s.is("{") || s.is("}")))
      ) {
        break;
      }
      if (gap.leadingBlanks || gap.whitespaces !== "") value += gap.fold();
      value += s.read();
      end = s.here();
      s.ensure(2);
    }
    if (!(s.isBlank() || s.isBreak())) break;
    s.ensure(1);
    while (s.isBlank() || s.isBreak()) {
      if (s.isBlank() && gap.leadingBlanks && s.mark.column < indent && s.is("\t")) {
        throw scannerError("found a tab character that violates indentation", s.mark, start);
      }
      gap.take(s);
      s.ensure(1);
    }
    if (s.flowLevel === 0 && s.mark.column < indent) break;
  }
  // A plain scalar that ran over a line break leaves the scanner at a fresh line.
  if (gap.leadingBlanks) s.simpleKeyAllowed = true;
  return { type: "SCALAR", start, end, value, style: "plain" };
}
