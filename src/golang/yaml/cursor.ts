// Character-level access to a YAML chunk, with go-yaml's notion of marks (0-based
// character index, line and column) and its lazy, chunked input validation.

import { runeAt } from "../utf8.js";
import { type Mark, YamlError } from "./errors.js";

const RAW_CHUNK = 512;

const isAllowedChar = (c: number) =>
  c === 0x09 ||
  c === 0x0a ||
  c === 0x0d ||
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

const utf8Len = (c: number) => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

export class Cursor {
  readonly src: Uint32Array;
  pos = 0;
  mark: Mark = { index: 0, line: 0, column: 0 };
  // go-yaml decodes its input 512 bytes at a time and only rejects a control character
  // when the chunk holding it is decoded, so tokens before it may fail first.
  private firstBad: number;
  private decodedChars = 0;
  private decodedBytes = 0;

  constructor(text: string) {
    // Code points, since go-yaml counts columns and the 1024-character key limit in characters.
    const cps = new Uint32Array(text.length);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = runeAt(text, i);
      cps[n++] = c;
      if (c > 0xffff) i++;
    }
    // go-yaml's encoding detection consumes a BOM at the very start (and only there).
    this.src = cps.subarray(cps[0] === 0xfeff ? 1 : 0, n);
    this.firstBad = this.src.findIndex((c) => !isAllowedChar(c));
  }

  ch(k = 0): number {
    return this.src[this.pos + k] ?? 0;
  }
  /** Make sure n characters from pos are "decoded", failing like go-yaml's reader would. */
  ensure(n: number): void {
    if (this.firstBad < 0) return;
    while (this.pos + n > this.decodedChars && this.decodedChars < this.src.length) {
      const limit = this.decodedBytes + RAW_CHUNK;
      while (this.decodedChars < this.src.length) {
        const w = utf8Len(this.src[this.decodedChars]);
        if (this.decodedBytes + w > limit) break;
        if (this.decodedChars === this.firstBad)
          throw new YamlError("reader", "control characters are not allowed");
        this.decodedBytes += w;
        this.decodedChars++;
      }
    }
  }
  isBlank(k = 0): boolean {
    const c = this.ch(k);
    return c === 0x20 || c === 0x09;
  }
  isBreak(k = 0): boolean {
    const c = this.ch(k);
    return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
  }
  isBreakZ(k = 0): boolean {
    return this.isBreak(k) || this.ch(k) === 0;
  }
  isBlankZ(k = 0): boolean {
    return this.isBlank(k) || this.isBreakZ(k);
  }
  isAlpha(k = 0): boolean {
    const c = this.ch(k);
    return (
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x5f ||
      c === 0x2d
    );
  }
  is(char: string, k = 0): boolean {
    return this.ch(k) === char.charCodeAt(0);
  }
  skip(): void {
    this.pos++;
    this.mark.index++;
    this.mark.column++;
  }
  skipLine(): void {
    if (this.ch() === 0x0d && this.ch(1) === 0x0a) {
      this.pos += 2;
      this.mark.index += 2;
    } else if (this.isBreak()) {
      this.pos++;
      this.mark.index++;
    } else return;
    this.mark.column = 0;
    this.mark.line++;
  }
  /** Consume one character and return it. */
  read(): string {
    const s = String.fromCodePoint(this.ch());
    this.skip();
    return s;
  }
  /** Consume a line break, normalised to "\n" except for LS/PS which YAML keeps. */
  readLine(): string {
    const c = this.ch();
    let s = "\n";
    if (c === 0x0d && this.ch(1) === 0x0a) {
      this.pos += 2;
      this.mark.index += 2;
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      this.pos++;
      this.mark.index++;
    } else if (c === 0x2028 || c === 0x2029) {
      s = String.fromCodePoint(c);
      this.pos++;
      this.mark.index++;
    } else return "";
    this.mark.column = 0;
    this.mark.line++;
    return s;
  }
  here(): Mark {
    return { ...this.mark };
  }
}
