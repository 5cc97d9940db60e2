// Shell patterns (`*`, `?`, `[...]`) as regular expressions, for pathname expansion, `case`,
// `[[ x == pat ]]` and `${x#pat}`. Quoted text in a pattern matches itself, so patterns are
// built from fragments that remember whether they were quoted.

export interface Frag {
  text: string;
  quoted: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  word: "a-zA-Z0-9_",
};

export function hasGlob(frags: Frag[]): boolean {
  return frags.some((f) => !f.quoted && /[*?[]/.test(f.text));
}

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/** Regex source (unanchored) for a pattern. */
export function patternSource(frags: Frag[]): string {
  let out = "";
  for (const f of frags) {
    if (f.quoted) {
      out += escapeRe(f.text);
      continue;
    }
    const s = f.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "*") out += ".*";
      else if (c === "?") out += ".";
      else if (c === "[") {
        const end = bracketEnd(s, i);
        if (end < 0) out += "\\[";
        else {
          out += bracket(s.slice(i + 1, end));
          i = end;
        }
      } else if (c === "\\" && i + 1 < s.length) out += escapeRe(s[++i]);
      else out += escapeRe(c);
    }
  }
  return out;
}

/** Whole-string match, as `case` and `[[ == ]]` do. */
export function matchPattern(frags: Frag[], s: string): boolean {
  return new RegExp(`^(?:${patternSource(frags)})$`, "s").test(s);
}

function bracketEnd(s: string, open: number): number {
  let i = open + 1;
  if (s[i] === "!" || s[i] === "^") i++;
  if (s[i] === "]") i++;
  for (; i < s.length; i++) {
    if (s[i] === "[" && s[i + 1] === ":") {
      const close = s.indexOf(":]", i + 2);
      if (close > 0) i = close + 1;
    } else if (s[i] === "]") return i;
  }
  return -1;
}

function bracket(body: string): string {
  let out = "[";
  let i = 0;
  if (body[0] === "!" || body[0] === "^") {
    out += "^";
    i = 1;
  }
  for (; i < body.length; i++) {
    const c = body[i];
    if (c === "[" && body[i + 1] === ":") {
      const close = body.indexOf(":]", i + 2);
      out += CLASSES[body.slice(i + 2, close)] ?? "";
      i = close + 1;
    } else if (c === "-" && i > 0 && i < body.length - 1) out += "-";
    else out += escapeRe(c);
  }
  return `${out}]`;
}
