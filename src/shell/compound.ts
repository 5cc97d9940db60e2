// Compound commands: { } and ( ), if, while/until, for (both forms), case, bash's [[ ]] and
// (( )). Loops draw on the command line's budget on every turn (see budget.ts).

import { ArithError, evaluate } from "./arith.js";
import { type Command, type List, plainText, type Word } from "./ast.js";
import { evalDoubleBracket } from "./builtins/test.js";
import { type ExpandEnv, expandPattern, expandString, expandWords } from "./expand.js";
import type { Interp } from "./interpreter.js";
import { matchPattern } from "./pattern.js";
import { applyRedirects } from "./redirect.js";
import { cloneState, LoopSignal, type State, type Streams } from "./state.js";

type Compound = Exclude<Command, { type: "simple" } | { type: "func" }>;

export async function execCompound(sh: Interp, cmd: Compound, st: State, io: Streams): Promise<number> {
  const ex = sh.expandEnv(st, io);
  const rio = await sh.guard(st, io, () => applyRedirects(cmd.redirs, io, sh.redirectEnv(st, io, ex)));
  if (!rio) return 1;
  switch (cmd.type) {
    case "group":
      return sh.execList(cmd.body, st, rio);
    case "subshell": {
      const sub = cloneState(st);
      return sh.subshell(() => sh.execList(cmd.body, sub, rio));
    }
    case "if":
      for (const c of cmd.clauses) {
        if ((await condition(sh, c.cond, st, rio)) === 0) return sh.execList(c.body, st, rio);
      }
      return cmd.orElse ? sh.execList(cmd.orElse, st, rio) : 0;
    case "while":
      return loop(sh, st, async () => {
        const c = await condition(sh, cmd.cond, st, rio);
        return (cmd.until ? c === 0 : c !== 0) ? undefined : () => sh.execList(cmd.body, st, rio);
      });
    case "for": {
      const items = cmd.items
        ? await sh.guard(st, io, () => expandWords(cmd.items ?? [], ex))
        : [...st.positional];
      let i = 0;
      return loop(sh, st, async () => {
        if (i >= items.length) return undefined;
        sh.setVar(st, cmd.name, items[i++]);
        return () => sh.execList(cmd.body, st, rio);
      });
    }
    case "cfor": {
      const calc = (w: Word, empty: number) => arith(sh, w, ex, st, rio, empty);
      await calc(cmd.init, 0);
      let first = true;
      return loop(sh, st, async () => {
        if (!first) await calc(cmd.step, 0);
        first = false;
        return (await calc(cmd.cond, 1)) === 0 ? undefined : () => sh.execList(cmd.body, st, rio);
      });
    }
    case "arith":
      sh.line = cmd.line;
      return (await arith(sh, cmd.expr, ex, st, rio, 0)) !== 0 ? 0 : 1;
    case "case": {
      const subject = await sh.guard(st, io, () => expandString(cmd.subject, ex));
      for (const arm of cmd.arms) {
        for (const pat of arm.patterns) {
          const frags = await sh.guard(st, io, () => expandPattern(pat, ex));
          if (matchPattern(frags, subject)) return sh.execList(arm.body, st, rio);
        }
      }
      return 0;
    }
    case "dbracket": {
      sh.line = cmd.line;
      const toks = await sh.guard(st, io, () =>
        Promise.all(
          cmd.args.map(async (a) =>
            typeof a === "string"
              ? { text: a, frags: [{ text: a, quoted: false }], op: a }
              : { text: await expandString(a, ex), frags: await expandPattern(a, ex), op: plainText(a) },
          ),
        ),
      );
      const r = evalDoubleBracket(toks, sh.o.fs, st.cwd);
      if (r.error) sh.warn(st, rio, r.error);
      return r.status;
    }
  }
}

/** Value of an arithmetic word (`empty` when it has no text, as in `for ((;;))`); errors end the line. */
async function arith(
  sh: Interp,
  w: Word,
  ex: ExpandEnv,
  st: State,
  io: Streams,
  empty: number,
): Promise<number> {
  const text = await sh.guard(st, io, () => expandString(w, ex));
  if (text.trim() === "") return empty;
  try {
    return evaluate(text, ex);
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    sh.warn(st, io, `((: ${e.message}`);
    return 0;
  }
}

async function condition(sh: Interp, list: List, st: State, io: Streams): Promise<number> {
  st.conditions++;
  try {
    return await sh.execList(list, st, io);
  } finally {
    st.conditions--;
  }
}

/** Drives a loop: `next` returns the body to run, or undefined when the loop is over. */
async function loop(
  sh: Interp,
  st: State,
  next: () => Promise<(() => Promise<number>) | undefined>,
): Promise<number> {
  let status = 0;
  st.loops++;
  try {
    for (;;) {
      sh.budget.tick();
      const body = await next();
      if (!body) break;
      try {
        status = await body();
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.levels > 1) {
          e.levels--;
          throw e;
        }
        status = 0;
        if (e.kind === "break") break;
      }
    }
  } finally {
    st.loops--;
  }
  return status;
}
