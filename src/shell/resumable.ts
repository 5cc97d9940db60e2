// A script that runs for a long simulated time (a container's main process: `while true; do
// wget -qO- web; sleep 2; done`) cannot be one JavaScript call: each kubesim command is a new
// process, and the script must go on in the next one exactly where it stopped. So a script
// runs statement by statement, and between two statements it may stop: its position (a path
// of frames through the syntax tree: which statement of which list, which branch of an `if`,
// which item of a `for`, inside a `while` body) and its shell state (variables, cwd,
// positional parameters, functions, options, $?) are saved as plain data. Resuming parses
// the same text again and walks the saved path back to the statement where it stopped.
//
// Frames exist for the compound commands a long-running script is made of: lists, `{ }`,
// `if`, `while`/`until` and `for NAME in WORDS`. Anything else (a pipeline, a subshell, a
// function call, `case`) runs as one statement: the script may stop before or after it,
// never inside.

import type { AndOr, Command, For, Group, If, List, While } from "./ast.js";
import { expandWords } from "./expand.js";
import type { Interp } from "./interpreter.js";
import {
  AbortSignal,
  Blocked,
  BudgetExceeded,
  ExitSignal,
  Input,
  LoopSignal,
  type State,
  type Streams,
  type Var,
  varsFrom,
} from "./state.js";
import type { ShellIO } from "./types.js";

export { Blocked };

/** Where a script stopped, one frame per level, outermost first. */
export type Frame =
  /** The next statement to run in a list. */
  | { k: "list"; i: number }
  /** Inside a `while`/`until` body: its condition held for this turn. */
  | { k: "while" }
  /** Inside a `for` body: the expanded items and the index of the next one. */
  | { k: "for"; items: string[]; next: number }
  /** Inside an `if`: the clause whose body runs (-1: the else branch). */
  | { k: "if"; clause: number }
  | { k: "group" };

/** A stopped script as JSON: the shell state and the path to the next statement. */
export interface SavedScript {
  vars: [string, Var][];
  cwd: string;
  positional: string[];
  functions: [string, Command][];
  flags: State["flags"];
  status: number;
  frames: Frame[];
}

export function saveState(st: State, frames: Frame[]): SavedScript {
  return {
    vars: [...st.vars].map(([k, v]) => [k, { ...v }]),
    cwd: st.cwd,
    positional: [...st.positional],
    functions: [...st.functions],
    flags: { ...st.flags },
    status: st.status,
    frames,
  };
}

export function restoreState(st: State, s: SavedScript): void {
  st.vars = varsFrom(s.vars);
  st.cwd = s.cwd;
  st.positional = [...s.positional];
  st.functions = new Map(s.functions);
  st.flags = { ...s.flags };
  st.status = s.status;
}

/** Thrown up through the frames when the script stops; each level prepends its own frame. */
export class Suspend {
  constructor(public frames: Frame[]) {}
}

type Steppable = Group | If | While | For;

/** A statement the stepper can enter: one plain compound command, no redirects, not negated or backgrounded. */
function steppable(item: AndOr): Steppable | undefined {
  if (item.rest.length || item.background || item.first.negate || item.first.commands.length !== 1) return;
  const cmd = item.first.commands[0];
  if (cmd.type === "func" || cmd.redirs.length) return;
  if (cmd.type === "group" || cmd.type === "if" || cmd.type === "while") return cmd;
  if (cmd.type === "for" && cmd.items !== null) return cmd;
  return undefined;
}

export class Stepper {
  constructor(
    private readonly sh: Interp,
    private readonly st: State,
    private readonly io: Streams,
    /** Asked after every statement: true stops the script there. */
    private readonly shouldStop: () => boolean,
  ) {}

  /** Runs a list from the start, or from `path` when resuming. */
  async list(list: List, path: Frame[] = []): Promise<number> {
    const head = path[0];
    const start = head?.k === "list" ? head.i : 0;
    for (let i = start; i < list.items.length; i++) {
      const inner = i === start && head ? path.slice(1) : [];
      try {
        this.st.status = await this.item(list.items[i], inner);
      } catch (e) {
        if (e instanceof Suspend) e.frames.unshift({ k: "list", i });
        throw e;
      }
      if (this.shouldStop() && i + 1 <= list.items.length) throw new Suspend([{ k: "list", i: i + 1 }]);
    }
    return this.st.status;
  }

  private async item(item: AndOr, path: Frame[]): Promise<number> {
    const cmd = steppable(item);
    if (!cmd) return this.sh.execAndOr(item, this.st, this.io);
    const frame = path[0];
    const rest = path.slice(1);
    switch (cmd.type) {
      case "group":
      case "subshell":
        return this.nested({ k: "group" }, () => this.list(cmd.body, frame ? rest : []));
      case "if": {
        let clause = frame?.k === "if" ? frame.clause : undefined;
        if (clause === undefined) {
          clause = -2;
          for (let i = 0; i < cmd.clauses.length; i++) {
            if ((await this.condition(cmd.clauses[i].cond)) === 0) {
              clause = i;
              break;
            }
          }
          if (clause === -2) {
            if (!cmd.orElse) return 0;
            clause = -1;
          }
        }
        const body = clause === -1 ? cmd.orElse : cmd.clauses[clause].body;
        if (!body) return 0;
        const at = clause;
        return this.nested({ k: "if", clause: at }, () => this.list(body, frame ? rest : []));
      }
      case "while":
        return this.loop(
          async () => {
            const c = await this.condition(cmd.cond);
            return cmd.until ? c === 0 : c !== 0;
          },
          () => ({ k: "while" }),
          cmd.body,
          frame?.k === "while" ? rest : undefined,
        );
      case "for": {
        let items: string[];
        let next: number;
        if (frame?.k === "for") {
          items = frame.items;
          next = frame.next;
        } else {
          const ex = this.sh.expandEnv(this.st, this.io);
          items = await this.sh.guard(this.st, this.io, () => expandWords(cmd.items ?? [], ex));
          next = 0;
        }
        return this.loop(
          async () => {
            if (next >= items.length) return true;
            this.sh.setVar(this.st, cmd.name, items[next++]);
            return false;
          },
          () => ({ k: "for", items, next }),
          cmd.body,
          frame?.k === "for" ? rest : undefined,
        );
      }
    }
  }

  private async nested(frame: Frame, run: () => Promise<number>): Promise<number> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof Suspend) e.frames.unshift(frame);
      throw e;
    }
  }

  private async condition(list: List): Promise<number> {
    this.st.conditions++;
    try {
      return await this.sh.execList(list, this.st, this.io);
    } finally {
      this.st.conditions--;
    }
  }

  /**
   * A loop as compound.ts runs it (break/continue with levels, the iteration budget), with
   * a frame for the turn in progress. `resume` is the path inside the body when resuming.
   */
  private async loop(
    done: () => Promise<boolean>,
    frame: () => Frame,
    body: List,
    resume: Frame[] | undefined,
  ): Promise<number> {
    let status = 0;
    let path = resume;
    this.st.loops++;
    try {
      for (;;) {
        if (!path) {
          this.sh.budget.tick();
          if (await done()) break;
        }
        const f = frame();
        try {
          status = await this.list(body, path ?? []);
        } catch (e) {
          if (e instanceof Suspend) {
            e.frames.unshift(f);
            throw e;
          }
          if (!(e instanceof LoopSignal)) throw e;
          if (e.levels > 1) {
            e.levels--;
            throw e;
          }
          status = 0;
          if (e.kind === "break") break;
        }
        path = undefined;
      }
    } finally {
      this.st.loops--;
    }
    return status;
  }
}

export type ResumableResult =
  | { kind: "exited"; status: number }
  | { kind: "suspended"; saved: SavedScript }
  | { kind: "blocked"; argv: string[] }
  /** Out of the iteration or output budget without a stop point: the script spins or floods. */
  | { kind: "budget"; message: string };

/**
 * Scripts parsed in this process, by shell and text: a container's main process resumes after
 * every sleep, and a command that catches up looping pods runs the same few scripts dozens of
 * times. The trees are only read when run. Only clean parses are kept (a syntax error is
 * printed every time), and the map is emptied when it grows large.
 */
const parsed = new Map<string, List>();
const PARSED_MAX = 256;

/** Runs `text` from its start, or from `saved`, until it ends, blocks or is told to stop. */
export async function runResumable(
  sh: Interp,
  text: string,
  saved: SavedScript | undefined,
  io: ShellIO,
  shouldStop: () => boolean,
): Promise<ResumableResult> {
  const st = sh.current;
  st.interactive = false;
  sh.budget.reset();
  const streams: Streams = { in: new Input(""), out: (s) => io.stdout(s), err: io.stderr, tty: false };
  const key = `${st.shell}\0${text}`;
  const list = parsed.get(key) ?? sh.parse(st, text, streams);
  if (!list) return { kind: "exited", status: 2 };
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(key, list);
  if (saved) restoreState(st, saved);
  try {
    const status = await new Stepper(sh, st, streams, shouldStop).list(list, saved?.frames ?? []);
    return { kind: "exited", status };
  } catch (e) {
    if (e instanceof Suspend) return { kind: "suspended", saved: saveState(st, e.frames) };
    if (e instanceof Blocked) return { kind: "blocked", argv: e.argv };
    if (e instanceof ExitSignal || e instanceof AbortSignal) return { kind: "exited", status: e.status };
    if (e instanceof LoopSignal) return { kind: "exited", status: 0 };
    if (e instanceof BudgetExceeded) return { kind: "budget", message: e.text(st.argv0) };
    throw e;
  }
}
