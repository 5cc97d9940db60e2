// Runs kubesim in-process, as bin/kubesim does, with its own KUBESIM_HOME, a fixed clock
// and seed, and captured streams; and reads/plays transcript files.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../src/kubectl/cli.js";
import type { StoreFs } from "../src/store/fsio.js";

export const ROOT = path.resolve(__dirname, "..");

export interface Result {
  code: number;
  out: string;
  err: string;
}

export class Sandbox {
  readonly home: string;
  env: NodeJS.ProcessEnv;
  /** The disk the state goes through (a failing double); the real one when unset. */
  fs?: StoreFs;

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-test-"));
    this.env = {
      KUBESIM_HOME: this.home,
      KUBESIM_NOW: "2026-11-27T10:00:00Z",
      KUBESIM_SEED: "1",
      KUBESIM_TIME_SCALE: "0",
      NO_COLOR: "1",
      ...env,
    };
  }

  async run(argv: string[], stdin = ""): Promise<Result> {
    let out = "";
    let err = "";
    const code = await run(argv, {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
      readStdin: () => stdin,
      env: this.env,
      stdoutIsTTY: false,
      fs: this.fs,
    });
    return { code, out, err };
  }

  /** Runs a command line written as in a shell (quotes respected), from the project root. */
  async sh(line: string, stdin = ""): Promise<Result> {
    return this.run(splitArgs(line), stdin);
  }

  cleanup(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** Splits a command line the way a POSIX shell would for simple quoting. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const j = line.indexOf("'", i + 1);
      // A shell stops at an unterminated quote; so does the harness, rather than loop.
      if (j < 0) throw new Error(`unterminated ' in: ${line}`);
      cur += line.slice(i + 1, j);
      i = j;
      has = true;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        // In double quotes a backslash escapes only $ ` " \ (bash), so "{'\n'}" keeps its \n.
        if (line[j] === "\\" && j + 1 < line.length && '$`"\\'.includes(line[j + 1])) j++;
        cur += line[j];
        j++;
      }
      i = j;
      has = true;
    } else if (ch === " " || ch === "\t") {
      if (has) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}
