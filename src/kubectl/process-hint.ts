// Whether a command line's manifests give a container a program to run: `command:` or
// `args:` in a file or standard input of apply, create or replace, or a command after `--`
// of create. Such a pod's process falls due within the same command, and the core bundle,
// which has no container runtime, would do the whole command and then hand it over to the
// full bundle to do again (src/main.ts): the seed lab's own testpod cost two starts. The
// launcher asks this before loading either bundle. A textual guess: a wrong yes costs the
// full bundle's larger start, a wrong no the handover, never correctness.
import * as fs from "node:fs";
import { InputTooLargeError, readFdBounded, readFileBounded } from "./input-limit.js";

/**
 * What the launcher read of standard input, for the bundle to take instead of reading it
 * again. Too much input is said as a flag, not an error object: the bundle's own error class
 * is not the launcher's copy, and the CLI tells its errors by their class.
 */
export type StdinRead = { text: string } | { tooLarge: true } | { error: Error };

const VERBS = new Set(["apply", "create", "replace"]);

/** A `command:` or `args:` key, in YAML (at a line's start or after "- ") or in JSON. */
const PROGRAM_KEY = /(?:^[ \t]*(?:-[ \t]+)?|")(?:command|args)"?[ \t]*:/m;

/** The -f/--filename values of a command line, up to `--`. */
function filenames(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const a = argv[i];
    if (a === "-f" || a === "--filename") {
      if (argv[i + 1] !== undefined) out.push(argv[++i]);
    } else if (a.startsWith("--filename=")) out.push(a.slice("--filename=".length));
    else if (a.startsWith("-f=")) out.push(a.slice(3));
    else if (/^-f./.test(a)) out.push(a.slice(2));
  }
  return out;
}

export function startsProcess(
  verb: string | undefined,
  argv: readonly string[],
  stash: (stdin: StdinRead) => void,
): boolean {
  if (!verb || !VERBS.has(verb)) return false;
  const end = argv.indexOf("--");
  if (verb === "create" && end >= 0 && end < argv.length - 1) return true;
  let found = false;
  for (const name of filenames(argv)) {
    if (found) break;
    if (name === "-") {
      // Read once, here: the bundle takes what was read (or the error) instead of stdin.
      try {
        const text = readFdBounded(0, "standard input").toString("utf8");
        stash({ text });
        found = PROGRAM_KEY.test(text);
      } catch (e) {
        stash(e instanceof InputTooLargeError ? { tooLarge: true } : { error: e as Error });
        return false;
      }
      continue;
    }
    // A URL, a directory (-R) or a file that cannot be read is left to the verb to report.
    if (name.includes("://")) continue;
    try {
      if (!fs.statSync(name).isFile()) continue;
      found = PROGRAM_KEY.test(readFileBounded(name).toString("utf8"));
    } catch {
      // The verb reads it again and says what is wrong.
    }
  }
  return found;
}
