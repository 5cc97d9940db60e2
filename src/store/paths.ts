// Where kubesim keeps its files, and what to say when that place is not usable: the usual
// cause is KUBESIM_HOME (or one of its parents) being a regular file, which Node reports
// as ENOTDIR about some file below it, blaming a file that is not the problem.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fsReason } from "./errors.js";

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), ".kubesim");
}

function isNonDirectory(p: string): boolean {
  try {
    return !fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The sentence for a path under home that cannot be reached or created: names the first
 * part of it that exists and is not a directory, or else the file system's reason.
 */
export function pathProblem(home: string, target: string, e: unknown, env: NodeJS.ProcessEnv): string {
  const named = env.KUBESIM_HOME ? `KUBESIM_HOME is ${home}` : `kubesim keeps its state in ${home}`;
  const abs = path.resolve(target);
  const parts = abs.split(path.sep);
  for (let i = 2; i <= parts.length; i++) {
    const p = parts.slice(0, i).join(path.sep) || path.sep;
    if (!isNonDirectory(p)) continue;
    const fix = env.KUBESIM_HOME
      ? "Point KUBESIM_HOME at a directory (kubesim creates it if it does not exist), or move that file away."
      : "Move that file away, or set KUBESIM_HOME to a directory.";
    if (path.resolve(home) === p) return `error: ${named}, which is a file, not a directory.\n${fix}`;
    if (path.resolve(home).startsWith(`${p}${path.sep}`))
      return `error: ${named}, but ${p} is a file, not a directory.\n${fix}`;
    return `error: ${p} is a file, not a directory; kubesim keeps its state there (${named}).\nMove that file away.`;
  }
  return `error: cannot use kubesim's state in ${home}: ${fsReason(e)} (${target})`;
}
