// The container's half of `kubectl cp`: kubectl runs `tar cf - PATH` (from the pod) or
// `tar -xmf - -C DIR` (to the pod) through exec, so what the learner sees on failure is the
// image's own tar talking: GNU tar on Debian-based images, busybox's applet on busybox and
// Alpine. The archive itself is kept as a list of members; nothing is serialised.
import type { ImageModel } from "../../images/types.js";
import { dirname, resolvePath, type Vfs, VfsError } from "../../shell/vfs.js";

/** One tar member: its name in the archive and what it holds. */
export interface TarMember {
  name: string;
  type: "file" | "dir" | "link";
  data?: string;
  target?: string;
  mode?: number;
}

export type TarFlavour = "gnu" | "busybox";

export interface TarRun {
  stderr: string;
  status: number;
}

/** Which tar `tar` runs in the image: busybox's applet where busybox provides the tools. */
export function tarFlavour(model: ImageModel): TarFlavour {
  return model.busyboxVersion || model.libc === "musl" ? "busybox" : "gnu";
}

/**
 * tar strips what would climb out of the extraction directory from member names and says so
 * once: leading slashes, and everything up to the last `..` component.
 */
export function stripUnsafe(name: string): { name: string; removed: string } {
  let cut = 0;
  const re = /(?:^|\/)\.\.(?:\/|$)/g;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    cut = m.index + m[0].length;
    re.lastIndex = cut - (m[0].endsWith("/") ? 1 : 0);
  }
  while (name[cut] === "/") cut++;
  return { name: name.slice(cut), removed: name.slice(0, cut) };
}

function removingNotice(flavour: TarFlavour, removed: string): string {
  return flavour === "gnu"
    ? `tar: Removing leading \`${removed}' from member names\n`
    : `tar: removing leading '${removed}' from member names\n`;
}

/** `tar cf - PATH` run in the container, `cwd` its working directory. */
export function tarCreate(
  fs: Vfs,
  cwd: string,
  path: string,
  flavour: TarFlavour,
): TarRun & { members: TarMember[] } {
  const abs = resolvePath(cwd, path);
  const { name: base, removed } = stripUnsafe(path);
  const members: TarMember[] = [];
  const top = fs.lstat(abs);
  if (!top) {
    if (flavour === "busybox")
      return { members, stderr: `tar: ${path}: No such file or directory\n`, status: 1 };
    return {
      members,
      stderr: `${removed ? removingNotice(flavour, removed) : ""}tar: ${path}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`,
      status: 2,
    };
  }
  const walk = (p: string, name: string) => {
    const st = fs.lstat(p);
    if (!st) return;
    if (st.type === "link") members.push({ name, type: "link", target: st.target ?? "", mode: st.mode });
    else if (st.type === "file") members.push({ name, type: "file", data: fs.read(p), mode: st.mode });
    else {
      members.push({ name: `${name}/`, type: "dir", mode: st.mode });
      for (const child of fs.list(p)) walk(p === "/" ? `/${child}` : `${p}/${child}`, `${name}/${child}`);
    }
  };
  walk(abs, base.replace(/\/+$/, ""));
  return { members, stderr: removed ? removingNotice(flavour, removed) : "", status: 0 };
}

function strerror(e: unknown): string {
  if (e instanceof VfsError) return e.message;
  throw e;
}

/** `tar -xmf - -C DIR` run in the container: writes the members under DIR. */
export function tarExtract(
  fs: Vfs,
  cwd: string,
  dir: string,
  members: TarMember[],
  flavour: TarFlavour,
): TarRun {
  const root = resolvePath(cwd, dir);
  if (!fs.isDir(root)) {
    const why = fs.exists(root) ? "Not a directory" : "No such file or directory";
    return flavour === "gnu"
      ? {
          stderr: `tar: ${dir}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now\n`,
          status: 2,
        }
      : { stderr: `tar: can't change directory to '${dir}': ${why}\n`, status: 1 };
  }
  let stderr = "";
  let noticed = false;
  let failed = false;
  for (const m of members) {
    // Members never land above DIR: tar strips the climbing part of a name and says so once.
    const { name, removed } = stripUnsafe(m.name);
    if (removed && !noticed) {
      noticed = true;
      stderr += removingNotice(flavour, removed);
    }
    if (!name) continue;
    const target = resolvePath(root, name);
    try {
      fs.mkdir(dirname(target), { parents: true });
      if (m.type === "dir") {
        if (!fs.isDir(target)) fs.mkdir(target, { parents: true });
      } else if (m.type === "link") {
        if (fs.lstat(target)) fs.remove(target);
        fs.symlink(m.target ?? "", target);
      } else {
        // tar unlinks what was there and writes a new file (a link is replaced, not followed).
        if (fs.lstat(target)?.type === "link") fs.remove(target);
        fs.write(target, m.data ?? "", m.mode ?? 0o644);
      }
    } catch (e) {
      failed = true;
      const text = strerror(e);
      // busybox's applet dies at the first failure; GNU tar goes on to the next member.
      if (flavour === "busybox")
        return { stderr: `${stderr}tar: can't create '${name}': ${text}\n`, status: 1 };
      stderr += `tar: ${name}: Cannot open: ${text}\n`;
    }
  }
  if (!failed) return { stderr, status: 0 };
  return flavour === "gnu"
    ? { stderr: `${stderr}tar: Exiting with failure status due to previous errors\n`, status: 2 }
    : { stderr, status: 1 };
}
