// Directives, tags and anchors, scanned with go-yaml's rules and error texts.
import { scannerError } from "./errors.js";
import { eatBlanks, finishLine } from "./lineend.js";
import type { Scanner, Token } from "./scanner.js";

const URI_PUNCT = ";/?:@&=+$,.!~*'()[]%";

function isDigit(s: Scanner, k = 0): boolean {
  const c = s.ch(k);
  return c >= 0x30 && c <= 0x39;
}

function isHex(s: Scanner, k: number): boolean {
  const c = s.ch(k);
  return isDigit(s, k) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export function scanAnchor(s: Scanner, type: "ALIAS" | "ANCHOR"): Token {
  const start = s.here();
  s.skip();
  s.ensure(1);
  let value = "";
  while (s.isAlpha()) {
    value += s.read();
    s.ensure(1);
  }
  const end = s.here();
  const next = String.fromCodePoint(s.ch() || 1);
  if (value === "" || !(s.isBlankZ() || "?:,]}%@`".includes(next))) {
    throw scannerError("did not find expected alphabetic or numeric character", s.mark, start);
  }
  return { type, start, end, value };
}

function scanTagHandle(s: Scanner, directive: boolean): string {
  s.ensure(1);
  if (!s.is("!")) throw scannerError("did not find expected '!'", s.mark);
  let h = s.read();
  s.ensure(1);
  while (s.isAlpha()) {
    h += s.read();
    s.ensure(1);
  }
  if (s.is("!")) h += s.read();
  else if (directive && h !== "!") throw scannerError("did not find expected '!'", s.mark);
  return h;
}

function scanUriEscapes(s: Scanner): string {
  const bytes: number[] = [];
  let w = 1024;
  while (w > 0) {
    s.ensure(3);
    if (!(s.is("%") && isHex(s, 1) && isHex(s, 2)))
      throw scannerError("did not find URI escaped octet", s.mark);
    const octet = Number.parseInt(String.fromCodePoint(s.ch(1), s.ch(2)), 16);
    if (w === 1024) {
      w =
        octet < 0x80
          ? 1
          : (octet & 0xe0) === 0xc0
            ? 2
            : (octet & 0xf0) === 0xe0
              ? 3
              : (octet & 0xf8) === 0xf0
                ? 4
                : 0;
      if (w === 0) throw scannerError("found an incorrect leading UTF-8 octet", s.mark);
    } else if ((octet & 0xc0) !== 0x80) {
      throw scannerError("found an incorrect trailing UTF-8 octet", s.mark);
    }
    bytes.push(octet);
    s.skip();
    s.skip();
    s.skip();
    w--;
  }
  return Buffer.from(bytes).toString("utf8");
}

function scanTagUri(s: Scanner, head: string): string {
  let uri = head.length > 1 ? head.slice(1) : "";
  let hasTag = head.length > 0;
  s.ensure(1);
  while (s.isAlpha() || URI_PUNCT.includes(String.fromCodePoint(s.ch() || 1))) {
    uri += s.is("%") ? scanUriEscapes(s) : s.read();
    s.ensure(1);
    hasTag = true;
  }
  if (!hasTag) throw scannerError("did not find expected tag URI", s.mark);
  return uri;
}

export function scanTag(s: Scanner): Token {
  const start = s.here();
  s.ensure(2);
  let handle: string;
  let suffix: string;
  if (s.is("<", 1)) {
    handle = "";
    s.skip();
    s.skip();
    suffix = scanTagUri(s, "");
    if (!s.is(">")) throw scannerError("did not find the expected '>'", s.mark, start);
    s.skip();
  } else {
    handle = scanTagHandle(s, false);
    if (handle.length > 1 && handle.endsWith("!")) {
      suffix = scanTagUri(s, "");
    } else {
      // `!foo` is the primary handle followed by a suffix; a lone `!` is the non-specific tag.
      suffix = scanTagUri(s, handle);
      handle = "!";
      if (suffix === "") [handle, suffix] = ["", "!"];
    }
  }
  s.ensure(1);
  if (!s.isBlankZ()) throw scannerError("did not find expected whitespace or line break", s.mark, start);
  return { type: "TAG", start, end: s.here(), handle, suffix };
}

function scanVersionNumber(s: Scanner): number {
  s.ensure(1);
  let value = 0;
  let length = 0;
  while (isDigit(s)) {
    if (++length > 2) throw scannerError("found extremely long version number", s.mark);
    value = value * 10 + (s.ch() - 0x30);
    s.skip();
    s.ensure(1);
  }
  if (length === 0) throw scannerError("did not find expected version number", s.mark);
  return value;
}

export function scanDirective(s: Scanner): Token {
  const start = s.here();
  s.skip();
  s.ensure(1);
  let name = "";
  while (s.isAlpha()) {
    name += s.read();
    s.ensure(1);
  }
  if (name === "") throw scannerError("could not find expected directive name", s.mark, start);
  if (!s.isBlankZ()) throw scannerError("found unexpected non-alphabetical character", s.mark, start);
  let tok: Token;
  if (name === "YAML") {
    eatBlanks(s);
    const major = scanVersionNumber(s);
    if (!s.is(".")) throw scannerError("did not find expected digit or '.' character", s.mark, start);
    s.skip();
    const minor = scanVersionNumber(s);
    tok = { type: "VERSION-DIRECTIVE", start, end: s.here(), major, minor };
  } else if (name === "TAG") {
    eatBlanks(s);
    const handle = scanTagHandle(s, true);
    s.ensure(1);
    if (!s.isBlank()) throw scannerError("did not find expected whitespace", s.mark, start);
    eatBlanks(s);
    const prefix = scanTagUri(s, "");
    s.ensure(1);
    if (!s.isBlankZ()) throw scannerError("did not find expected whitespace or line break", s.mark, start);
    tok = { type: "TAG-DIRECTIVE", start, end: s.here(), handle, suffix: prefix };
  } else {
    throw scannerError("found unknown directive name", s.mark, start);
  }
  finishLine(s, start);
  return tok;
}
