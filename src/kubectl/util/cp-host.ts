// The host's half of `kubectl cp`: kubectl packs the local path into a tar stream (makeTar)
// or unpacks the container's stream under the local path (untarAll). Only the path the user
// named is read or written: a link on the host is sent as a link, never followed, and a
// member that would land outside the destination (`..`, or through a link below it) is
// skipped with kubectl's warning.
import * as path from "node:path";
import { quote } from "../../golang/strconv.js";
import { CliError } from "../io.js";
import type { UserFiles } from "../userfiles.js";
import type { TarMember } from "./cp-tar.js";

/** filespec.go's stripTrailingSlash: "/" stays, one trailing slash goes. */
export function stripTrailingSlash(p: string): string {
  return p !== "/" && p.endsWith("/") ? p.slice(0, -1) : p;
}

/** filespec.go's stripPathShortcuts: leading "../"s, a lone "." or "..", a leading "/". */
export function stripPathShortcuts(p: string): string {
  let s = p;
  while (s.startsWith("../")) s = s.slice(3);
  if (s === "." || s === "..") s = "";
  return s.startsWith("/") ? s.slice(1) : s;
}

/** filepath.Join: the elements joined and cleaned, "" when all are empty. */
function join(...parts: string[]): string {
  const kept = parts.filter((p) => p !== "");
  return kept.length ? path.posix.normalize(kept.join("/")).replace(/(.)\/$/, "$1") : "";
}

/** What was read, and whether reading stopped at `budget` bytes (the container's disk). */
export interface HostRead {
  members: TarMember[];
  truncated: boolean;
}

/**
 * makeTar/recursiveTar: `src` as members named from `destBase` down. An empty directory is
 * a member of its own; a non-empty one is only its contents, as kubectl writes it.
 */
export function readHostTree(files: UserFiles, src: string, destBase: string, budget: number): HostRead {
  const members: TarMember[] = [];
  let bytes = 0;
  let truncated = false;
  const walk = (p: string, name: string) => {
    if (truncated) return;
    const st = files.lstat(p);
    if (st.isSymbolicLink()) {
      members.push({ name, type: "link", target: files.readlink(p) });
    } else if (st.isDirectory()) {
      const names = files.readdir(p).sort();
      if (!names.length) members.push({ name, type: "dir" });
      for (const n of names) walk(path.join(p, n), `${name}/${n}`);
    } else {
      const data = files.readFile(p).toString("utf8");
      members.push({ name, type: "file", data });
      bytes += data.length;
      // Past the container's disk the copy fails anyway: stop reading the host there.
      if (bytes > budget) truncated = true;
    }
    if (members.length > budget / 64) truncated = true;
  };
  walk(path.normalize(src), destBase);
  return { members, truncated };
}

/** Go's os.PathError text for the Node error `e` on `p`. */
function pathError(op: string, p: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
    EACCES: "permission denied",
    ENOENT: "no such file or directory",
    EEXIST: "file exists",
    EROFS: "read-only file system",
    ENOSPC: "no space left on device",
  };
  if (!code || !why[code]) throw e;
  return new CliError(`error: ${op} ${p}: ${why[code]}`);
}

/** A path below `dest` reached through a link on the host would write outside what the user named. */
function throughLink(files: UserFiles, dest: string, target: string): boolean {
  const rel = path.relative(dest, path.dirname(target));
  if (!rel || rel === ".") return false;
  let p = dest;
  for (const part of rel.split(path.sep)) {
    p = path.join(p, part);
    try {
      if (files.lstat(p).isSymbolicLink()) return true;
    } catch {
      return false;
    }
  }
  return false;
}

export interface UntarContext {
  ns: string;
  pod: string;
  /** The remote path as typed (quoted in the symlink hint). */
  src: string;
  warn: (line: string) => void;
}

/** untarAll: writes the container's members under `dest`, as kubectl does. */
export function writeHostTree(
  files: UserFiles,
  members: TarMember[],
  prefix: string,
  dest: string,
  ctx: UntarContext,
): void {
  let hinted = false;
  for (const m of members) {
    if (!m.name.startsWith(prefix)) throw new CliError("error: tar contents corrupted");
    const target = join(dest, stripTrailingSlash(m.name.slice(prefix.length)));
    const rel = path.relative(dest, target);
    const inside = rel === "" || rel === stripPathShortcuts(rel);
    if (!inside || throughLink(files, dest, target)) {
      ctx.warn(`warning: file ${quote(target)} is outside target destination, skipping\n`);
      continue;
    }
    const parent = path.dirname(target);
    try {
      files.mkdirs(parent);
    } catch (e) {
      throw pathError("mkdir", parent, e);
    }
    if (m.type === "dir") {
      try {
        files.mkdirs(target);
      } catch (e) {
        throw pathError("mkdir", target, e);
      }
      continue;
    }
    if (m.type === "link") {
      if (!hinted) {
        hinted = true;
        ctx.warn(
          `warning: skipping symlink: ${quote(target)} -> ${quote(m.target ?? "")} (consider using "kubectl exec -n ${quote(ctx.ns)} ${quote(ctx.pod)} -- tar cf - ${quote(ctx.src)} | tar xf -")\n`,
        );
      } else ctx.warn(`warning: skipping symlink: ${quote(target)} -> ${quote(m.target ?? "")}\n`);
      continue;
    }
    try {
      files.writeFile(target, m.data ?? "");
    } catch (e) {
      throw pathError("open", target, e);
    }
  }
}
