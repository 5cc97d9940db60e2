// Finding the program behind a command name. The image's commands are not files in the VFS
// (that would bloat every container's persisted state); each has a location, /usr/bin/<name>
// by default on Debian-like images and /bin/<name> on busybox, and PATH finds it there.
// Executable files the user creates in the VFS are shell scripts.

import type { CommandImpl, ShellName } from "./types.js";
import { basename, resolvePath, type Vfs } from "./vfs.js";

export type Found =
  | { kind: "impl"; impl: CommandImpl; path: string }
  | { kind: "script"; path: string }
  /** `message` without the shell's prefix, e.g. "./x: Permission denied". */
  | { kind: "error"; status: 126 | 127; message: string };

export interface TableOptions {
  /** Directory of commands without an explicit location. */
  binDir: string;
  locations: Record<string, string>;
  /** /bin is a link to /usr/bin (Debian 12, Ubuntu): /bin/ls and /usr/bin/ls are the same file. */
  mergedUsr: boolean;
  /** Commands the image has, whether kubesim runs them or not (see unmodelled). */
  listed?: ReadonlySet<string>;
}

/** What kubesim says of a command the image has but kubesim cannot run: not "not found", which would be untrue. */
export function unmodelledText(name: string): string {
  return `kubesim: ${name} is in this container's image, but kubesim does not model it\n`;
}

export class CommandTable {
  constructor(
    readonly commands: Map<string, CommandImpl>,
    private readonly opts: TableOptions,
    private readonly fs: Vfs,
  ) {}

  location(name: string): string | undefined {
    if (!this.commands.has(name)) return undefined;
    return this.opts.locations[name] ?? `${this.opts.binDir}/${name}`;
  }

  /**
   * The image's commands whose binary lives in directory `dir` (a path with its links
   * resolved): `ls /usr/bin` lists them, though they are not files in the tree.
   */
  namesIn(dir: string): string[] {
    const out: string[] = [];
    for (const name of this.commands.keys()) {
      const loc = this.location(name);
      if (loc !== undefined && this.same(loc, `${dir === "/" ? "" : dir}/${name}`)) out.push(name);
    }
    return out;
  }

  /** Whether the image has `name` but kubesim has no model of it (sed in Debian's images). */
  unmodelled(name: string): boolean {
    return !name.includes("/") && !!this.opts.listed?.has(name) && !this.commands.has(name);
  }

  /** The image's command whose binary is at absolute path `abs`, if any. */
  at(abs: string): CommandImpl | undefined {
    const name = basename(abs);
    const loc = this.location(name);
    return loc !== undefined && this.same(loc, abs) ? this.commands.get(name) : undefined;
  }

  /** Resolves a command name as execve(2) via PATH would; undefined when PATH has no such command. */
  lookup(name: string, PATH: string, cwd: string, shell: ShellName): Found | undefined {
    if (name.includes("/")) return this.byPath(name, resolvePath(cwd, name), shell);
    for (const dir of PATH.split(":")) {
      const abs = resolvePath(cwd, `${dir || "."}/${name}`);
      const st = this.fs.stat(abs);
      if (st?.type === "file" && st.mode & 0o111) {
        const impl = this.at(abs);
        return impl ? { kind: "impl", impl, path: abs } : { kind: "script", path: abs };
      }
      const impl = st ? undefined : this.at(abs);
      if (impl) return { kind: "impl", impl, path: `${dir}/${name}` };
    }
    return undefined;
  }

  private byPath(name: string, abs: string, shell: ShellName): Found {
    const st = this.fs.stat(abs);
    if (!st) {
      const impl = this.at(abs);
      if (impl) return { kind: "impl", impl, path: abs };
      return {
        kind: "error",
        status: 127,
        message: `${name}: ${shell === "bash" ? "No such file or directory" : "not found"}`,
      };
    }
    if (st.type === "dir") {
      // execve(2) on a directory is EACCES; bash checks first and says so plainly.
      return {
        kind: "error",
        status: 126,
        message: `${name}: ${shell === "bash" ? "Is a directory" : "Permission denied"}`,
      };
    }
    if (!(st.mode & 0o111)) return { kind: "error", status: 126, message: `${name}: Permission denied` };
    const impl = this.at(abs);
    return impl ? { kind: "impl", impl, path: abs } : { kind: "script", path: abs };
  }

  private same(a: string, b: string): boolean {
    if (!this.opts.mergedUsr) return a === b;
    const canon = (p: string) => p.replace(/^\/usr\/(s?bin|lib)\//, "/$1/");
    return canon(a) === canon(b);
  }
}
