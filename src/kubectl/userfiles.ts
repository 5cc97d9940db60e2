// The user's files, as the verbs that take a path see them (-f, -o jsonpath-file=, check
// FILE, cluster export --output). On the command line they are the host's; typed into the
// node shell (`kubesim shell`) they are that node's simulated files, so nothing typed there
// reads or writes the machine kubesim runs on. Failures carry Node's errno codes either way,
// which is what the verbs turn into kubectl's words.
import * as fs from "node:fs";
import { resolvePath, type Vfs, VfsError } from "../shell/vfs.js";
import { readFileBounded } from "./input-limit.js";

export interface FileInfo {
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

export interface UserFiles {
  stat(p: string): FileInfo;
  lstat(p: string): FileInfo;
  readdir(p: string): string[];
  readFile(p: string): Buffer;
  writeFile(p: string, data: string): void;
  /** mkdir -p */
  mkdirs(p: string): void;
  /** Removes one file. */
  unlink(p: string): void;
  /** The path with every symbolic link resolved; the path must exist. */
  realpath(p: string): string;
  /** What a symbolic link points to, as written (kubectl cp copies a link as a link). */
  readlink(p: string): string;
}

export const hostFiles: UserFiles = {
  stat: (p) => fs.statSync(p),
  lstat: (p) => fs.lstatSync(p),
  readdir: (p) => fs.readdirSync(p),
  // Bounded: /dev/zero or a huge file must not exhaust memory (input-limit.ts).
  readFile: (p) => readFileBounded(p),
  writeFile: (p, data) => fs.writeFileSync(p, data),
  mkdirs: (p) => {
    fs.mkdirSync(p, { recursive: true });
  },
  unlink: (p) => fs.unlinkSync(p),
  realpath: (p) => fs.realpathSync(p),
  readlink: (p) => fs.readlinkSync(p),
};

/** A VfsError as Node reports the same failure: an Error with `code`. */
function errno(e: unknown, op: string, p: string): never {
  if (!(e instanceof VfsError)) throw e;
  throw Object.assign(new Error(`${e.code}: ${e.message.toLowerCase()}, ${op} '${p}'`), {
    code: e.code,
    path: p,
  });
}

/** The files of a node shell: `cwd()` is the shell's current directory, for relative paths. */
export function vfsFiles(vfs: Vfs, cwd: () => string): UserFiles {
  const abs = (p: string) => resolvePath(cwd(), p);
  const info = (op: string, p: string): FileInfo => {
    const st = op === "lstat" ? vfs.lstat(abs(p)) : vfs.stat(abs(p));
    if (!st) errno(new VfsError("ENOENT", p), op, p);
    return {
      isDirectory: () => st.type === "dir",
      isFile: () => st.type === "file",
      isSymbolicLink: () => st.type === "link",
    };
  };
  const guard =
    <A extends unknown[], R>(op: string, f: (p: string, ...a: A) => R) =>
    (p: string, ...a: A): R => {
      try {
        return f(abs(p), ...a);
      } catch (e) {
        return errno(e, op, p);
      }
    };
  return {
    stat: (p) => info("stat", p),
    lstat: (p) => info("lstat", p),
    readdir: guard("scandir", (p) => vfs.list(p)),
    readFile: guard("open", (p) => Buffer.from(vfs.read(p), "utf8")),
    writeFile: guard("open", (p, data: string) => vfs.write(p, data)),
    mkdirs: guard("mkdir", (p) => vfs.mkdir(p, { parents: true })),
    unlink: guard("unlink", (p) => {
      if (vfs.isDir(p)) throw new VfsError("EISDIR", p);
      vfs.remove(p);
    }),
    // The simulated tree has no links: a path is its own real path once it exists.
    realpath: guard("realpath", (p) => {
      if (!vfs.exists(p)) throw new VfsError("ENOENT", p);
      return p;
    }),
    readlink: guard("readlink", (p) => {
      const st = vfs.lstat(p);
      if (!st) throw new VfsError("ENOENT", p);
      if (st.type !== "link") throw new VfsError("EINVAL", p);
      return st.target ?? "";
    }),
  };
}
