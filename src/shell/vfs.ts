// An in-memory file tree for one container. It is persisted in kubesim's state, so it must
// round-trip through JSON; it holds text only (what labs write: index.html, /etc/hosts,
// scripts). Nothing here touches the real file system.

import { basename, dirname, resolvePath } from "./paths.js";
import { VfsError } from "./vfs-error.js";

export { errText, VfsError, type VfsErrorCode } from "./vfs-error.js";
export { basename, dirname, resolvePath };

/** Linux's limits, which also keep the tree shallow enough to walk recursively. */
const NAME_MAX = 255;
const PATH_MAX = 4096;

interface FileNode {
  kind: "file";
  data: string;
  mode: number;
  mtime: number;
}
interface DirNode {
  kind: "dir";
  children: Map<string, Node>;
  mode: number;
  mtime: number;
  /** On a tmpfs (Secret, projected and downwardAPI volumes): its size is 20 bytes an entry. */
  tmpfs?: true;
}
/** A symbolic link (the kubelet's `..data` layout in configMap and secret volumes). */
interface LinkNode {
  kind: "link";
  target: string;
  mode: number;
  mtime: number;
}
type Node = FileNode | DirNode | LinkNode;

/** How many links a lookup follows before giving up (the kernel's ELOOP limit). */
const MAX_LINKS = 40;

export interface VfsStat {
  /** "link" only from lstat: stat follows links. */
  type: "file" | "dir" | "link";
  /** A link's target, as written. */
  target?: string;
  /** Bytes (UTF-8), as `ls -l` and `wc -c` count them. */
  size: number;
  /** KiB allocated, as `ls -s` and ls's total count them: 4 a page, none for links and tmpfs directories. */
  blocks: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  mtime: Date;
}

/** One entry per path, parents before children; files carry their text. */
export interface VfsJSON {
  version: 1;
  entries: Record<
    string,
    { dir?: true; tmpfs?: true; data?: string; link?: string; mode: number; mtime: number }
  >;
  /** The read-only mounts (Vfs.readOnly), so a shell loading the tree keeps them. */
  readOnly?: string[];
}

/** ENAMETOOLONG for a name over NAME_MAX bytes, or a path (plus `below` more) over PATH_MAX. */
function checkName(path: string, below = 0): void {
  const abs = resolvePath("/", path);
  const long = (s: string) => Buffer.byteLength(s, "utf8");
  if (long(abs) + below >= PATH_MAX || abs.split("/").some((part) => long(part) > NAME_MAX)) {
    throw new VfsError("ENAMETOOLONG", path);
  }
}

/** The longest path inside a directory, relative to it (0 for a file). */
function deepestBelow(n: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[n, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [cur, len] = top;
    max = Math.max(max, len);
    if (cur.kind === "dir") for (const [name, c] of cur.children) stack.push([c, len + 1 + name.length]);
  }
  return max;
}

export class Vfs {
  private root: DirNode;
  /** Counts calls that may change the tree: a caller compares it instead of the whole tree. */
  changes = 0;
  /** Milliseconds since the epoch for new mtimes; the shell points it at the simulated clock. */
  clock: () => number = () => Date.now();
  /**
   * How much text the files may hold together; past it, writes fail with ENOSPC as on a full
   * disk. The tree lives in kubesim's state, so the shell keeps it small.
   */
  capacity = Number.POSITIVE_INFINITY;
  /**
   * Directories (or files) mounted read-only: the kubelet mounts configMap, secret, downwardAPI
   * and projected volumes so. Set on each build of the tree, not saved with it.
   */
  readOnly: string[] = [];

  private guard(path: string): void {
    if (this.readOnly.length === 0) return;
    const abs = resolvePath("/", path);
    if (this.readOnly.some((m) => abs === m || abs.startsWith(`${m}/`))) throw new VfsError("EROFS", path);
  }

  /** Text held in files, counted when first needed and kept up to date by writes. */
  private used: number | undefined;

  constructor() {
    this.root = { kind: "dir", children: new Map(), mode: 0o755, mtime: 0 };
  }

  /** A tree holding `files` (path → text), with their parent directories. */
  static fromFiles(files: Record<string, string>, dirs: string[] = [], mtime = 0): Vfs {
    const fs = new Vfs();
    fs.clock = () => mtime;
    for (const d of dirs) fs.mkdir(d, { parents: true });
    for (const [path, data] of Object.entries(files)) {
      fs.mkdir(dirname(resolvePath("/", path)), { parents: true });
      fs.write(path, data);
    }
    fs.clock = () => Date.now();
    return fs;
  }

  static fromJSON(json: VfsJSON): Vfs {
    const fs = new Vfs();
    fs.readOnly = json.readOnly ?? [];
    for (const [path, e] of Object.entries(json.entries)) {
      if (path === "/") {
        fs.root.mode = e.mode;
        fs.root.mtime = e.mtime;
        continue;
      }
      const { parent, name } = fs.parentOf(path);
      parent.children.set(
        name,
        e.dir
          ? {
              kind: "dir",
              children: new Map(),
              mode: e.mode,
              mtime: e.mtime,
              ...(e.tmpfs ? { tmpfs: e.tmpfs } : {}),
            }
          : e.link !== undefined
            ? { kind: "link", target: e.link, mode: e.mode, mtime: e.mtime }
            : { kind: "file", data: e.data ?? "", mode: e.mode, mtime: e.mtime },
      );
    }
    return fs;
  }

  /** Replaces this tree's contents with another's, keeping the object (a shell holds it). */
  load(json: VfsJSON): void {
    this.root = Vfs.fromJSON(json).root;
    this.readOnly = json.readOnly ?? [];
    this.used = undefined;
  }

  /** Takes another tree's contents as they are (files not yet made stay unmade), keeping this object. */
  adopt(other: Vfs): void {
    this.root = other.root;
    this.readOnly = [...other.readOnly];
    this.used = undefined;
  }

  toJSON(): VfsJSON {
    const entries: VfsJSON["entries"] = {};
    const walk = (path: string, node: Node) => {
      if (node.kind === "file") {
        entries[path] = { data: node.data, mode: node.mode, mtime: node.mtime };
        return;
      }
      if (node.kind === "link") {
        entries[path] = { link: node.target, mode: node.mode, mtime: node.mtime };
        return;
      }
      entries[path] = {
        dir: true,
        mode: node.mode,
        mtime: node.mtime,
        ...(node.tmpfs ? { tmpfs: node.tmpfs } : {}),
      };
      for (const [name, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : 1))) {
        walk(path === "/" ? `/${name}` : `${path}/${name}`, child);
      }
    };
    walk("/", this.root);
    return this.readOnly.length
      ? { version: 1, entries, readOnly: [...this.readOnly] }
      : { version: 1, entries };
  }

  exists(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  stat(path: string): VfsStat | undefined {
    return statOf(this.lookup(path));
  }

  /** stat without following a link at the end of the path (ls -l shows the link itself). */
  lstat(path: string): VfsStat | undefined {
    return statOf(this.lookup(path, false));
  }

  /** Mounts a tmpfs on the directory at `path`: it and what is made in it have tmpfs sizes. */
  tmpfs(path: string): void {
    const n = this.lookup(path);
    if (n?.kind !== "dir") throw new VfsError(n ? "ENOTDIR" : "ENOENT", path);
    n.tmpfs = true;
  }

  /** Makes a symbolic link at `path` to `target` (relative to the link's directory, or absolute). */
  symlink(target: string, path: string): void {
    this.guard(path);
    this.changes++;
    const { parent, name } = this.parentOf(path);
    if (parent.children.has(name)) throw new VfsError("EEXIST", path);
    checkName(path);
    parent.children.set(name, { kind: "link", target, mode: 0o777, mtime: this.clock() });
    parent.mtime = this.clock();
  }

  isDir(path: string): boolean {
    return this.lookup(path)?.kind === "dir";
  }

  read(path: string): string {
    const n = this.must(path);
    if (n.kind !== "file") throw new VfsError("EISDIR", path);
    return n.data;
  }

  /** Creates or truncates; the parent directory must exist. */
  write(path: string, data: string, mode = 0o644): void {
    this.guard(path);
    this.changes++;
    const { parent, name } = this.parentOf(path);
    const n = parent.children.get(name);
    if (n?.kind === "dir") throw new VfsError("EISDIR", path);
    // Writing through a link writes its target.
    if (n?.kind === "link") {
      this.write(resolvePath(dirname(resolvePath("/", path)), n.target), data, mode);
      return;
    }
    if (!n) checkName(path);
    this.reserve(data.length - (n?.data.length ?? 0), path);
    if (n) {
      n.data = data;
      n.mtime = this.clock();
    } else parent.children.set(name, { kind: "file", data, mode, mtime: this.clock() });
    parent.mtime = this.clock();
  }

  /**
   * Creates (or truncates) a file whose text is made when first read: a service account
   * token is minted (eight SHA-256 rounds) only if something reads it, not for every exec.
   * Otherwise as write(); a tree with a capacity needs the size now, so makes it at once.
   */
  writeLazy(path: string, make: () => string, mode = 0o644): void {
    if (this.capacity !== Number.POSITIVE_INFINITY) {
      this.write(path, make(), mode);
      return;
    }
    this.write(path, "", mode);
    const n = this.lookup(path);
    if (n?.kind !== "file") return;
    let text: string | undefined;
    Object.defineProperty(n, "data", {
      enumerable: true,
      configurable: true,
      get: () => (text ??= make()),
      set: (v: string) => {
        text = v;
      },
    });
  }

  append(path: string, data: string): void {
    this.guard(path);
    this.changes++;
    const n = this.lookup(path);
    if (n?.kind === "file") {
      this.reserve(data.length, path);
      n.data += data;
      n.mtime = this.clock();
    } else this.write(path, data);
  }

  /** Names in a directory, sorted bytewise (the C locale containers run in). */
  list(path: string): string[] {
    const n = this.must(path);
    if (n.kind !== "dir") throw new VfsError("ENOTDIR", path);
    return [...n.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  mkdir(path: string, opts: { parents?: boolean; mode?: number } = {}): void {
    this.guard(path);
    this.changes++;
    const abs = resolvePath("/", path);
    if (abs === "/") {
      if (opts.parents) return;
      throw new VfsError("EEXIST", path);
    }
    if (opts.parents) {
      let cur = "";
      for (const part of abs.slice(1).split("/")) {
        cur += `/${part}`;
        const n = this.lookup(cur);
        if (n?.kind === "file") throw new VfsError(cur === abs ? "EEXIST" : "ENOTDIR", path);
        if (!n) this.mkdir(cur, { mode: opts.mode });
      }
      return;
    }
    const { parent, name } = this.parentOf(path);
    if (parent.children.has(name)) throw new VfsError("EEXIST", path);
    checkName(path);
    parent.children.set(name, {
      kind: "dir",
      children: new Map(),
      mode: opts.mode ?? 0o755,
      mtime: this.clock(),
      ...(parent.tmpfs ? { tmpfs: parent.tmpfs } : {}),
    });
    parent.mtime = this.clock();
  }

  /** Removes a file, an empty directory, or (recursive) a whole tree. */
  remove(path: string, opts: { recursive?: boolean } = {}): void {
    this.guard(path);
    this.changes++;
    const { parent, name } = this.parentOf(path);
    const n = parent.children.get(name);
    if (!n) throw new VfsError("ENOENT", path);
    if (n.kind === "dir" && n.children.size > 0 && !opts.recursive) throw new VfsError("ENOTEMPTY", path);
    parent.children.delete(name);
    parent.mtime = this.clock();
    this.used = undefined;
  }

  /** Moves a file or directory (rename(2): replaces a file, or an empty directory, at `to`). */
  rename(from: string, to: string): void {
    this.guard(from);
    this.guard(to);
    this.changes++;
    this.used = undefined; // a file replaced at `to` frees its text
    const src = this.parentOf(from);
    const n = src.parent.children.get(src.name);
    if (!n) throw new VfsError("ENOENT", from);
    const a = resolvePath("/", from);
    const b = resolvePath("/", to);
    if (b === a) return;
    if (b.startsWith(`${a}/`)) throw new VfsError("EINVAL", to);
    const dst = this.parentOf(to);
    const old = dst.parent.children.get(dst.name);
    if (old?.kind === "dir" && n.kind !== "dir") throw new VfsError("EISDIR", to);
    if (old?.kind === "dir" && old.children.size > 0) throw new VfsError("ENOTEMPTY", to);
    if (old && old.kind !== "dir" && n.kind === "dir") throw new VfsError("ENOTDIR", to);
    checkName(to, deepestBelow(n));
    src.parent.children.delete(src.name);
    dst.parent.children.set(dst.name, n);
    src.parent.mtime = dst.parent.mtime = this.clock();
  }

  chmod(path: string, mode: number): void {
    this.guard(path);
    this.changes++;
    this.must(path).mode = mode & 0o7777;
  }

  /** Sets the modification time to now, as touch(1) does for an existing file. */
  touch(path: string): void {
    this.guard(path);
    this.changes++;
    this.must(path).mtime = this.clock();
  }

  /** Counts `delta` more characters of file text, or throws ENOSPC when they do not fit. */
  private reserve(delta: number, path: string): void {
    if (this.capacity === Number.POSITIVE_INFINITY) return;
    if (this.used === undefined) {
      let total = 0;
      const walk = (n: Node) => {
        if (n.kind === "file") total += n.data.length;
        else if (n.kind === "dir") for (const c of n.children.values()) walk(c);
      };
      walk(this.root);
      this.used = total;
    }
    if (delta > 0 && this.used + delta > this.capacity) throw new VfsError("ENOSPC", path);
    this.used += delta;
  }

  /** The node at `path`, following links on the way (and at the end unless `follow` is false). */
  /**
   * The path with every link resolved (realpath(3)), or undefined when it does not exist:
   * `pwd -P` in /bin of a merged-/usr image is /usr/bin.
   */
  realpath(path: string, depth = 0): string | undefined {
    let real = "/";
    const parts = resolvePath("/", path)
      .split("/")
      .filter((p) => p !== "");
    for (let i = 0; i < parts.length; i++) {
      const here = real === "/" ? `/${parts[i]}` : `${real}/${parts[i]}`;
      const n = this.lookup(here, false);
      if (!n) return undefined;
      if (n.kind === "link") {
        if (depth >= MAX_LINKS) return undefined;
        const target = this.realpath(resolvePath(real, n.target), depth + 1);
        if (target === undefined) return undefined;
        real = target;
      } else real = here;
    }
    return real;
  }

  private lookup(path: string, follow = true, depth = 0): Node | undefined {
    let n: Node = this.root;
    // The real directory reached so far, once a link moved it off the path's own prefix.
    let base: string | undefined;
    let from = 0;
    const parts = resolvePath("/", path)
      .split("/")
      .filter((p) => p !== "");
    for (let i = 0; i < parts.length; i++) {
      if (n.kind !== "dir") return undefined;
      let next = n.children.get(parts[i]);
      if (!next) return undefined;
      if (next.kind === "link" && (follow || i < parts.length - 1)) {
        if (depth >= MAX_LINKS) return undefined;
        const rest = parts.slice(from, i).join("/");
        const here = base === undefined ? `/${rest}` : rest ? `${base}/${rest}` : base;
        base = resolvePath(here, next.target);
        from = i + 1;
        next = this.lookup(base, true, depth + 1);
        if (!next) return undefined;
      }
      n = next;
    }
    return n;
  }

  private must(path: string): Node {
    const n = this.lookup(path);
    if (n) return n;
    // A file in the middle of the path is ENOTDIR, as the kernel reports it.
    throw new VfsError(this.blockedByFile(path) ? "ENOTDIR" : "ENOENT", path);
  }

  private parentOf(path: string): { parent: DirNode; name: string } {
    const abs = resolvePath("/", path);
    if (abs === "/") throw new VfsError("EBUSY", path);
    const p = this.lookup(dirname(abs));
    if (!p) throw new VfsError(this.blockedByFile(dirname(abs)) ? "ENOTDIR" : "ENOENT", path);
    if (p.kind !== "dir") throw new VfsError("ENOTDIR", path);
    return { parent: p, name: basename(abs) };
  }

  private blockedByFile(path: string): boolean {
    let cur = "";
    for (const part of resolvePath("/", path).slice(1).split("/")) {
      cur += `/${part}`;
      const n = this.lookup(cur);
      if (!n) return false;
      if (n.kind === "file") return cur !== resolvePath("/", path);
    }
    return false;
  }
}

function statOf(n: Node | undefined): VfsStat | undefined {
  if (!n) return undefined;
  const size =
    n.kind === "file"
      ? Buffer.byteLength(n.data)
      : n.kind === "link"
        ? Buffer.byteLength(n.target)
        : n.tmpfs
          ? 20 * (n.children.size + 2) // shmem's BOGO_DIRENT_SIZE per entry, "." and ".." too
          : 4096;
  const blocks = n.kind === "link" || (n.kind === "dir" && n.tmpfs) ? 0 : Math.ceil(size / 4096) * 4;
  return {
    type: n.kind,
    size,
    blocks,
    mode: n.mode,
    mtime: new Date(n.mtime),
    ...(n.kind === "link" ? { target: n.target } : {}),
  };
}
