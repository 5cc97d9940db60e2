// Word expansion in POSIX order: tilde, parameters, command substitution and arithmetic,
// then field splitting of the unquoted results on IFS, then pathname expansion against the
// VFS. Quoting travels with each fragment so "$x" stays one field and '*' stays a star.

import { ArithError, evaluate } from "./arith.js";
import type { List, Part, Word } from "./ast.js";
import { checkLength, DEFAULT_LIMITS, type Limits } from "./budget.js";
import { compilePattern, type Frag, hasGlob, matchPattern } from "./pattern.js";
import { resolvePath, type Vfs } from "./vfs.js";

/** A failed expansion (`${x:?}`, bad substitution, arithmetic): the shell prints it and the command fails. */
export class ExpansionError extends Error {}

export interface ExpandEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  positional(): string[];
  /** Runs $(...) in a subshell; returns its standard output. */
  substitute(body: List): Promise<string>;
  fs: Vfs;
  cwd: string;
  /** bash expands {a,b} and {1..5}; busybox ash leaves them. */
  braces?: boolean;
  /** How long an expansion may get and how many words braces may make; default DEFAULT_LIMITS. */
  limits?: Pick<Limits, "maxStringLength" | "maxBraceWords">;
}

class Fields {
  readonly done: Frag[][] = [];
  private cur: Frag[] = [];
  private started = false;
  private length = 0;

  constructor(
    private readonly split: boolean,
    private readonly ifs: string,
    private readonly limits: Pick<Limits, "maxStringLength">,
  ) {}

  add(text: string, quoted: boolean): void {
    this.length += text.length;
    checkLength(this.length, this.limits);
    this.cur.push({ text, quoted });
    this.started = true;
  }

  /** An unquoted expansion result: split on IFS when splitting is on. */
  addSplittable(text: string): void {
    if (!this.split) {
      this.add(text, false);
      return;
    }
    // Slices between separators rather than a character at a time: a 16 MiB value must split
    // in linear time without building it again character by character.
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (!this.ifs.includes(text[i])) continue;
      if (i > start) this.add(text.slice(start, i), false);
      this.flush();
      start = i + 1;
    }
    if (start < text.length) this.add(text.slice(start), false);
  }

  flush(): void {
    if (this.started) this.done.push(this.cur);
    this.cur = [];
    this.started = false;
  }

  result(): Frag[][] {
    this.flush();
    return this.done;
  }
}

const joinFrags = (f: Frag[]) => f.map((x) => x.text).join("");

/** Expands command words into arguments: split, globbed, empty unquoted results dropped. */
export async function expandWords(words: Word[], env: ExpandEnv): Promise<string[]> {
  const limits = env.limits ?? DEFAULT_LIMITS;
  const out: string[] = [];
  let length = 0;
  const push = (arg: string) => {
    length += arg.length + 1;
    checkLength(length, limits);
    out.push(arg);
  };
  const expanded = env.braces ? words.flatMap((w) => braceExpand(w, limits.maxBraceWords)) : words;
  for (const w of expanded) {
    for (const field of await fields(w, env, true)) {
      const matches = hasGlob(field) ? glob(field, env.fs, env.cwd) : [];
      if (matches.length) for (const m of matches) push(m);
      else push(joinFrags(field));
    }
  }
  return out;
}

/** One string, no splitting or globbing: assignments, here-documents, redirect targets. */
export async function expandString(word: Word, env: ExpandEnv): Promise<string> {
  return (await fields(word, env, false)).map(joinFrags).join(" ");
}

/** A word used as a pattern (`case`, `[[ == ]]`): its quoted parts match literally. */
export async function expandPattern(word: Word, env: ExpandEnv): Promise<Frag[]> {
  return (await fields(word, env, false)).flat();
}

async function fields(word: Word, env: ExpandEnv, split: boolean): Promise<Frag[][]> {
  const f = new Fields(split, env.get("IFS") ?? " \t\n", env.limits ?? DEFAULT_LIMITS);
  await expandParts(tilde(word.parts, env), env, f);
  return f.result();
}

/** `~` and `~/...` at the start of a word are $HOME (root's home for `~root`). */
function tilde(parts: Part[], env: ExpandEnv): Part[] {
  const first = parts[0];
  if (first?.t !== "lit" || first.q || first.v[0] !== "~") return parts;
  const slash = first.v.indexOf("/");
  const prefix = first.v.slice(1, slash < 0 ? undefined : slash);
  if (slash < 0 && parts.length > 1 && parts[1].t === "lit") return parts;
  const home = prefix === "" ? env.get("HOME") : prefix === "root" ? "/root" : undefined;
  if (home === undefined) return parts;
  const rest = slash < 0 ? "" : first.v.slice(slash);
  return [{ t: "lit", v: home, q: true }, ...(rest ? [{ ...first, v: rest }] : []), ...parts.slice(1)];
}

async function expandParts(parts: Part[], env: ExpandEnv, out: Fields): Promise<void> {
  for (const p of parts) {
    if (p.t === "lit") out.add(p.v, p.q);
    else if (p.t === "cmd") {
      const text = (await env.substitute(p.body)).replace(/\n+$/, "");
      if (p.q) out.add(text, true);
      else out.addSplittable(text);
    } else if (p.t === "arith") {
      const expr = await expandString(p.expr, env);
      let v: number;
      try {
        v = evaluate(expr, env);
      } catch (e) {
        if (e instanceof ArithError) throw new ExpansionError(e.message);
        throw e;
      }
      if (p.q) out.add(String(v), true);
      else out.addSplittable(String(v));
    } else await expandParam(p, env, out);
  }
}

async function expandParam(p: Part & { t: "param" }, env: ExpandEnv, out: Fields): Promise<void> {
  if (p.bad !== undefined) throw new ExpansionError(`${p.bad}: bad substitution`);
  const emit = (v: string) => (p.q ? out.add(v, true) : out.addSplittable(v));
  const isList = p.name === "@" || p.name === "*";
  const value = isList
    ? env.positional().join(p.name === "*" ? ((env.get("IFS") ?? " ")[0] ?? "") : " ")
    : env.get(p.name);
  if (p.length) return emit(String(isList ? env.positional().length : (value ?? "").length));
  if (!p.op) {
    // "$@" is one field per positional parameter, even when they contain spaces.
    if (p.name === "@" && p.q) {
      env.positional().forEach((a, i) => {
        if (i > 0) out.flush();
        out.add(a, true);
      });
      return;
    }
    return emit(value ?? "");
  }
  const unset = value === undefined || (p.op.startsWith(":") && value === "");
  const arg = p.arg ?? { parts: [], text: "" };
  switch (p.op) {
    case ":-":
    case "-":
      return unset ? expandParts(arg.parts, env, out) : emit(value ?? "");
    case ":=":
    case "=": {
      if (!unset) return emit(value ?? "");
      const v = await expandString(arg, env);
      env.set(p.name, v);
      return emit(v);
    }
    case ":+":
    case "+":
      return unset ? undefined : expandParts(arg.parts, env, out);
    case ":?":
    case "?": {
      if (!unset) return emit(value ?? "");
      const msg = await expandString(arg, env);
      throw new ExpansionError(`${p.name}: ${msg || "parameter null or not set"}`);
    }
    default: {
      const pattern = await expandPattern(arg, env);
      return emit(removeAffix(value ?? "", pattern, p.op));
    }
  }
}

/** ${x#pat} ${x##pat} ${x%pat} ${x%%pat}: the shortest or longest matching prefix or suffix removed. */
function removeAffix(value: string, pattern: Frag[], op: string): string {
  const p = compilePattern(pattern);
  if (op === "#" || op === "##") {
    const k = p.prefix(value, op === "##");
    return k < 0 ? value : value.slice(k);
  }
  const k = p.suffix(value, op === "%%");
  return k < 0 ? value : value.slice(0, value.length - k);
}

/** Pathname expansion of one field, segment by segment; [] when nothing matches. */
function glob(field: Frag[], fs: Vfs, cwd: string): string[] {
  const segs: Frag[][] = [[]];
  for (const f of field) {
    f.text.split("/").forEach((piece, i) => {
      if (i > 0) segs.push([]);
      if (piece) segs[segs.length - 1].push({ text: piece, quoted: f.quoted });
    });
  }
  const absolute = segs.length > 1 && segs[0].length === 0;
  if (absolute) segs.shift();
  let cands = [""];
  for (const seg of segs) {
    const text = joinFrags(seg);
    const join = (c: string, name: string) => (c === "" ? name : `${c}/${name}`);
    if (!hasGlob(seg)) {
      cands = cands.map((c) => join(c, text));
      continue;
    }
    const dotOk = text.startsWith(".");
    const next: string[] = [];
    for (const c of cands) {
      const dir = resolvePath(cwd, absolute ? `/${c}` : c || ".");
      if (!fs.isDir(dir)) continue;
      for (const name of fs.list(dir)) {
        if (name.startsWith(".") && !dotOk) continue;
        if (matchPattern(seg, name)) next.push(join(c, name));
      }
    }
    cands = next;
  }
  return cands
    .map((c) => (absolute ? `/${c}` : c))
    .filter((p) => fs.exists(resolvePath(cwd, p)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * bash's brace expansion, before any other: a{b,c}d, {1..5}, {05..10..5}, {a..e}. Only
 * unquoted literal text takes part. Past `maxWords` words it fails as bash does when it
 * cannot allocate them, instead of building {1..1000}{1..1000}{1..1000}'s billion words.
 */
export function braceExpand(w: Word, maxWords: number = DEFAULT_LIMITS.maxBraceWords): Word[] {
  const out: Word[] = [];
  const tooMany = () =>
    new ExpansionError(
      `brace expansion: cannot allocate memory for ${w.text} (kubesim stops at ${maxWords} words)`,
    );
  const expand = (word: Word): void => {
    for (let i = 0; i < word.parts.length; i++) {
      const p = word.parts[i];
      if (p.t !== "lit" || p.q) continue;
      const m = findBrace(p.v, maxWords);
      if (!m) continue;
      const lit = (v: string): Part[] => (v ? [{ t: "lit", v, q: false }] : []);
      for (const alt of m.alts) {
        expand({
          text: word.text,
          parts: [
            ...word.parts.slice(0, i),
            ...lit(p.v.slice(0, m.start) + alt),
            ...lit(p.v.slice(m.end + 1)),
            ...word.parts.slice(i + 1),
          ],
        });
      }
      return;
    }
    if (out.length >= maxWords) throw tooMany();
    out.push(word);
  };
  expand(w);
  return out;
}

function findBrace(s: string, maxWords: number): { start: number; end: number; alts: string[] } | undefined {
  for (let start = s.indexOf("{"); start >= 0; start = s.indexOf("{", start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < s.length; i++) {
      if (s[i] === "{") depth++;
      else if (s[i] === "," && depth === 1) commas.push(i);
      else if (s[i] === "}" && --depth === 0) {
        const body = s.slice(start + 1, i);
        if (commas.length) {
          const cuts = [start, ...commas, i];
          return { start, end: i, alts: cuts.slice(1).map((c, k) => s.slice(cuts[k] + 1, c)) };
        }
        const seq = sequence(body, maxWords);
        if (seq) return { start, end: i, alts: seq };
        break;
      }
    }
  }
  return undefined;
}

function sequence(body: string, maxWords: number): string[] | undefined {
  const n = /^(-?[0-9]+)\.\.(-?[0-9]+)(?:\.\.(-?[0-9]+))?$/.exec(body);
  const c = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?[0-9]+))?$/.exec(body);
  const m = n ?? c;
  if (!m) return undefined;
  const [a, b] = n ? [Number(m[1]), Number(m[2])] : [m[1].charCodeAt(0), m[2].charCodeAt(0)];
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  const width = n && /^-?0[0-9]/.test(m[1] + " " + m[2]) ? Math.max(m[1].length, m[2].length) : 0;
  const count = Math.floor(Math.abs(b - a) / step) + 1;
  if (count > maxWords) {
    // bash's words when it cannot allocate a sequence (braces.c, mkseq).
    throw new ExpansionError(
      `brace expansion: failed to allocate memory for ${count} elements (kubesim stops at ${maxWords} words)`,
    );
  }
  const out: string[] = [];
  for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
    out.push(n ? String(v).padStart(width, "0") : String.fromCharCode(v));
  }
  return out;
}
