// Every regular expression the emulated shell builds from user input goes through here, and
// runs on re2js (a port of RE2), never on JavaScript's backtracking RegExp: `grep -E
// '^(a+)+$'` or `[[ $x =~ ^(a+)+$ ]]` on 30 a's and a b took JavaScript tens of seconds and
// takes RE2 linear time. POSIX patterns (BRE, ERE, as GNU grep and glibc read them) are
// translated to RE2 syntax and matched leftmost-longest, as POSIX requires.
//
// Back-references (\1..\9) cannot be matched in linear time, and RE2 has none: they are
// refused with a message that says why, rather than matched by a backtracking engine.
import { RE2JS } from "re2js";

/** A pattern that does not compile; `message` is the reason. */
export class RegexError extends Error {}

/** A pattern with a back-reference, which kubesim refuses. */
export class BackReferenceError extends RegexError {
  constructor(ref: string) {
    super(
      `kubesim: back-references such as ${ref} are not supported: matching them can take exponential time`,
    );
  }
}

export interface RegexOptions {
  /** ERE (grep -E, [[ =~ ]]) rather than BRE (grep, sed). */
  extended: boolean;
  /** grep -i. */
  ignoreCase?: boolean;
  /** grep -F: the pattern is a literal string. */
  fixed?: boolean;
  /** grep -w: the match must be a whole word. */
  word?: boolean;
  /** grep -x: the match must be the whole line. */
  line?: boolean;
}

export interface ShellRegex {
  /** Whether the pattern matches anywhere in `s`. */
  test(s: string): boolean;
  /** Every non-empty match in `s`, left to right (grep -o). */
  matches(s: string): string[];
}

/** A word constituent for grep -w and \< \>, as in the C locale. */
const WORD = "A-Za-z0-9_";

/** A POSIX regular expression (GNU flavour) compiled to run in linear time. */
const compiled = new Map<string, RE2JS>();

export function compileRegex(pattern: string, o: RegexOptions): ShellRegex {
  let source = o.fixed ? RE2JS.quote(pattern) : posixToRe2(pattern, o.extended);
  const group = o.word && !o.line;
  if (o.line) source = `^(?:${source})$`;
  else if (group) source = `(?:^|[^${WORD}])(${source})(?:$|[^${WORD}])`;
  const flags = RE2JS.LONGEST_MATCH | (o.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  // A loop greps with the same pattern every turn: compile it once (RE2JS objects are immutable).
  const key = `${flags}\u0000${source}`;
  let re = compiled.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(source, flags);
    } catch (e) {
      throw new RegexError((e as Error).message);
    }
    if (compiled.size >= 256) compiled.clear();
    compiled.set(key, re);
  }
  const g = group ? 1 : 0;
  return {
    test: (s) => re.test(s),
    matches: (s) => {
      const out: string[] = [];
      const m = re.matcher(s);
      // With -w the separators around a word are part of the match; start the next search
      // right after the word so that a separator can serve two words.
      for (let from = 0; from <= s.length && m.find(from); ) {
        const text = m.group(g) ?? "";
        if (text) out.push(text);
        from = Math.max(m.end(g), m.start(g) + 1, from + 1);
      }
      return out;
    },
  };
}

const CLASS: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: "\\s",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
};

const META = /[.*+?^${}()|[\]\\/]/g;

/** A POSIX basic or extended regular expression (GNU flavour) as RE2 source. */
export function posixToRe2(p: string, extended: boolean): string {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      const n = p[++i];
      if (n === undefined) out += "\\\\";
      else if (!extended && "(){}|+?".includes(n)) out += n;
      // RE2 has no look-around: a word boundary is as close as it gets to GNU's \< and \>.
      else if (n === "<" || n === ">") out += "\\b";
      else if (/[1-9]/.test(n)) throw new BackReferenceError(`\\${n}`);
      else if (/[wWsSbB]/.test(n)) out += `\\${n}`;
      else out += n.replace(META, "\\$&");
    } else if (c === "[") {
      let j = i + 1;
      if (p[j] === "^") j++;
      if (p[j] === "]") j++;
      while (j < p.length && p[j] !== "]")
        j = p[j] === "[" && p[j + 1] === ":" ? p.indexOf(":]", j) + 2 : j + 1;
      const body = p
        .slice(i + 1, j)
        .replace(/\\/g, "\\\\")
        .replace(/\[:(\w+):\]/g, (_, cls: string) => CLASS[cls] ?? "");
      out += `[${body.startsWith("^]") ? `^\\]${body.slice(2)}` : body.startsWith("]") ? `\\]${body.slice(1)}` : body}]`;
      i = j;
    } else if (!extended && "(){}|+?".includes(c)) out += `\\${c}`;
    else if (c === "*" && extended && (out === "" || out.endsWith("(") || out.endsWith("|"))) {
      // GNU's ERE ignores a star with nothing to repeat (and warns).
    } else if (c === "*" && extended && out.endsWith("^") && !out.endsWith("\\^")) {
      out = out.slice(0, -1); // `^*`: any number of start anchors, none included
    } else if (c === "*" && (out === "" || out === "^" || out.endsWith("("))) out += "\\*";
    else if (extended && c === "{" && !/^\{[0-9]*(,[0-9]*)?\}/.test(p.slice(i))) out += "\\{";
    else out += c;
  }
  return out;
}

/**
 * bash's `[[ s =~ pattern ]]`: an ERE, its quoted parts literal. `parts` are the pattern's
 * pieces with whether each was quoted.
 */
export function compileBashRegex(parts: { text: string; quoted: boolean }[]): ShellRegex {
  const source = parts.map((f) => (f.quoted ? f.text.replace(META, "\\$&") : f.text)).join("");
  return compileRegex(source, { extended: true });
}
