// A stream of JSON values read the way Go's encoding/json Decoder reads it, so kubectl's
// messages for broken JSON manifests come out the same: `json: offset 68: invalid character
// '}' looking for beginning of object key string`, or `unexpected EOF` for a truncated value.

export class JsonStreamError extends Error {}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Go's quoteChar: the offending byte, read as a Latin-1 rune and quoted like strconv.Quote. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Record<number, string> = {
    7: "\\a",
    8: "\\b",
    9: "\\t",
    10: "\\n",
    11: "\\v",
    12: "\\f",
    13: "\\r",
    92: "\\\\",
  };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, "0")}'`;
  return `'${String.fromCharCode(c)}'`;
}

type State = (c: number) => "continue" | "end";
type Frame = "key" | "value" | "array";

/**
 * Split `text` into the JSON values Go's json.Decoder would return one by one. Throws
 * JsonStreamError (with Go's message) at the first value that cannot be read; values
 * before it are passed to `onValue` first, as kubectl processes them. `onValue` returns
 * false to stop reading.
 */
export function readJsonStream(text: string, onValue: (raw: string) => boolean): void {
  const buf = Buffer.from(text, "utf8");
  let offset = 0;
  for (;;) {
    const start = offset;
    const stack: Frame[] = [];
    let state: State;
    let begun = false;
    const fail = (c: number, context: string): never => {
      throw new JsonStreamError(`json: offset ${offset}: invalid character ${quoteChar(c)} ${context}`);
    };
    // encoding/json's maxNestingDepth, reported like any other bad character.
    const push = (f: Frame, c: number) => {
      stack.push(f);
      if (stack.length > 10000) fail(c, "exceeded max depth");
    };
    const endValue: State = (c) => {
      if (stack.length === 0) return "end";
      if (isSpace(c)) return "continue";
      const top = stack[stack.length - 1];
      if (top === "key") {
        if (c !== 0x3a) fail(c, "after object key");
        stack[stack.length - 1] = "value";
        state = beginValue;
      } else if (top === "value") {
        if (c === 0x2c) {
          stack[stack.length - 1] = "key";
          state = beginString;
        } else if (c === 0x7d) {
          stack.pop();
          state = endValue;
        } else fail(c, "after object key:value pair");
      } else {
        if (c === 0x2c) state = beginValue;
        else if (c === 0x5d) {
          stack.pop();
          state = endValue;
        } else fail(c, "after array element");
      }
      return "continue";
    };
    const literal =
      (word: string, i: number): State =>
      (c) => {
        if (c !== word.charCodeAt(i)) fail(c, `in literal ${word} (expecting '${word[i]}')`);
        state = i + 1 === word.length ? endValue : literal(word, i + 1);
        return "continue";
      };
    const digits =
      (next: (c: number) => "continue" | "end"): State =>
      (c) =>
        isDigit(c) ? "continue" : next(c);
    const afterInt: State = (c) => {
      if (c === 0x2e) {
        state = (d) => {
          if (!isDigit(d)) fail(d, "after decimal point in numeric literal");
          state = digits(afterFrac);
          return "continue";
        };
        return "continue";
      }
      return afterFrac(c);
    };
    const afterFrac: State = (c) => {
      if (c === 0x65 || c === 0x45) {
        const expDigit: State = (d) => {
          if (!isDigit(d)) fail(d, "in exponent of numeric literal");
          state = digits(endValue);
          return "continue";
        };
        state = (d) => {
          if (d === 0x2b || d === 0x2d) {
            state = expDigit;
            return "continue";
          }
          return expDigit(d);
        };
        return "continue";
      }
      state = endValue;
      return endValue(c);
    };
    const hexDigits =
      (n: number): State =>
      (c) => {
        if (!isHex(c)) fail(c, "in \\u hexadecimal character escape");
        state = n === 1 ? inString : hexDigits(n - 1);
        return "continue";
      };
    const inString: State = (c) => {
      if (c === 0x22) state = endValue;
      else if (c === 0x5c) {
        state = (e) => {
          if (e === 0x75) state = hexDigits(4);
          else if ('bfnrt\\/"'.includes(String.fromCharCode(e))) state = inString;
          else fail(e, "in string escape code");
          return "continue";
        };
      } else if (c < 0x20) fail(c, "in string literal");
      return "continue";
    };
    const beginString: State = (c) => {
      if (isSpace(c)) return "continue";
      if (c !== 0x22) fail(c, "looking for beginning of object key string");
      state = inString;
      return "continue";
    };
    const beginValue: State = (c) => {
      if (isSpace(c)) return "continue";
      begun = true;
      if (c === 0x7b) {
        push("key", c);
        state = (d) => {
          if (isSpace(d)) return "continue";
          if (d === 0x7d) {
            stack.pop();
            state = endValue;
            return "continue";
          }
          return beginString(d);
        };
      } else if (c === 0x5b) {
        push("array", c);
        state = (d) => {
          if (isSpace(d)) return "continue";
          if (d === 0x5d) {
            stack.pop();
            state = endValue;
            return "continue";
          }
          return beginValue(d);
        };
      } else if (c === 0x22) state = inString;
      else if (c === 0x2d) {
        state = (d) => {
          if (d === 0x30) state = afterInt;
          else if (isDigit(d)) state = digits(afterInt);
          else fail(d, "in numeric literal");
          return "continue";
        };
      } else if (c === 0x30) state = afterInt;
      else if (isDigit(c)) state = digits(afterInt);
      else if (c === 0x74) state = literal("true", 1);
      else if (c === 0x66) state = literal("false", 1);
      else if (c === 0x6e) state = literal("null", 1);
      else fail(c, "looking for beginning of value");
      return "continue";
    };
    state = beginValue;
    let end = -1;
    while (offset < buf.length) {
      const c = buf[offset];
      offset++;
      if (state(c) === "end") {
        offset--;
        end = offset;
        break;
      }
      if (begun && stack.length === 0 && state === endValue) {
        end = offset;
        break;
      }
    }
    if (end < 0) {
      if (!begun) return; // only whitespace left: a clean end of stream
      let ended = false;
      try {
        ended = state(0x20) === "end"; // Go feeds one space to finish a trailing number
      } catch {}
      if (!ended) throw new JsonStreamError("unexpected EOF");
      end = offset;
    }
    if (!onValue(buf.subarray(start, end).toString("utf8").trim())) return;
  }
}
