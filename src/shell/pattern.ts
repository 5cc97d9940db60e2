// Shell patterns (`*`, `?`, `[...]`) for pathname expansion, `case`, `[[ x == pat ]]` and
// `${x#pat}`. Quoted text in a pattern matches itself, so patterns are built from fragments
// that remember whether they were quoted.
//
// Matching runs the pattern as an NFA over the text, all positions at once: time is
// O(text × pattern), never exponential. (A regex translation backtracked: `*a*a*a*a*a*a*a*a*b`
// against 40 a's took minutes, where bash takes milliseconds.)

/** The code point at i; every caller indexes inside the string (loop bounds, a checked i + 1). */
function cpAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

export interface Frag {
  text: string;
  quoted: boolean;
}

type Item = { lo: number; hi: number } | { cls: (cp: number) => boolean };
type Atom =
  | { k: "star" }
  | { k: "any" }
  | { k: "char"; cp: number }
  | { k: "set"; negate: boolean; items: Item[] };

const between = (cp: number, a: string, b: string) => cp >= a.charCodeAt(0) && cp <= b.charCodeAt(0);
const isUpper = (cp: number) => between(cp, "A", "Z");
const isLower = (cp: number) => between(cp, "a", "z");
const isDigit = (cp: number) => between(cp, "0", "9");
const isAlpha = (cp: number) => isUpper(cp) || isLower(cp);

/** The C locale's character classes, as containers run. */
const CLASSES: Record<string, (cp: number) => boolean> = {
  alpha: isAlpha,
  digit: isDigit,
  alnum: (cp) => isAlpha(cp) || isDigit(cp),
  upper: isUpper,
  lower: isLower,
  space: (cp) => cp === 0x20 || (cp >= 0x09 && cp <= 0x0d),
  blank: (cp) => cp === 0x20 || cp === 0x09,
  punct: (cp) =>
    (cp >= 0x21 && cp <= 0x2f) ||
    (cp >= 0x3a && cp <= 0x40) ||
    (cp >= 0x5b && cp <= 0x60) ||
    (cp >= 0x7b && cp <= 0x7e),
  xdigit: (cp) => isDigit(cp) || between(cp, "a", "f") || between(cp, "A", "F"),
  word: (cp) => isAlpha(cp) || isDigit(cp) || cp === 0x5f,
};

export function hasGlob(frags: Frag[]): boolean {
  return frags.some((f) => !f.quoted && /[*?[]/.test(f.text));
}

/** A compiled pattern. */
export class Pattern {
  private reversed?: Atom[];

  constructor(private readonly atoms: Atom[]) {}

  /** Whole-string match, as `case` and `[[ == ]]` do. */
  matches(s: string): boolean {
    let last = -1;
    scan(this.atoms, s, (end) => {
      last = end;
      return false;
    });
    return last === s.length;
  }

  /** Length of the shortest (or longest) prefix of `s` the pattern matches, or -1. */
  prefix(s: string, longest: boolean): number {
    let found = -1;
    scan(this.atoms, s, (end) => {
      found = end;
      return !longest;
    });
    return found;
  }

  /** Length of the shortest (or longest) suffix of `s` the pattern matches, or -1. */
  suffix(s: string, longest: boolean): number {
    this.reversed ??= [...this.atoms].reverse();
    // Reversed by code points, so a suffix of s is a prefix of the same length here.
    return new Pattern(this.reversed).prefix(Array.from(s).reverse().join(""), longest);
  }
}

/**
 * Runs the atoms over `s` as an NFA: state i means "atoms[0..i) matched". `visit` hears every
 * end offset at which a prefix of `s` matches, in increasing order, and returns true to stop.
 */
function scan(atoms: Atom[], s: string, visit: (end: number) => boolean): void {
  const m = atoms.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  // A star may match nothing: reaching it reaches the atom after it too.
  const close = (set: Uint8Array) => {
    for (let i = 0; i < m; i++) if (set[i] && atoms[i].k === "star") set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  if (cur[m] && visit(0)) return;
  for (let pos = 0; pos < s.length; ) {
    const cp = cpAt(s, pos);
    pos += cp > 0xffff ? 2 : 1;
    next.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (!cur[i]) continue;
      const a = atoms[i];
      if (a.k === "star") next[i] = 1;
      else if (matchesOne(a, cp)) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return;
    close(next);
    [cur, next] = [next, cur];
    if (cur[m] && visit(pos)) return;
  }
}

function matchesOne(a: Atom, cp: number): boolean {
  switch (a.k) {
    case "any":
      return true;
    case "char":
      return a.cp === cp;
    case "set": {
      const hit = a.items.some((it) => ("cls" in it ? it.cls(cp) : cp >= it.lo && cp <= it.hi));
      return hit !== a.negate;
    }
    default:
      return false;
  }
}

/** Compiles pattern fragments: quoted ones are literal text, unquoted ones are glob syntax. */
export function compilePattern(frags: Frag[]): Pattern {
  const atoms: Atom[] = [];
  const push = (a: Atom) => {
    // Consecutive stars match what one does; keeping one keeps the NFA small.
    if (a.k === "star" && atoms.at(-1)?.k === "star") return;
    atoms.push(a);
  };
  const chars = (s: string) => {
    for (const c of s) push({ k: "char", cp: cpAt(c, 0) });
  };
  for (const f of frags) {
    if (f.quoted) {
      chars(f.text);
      continue;
    }
    const s = f.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "*") push({ k: "star" });
      else if (c === "?") push({ k: "any" });
      else if (c === "[") {
        const end = bracketEnd(s, i);
        if (end < 0) chars("[");
        else {
          push(bracket(s.slice(i + 1, end)));
          i = end;
        }
      } else if (c === "\\" && i + 1 < s.length) {
        const cp = cpAt(s, ++i);
        if (cp > 0xffff) i++;
        push({ k: "char", cp });
      } else {
        const cp = cpAt(s, i);
        if (cp > 0xffff) i++;
        push({ k: "char", cp });
      }
    }
  }
  return new Pattern(atoms);
}

/** Whole-string match, as `case` and `[[ == ]]` do. */
export function matchPattern(frags: Frag[], s: string): boolean {
  return compilePattern(frags).matches(s);
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

/** A bracket expression's body: `!`/`^` negates, `a-z` is a range, `[:alpha:]` a class. */
function bracket(body: string): Atom {
  const items: Item[] = [];
  let i = 0;
  const negate = body[0] === "!" || body[0] === "^";
  if (negate) i = 1;
  const first = i;
  for (; i < body.length; i++) {
    const c = body[i];
    if (c === "[" && body[i + 1] === ":") {
      const close = body.indexOf(":]", i + 2);
      items.push({ cls: CLASSES[body.slice(i + 2, close)] ?? (() => false) });
      i = close + 1;
      continue;
    }
    const prev = items.at(-1);
    const isRange =
      c === "-" && i > first && i < body.length - 1 && prev && "lo" in prev && prev.lo === prev.hi;
    if (isRange && !(body[i + 1] === "[" && body[i + 2] === ":")) {
      const hi = cpAt(body, i + 1);
      i += hi > 0xffff ? 2 : 1;
      items[items.length - 1] = { lo: prev.lo, hi };
      continue;
    }
    const cp = cpAt(body, i);
    if (cp > 0xffff) i++;
    items.push({ lo: cp, hi: cp });
  }
  return { k: "set", negate, items };
}
