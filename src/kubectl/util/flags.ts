// Flag values as pflag and cobra read them, and cobra's words when they are wrong, so every
// verb that takes an integer, a duration or a repeated flag fails the same way.
import type { Ctx } from "../cli.js";
import { CliError } from "../io.js";

/** A repeated flag (`-f a -f b`) gathered into a list, as pflag's StringArray does. */
export function collect(value: string, prev: string[] = []): string[] {
  return [...prev, value];
}

/**
 * An integer flag as pflag parses it (strconv.ParseInt), or its error as cobra prints it:
 * `Error: invalid argument ... See 'kubectl VERB --help' for usage.`
 */
export function intFlag(value: string, flag: string, verb: string): number {
  if (!/^[-+]?\d+$/.test(value))
    throw new CliError(
      `Error: invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax\nSee 'kubectl ${verb} --help' for usage.`,
    );
  return Number(value);
}

/** Parses `30s`, `5m`, `1h`, `1m30s`, or a bare number of seconds, into milliseconds. */
export function parseDuration(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] as "ms" | "s" | "m" | "h"];
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

/** cobra's MarkFlagRequired failure, as kubectl v1.32 logs it. */
export function requiredFlag(ctx: Ctx, ...flags: string[]): CliError {
  return klogCommandFailed(ctx, `required flag(s) ${flags.map((f) => `"${f}"`).join(", ")} not set`);
}

/** A command's error as kubectl v1.32 logs it through klog: `E... run.go:72] "command failed" err=...`. */
export function klogCommandFailed(ctx: Ctx, message: string): CliError {
  const d = new Date(Date.parse(ctx.io.env.KUBESIM_NOW ?? "") || Date.now());
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
  // klog quotes a one-line value; a multi-line one goes between `<` and ` >`, tab-indented.
  const value = message.includes("\n")
    ? `<\n${message
        .replace(/\n$/, "")
        .split("\n")
        .map((l) => `\t${l}`)
        .join("\n")}\n >`
    : `"${message.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return new CliError(`E${stamp}   ${process.pid} run.go:72] "command failed" err=${value}`);
}

/**
 * pflag's bool flags take a value only as `--flag=v`; commander's `--flag [bool]` also takes
 * the next word. A word that is no bool literal was a positional argument: give it back
 * (in front of the others, where it stood), and leave the flag on.
 */
export function pflagBools(flags: Record<string, unknown>, names: string[], args: string[]): string[] {
  const back: string[] = [];
  for (const n of names) {
    const v = flags[n];
    if (typeof v === "string" && !/^(1|0|t|f|true|false)$/i.test(v)) {
      back.push(v);
      flags[n] = true;
    } else if (typeof v === "string") flags[n] = /^(1|t|true)$/i.test(v);
  }
  return [...back, ...args];
}
