// Helpers shared by the external commands: getopt-style option parsing with GNU's (or
// busybox's) error messages, and reading operands or standard input.

import type { CommandContext } from "../types.js";
import { VfsError } from "../vfs.js";

export interface Args {
  /** Flags seen, by their short letter (long options are mapped to one). */
  flags: Set<string>;
  /** The last value of each option that takes one. */
  values: Map<string, string>;
  /** Every value of each option, in order (grep -e a -e b). */
  all: Map<string, string[]>;
  operands: string[];
}

export interface ArgSpec {
  /** Letters of flags without a value: "lai". */
  flags?: string;
  /** Letters of options taking a value: "n". */
  values?: string;
  /** Long option → its short letter (or itself when there is none). */
  long?: Record<string, string>;
  /** `head -5` means `-n 5`. */
  digitsAs?: string;
  /** Exit status of a usage error (ls: 2). */
  usageStatus?: number;
}

export const isBusybox = (ctx: CommandContext) => ctx.userland === "busybox";

/** The command's name as its messages print it (argv[0] without a directory). */
export const cmdName = (ctx: CommandContext) => ctx.argv[0].slice(ctx.argv[0].lastIndexOf("/") + 1);

export function err(ctx: CommandContext, msg: string): void {
  ctx.io.stderr(`${cmdName(ctx)}: ${msg}\n`);
}

/** Parses argv[1..] (GNU permutes operands and options); prints the error and returns a status on misuse. */
export function getopt(ctx: CommandContext, spec: ArgSpec): Args | number {
  const out: Args = { flags: new Set(), values: new Map(), all: new Map(), operands: [] };
  const name = cmdName(ctx);
  const usage = (msg: string) => {
    ctx.io.stderr(`${name}: ${msg}\n${isBusybox(ctx) ? "" : `Try '${name} --help' for more information.\n`}`);
    return spec.usageStatus ?? 1;
  };
  const argv = ctx.argv;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const [key, val] = a.slice(2).split(/=(.*)/s, 2);
      const short = spec.long?.[key];
      if (short === undefined) return usage(`unrecognized option '${a}'`);
      if (spec.values?.includes(short)) {
        const v = val ?? argv[++i];
        if (v === undefined) return usage(`option '--${key}' requires an argument`);
        out.values.set(short, v);
        out.all.set(short, [...(out.all.get(short) ?? []), v]);
      } else out.flags.add(short);
      continue;
    }
    if (a.length < 2 || a[0] !== "-") {
      out.operands.push(a);
      continue;
    }
    if (spec.digitsAs && /^-[0-9]+$/.test(a)) {
      out.values.set(spec.digitsAs, a.slice(1));
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (spec.values?.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return usage(`option requires an argument -- '${c}'`);
        out.values.set(c, v);
        out.all.set(c, [...(out.all.get(c) ?? []), v]);
        break;
      }
      if (!spec.flags?.includes(c)) return usage(`invalid option -- '${c}'`);
      out.flags.add(c);
    }
  }
  return out;
}

/** Text of an operand ("-" is standard input), or the failure. */
export function readOperand(ctx: CommandContext, file: string): string | VfsError {
  if (file === "-") return ctx.stdin;
  if (ctx.path(file) === "/dev/null") return "";
  try {
    return ctx.fs.read(ctx.path(file));
  } catch (e) {
    if (e instanceof VfsError) return e;
    throw e;
  }
}

/** Splits text into lines, without the empty string after a final newline. */
export function lines(text: string): string[] {
  if (text === "") return [];
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
}
