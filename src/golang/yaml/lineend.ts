// The end of a directive or block scalar header line, as go-yaml's scanner reads it in both
// places: blanks, an optional comment, then a line break (or the end of input).
import { type Mark, scannerError } from "./errors.js";
import type { Scanner } from "./scanner.js";

export function eatBlanks(s: Scanner): void {
  s.ensure(1);
  while (s.isBlank()) {
    s.skip();
    s.ensure(1);
  }
}

/** Skips blanks and a comment, then the line break; anything else is go-yaml's error. */
export function finishLine(s: Scanner, start: Mark): void {
  eatBlanks(s);
  if (s.is("#")) {
    while (!s.isBreakZ()) {
      s.skip();
      s.ensure(1);
    }
  }
  if (!s.isBreakZ()) throw scannerError("did not find expected comment or line break", s.mark, start);
  if (s.isBreak()) {
    s.ensure(2);
    s.skipLine();
  }
}
