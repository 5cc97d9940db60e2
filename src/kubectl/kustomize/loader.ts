// kustomize's file loader (api/loader): one root directory per kustomization, files read only
// at or below it (LoadRestrictionsRootOnly, kubectl's default), bases opened as new roots,
// and a base that contains a root already being built refused as a cycle. Texts are
// kustomize v5.5's, including Go's lstat errors.
import * as posix from "node:path/posix";
import type { UserFiles } from "../userfiles.js";

/** A kustomize error: its text is what kubectl prints after `err=`. */
export class KustomizeError extends Error {}

/** errors.WrapPrefixf: "prefix: err". */
export function wrap(e: unknown, prefix: string): never {
  if (e instanceof KustomizeError) throw new KustomizeError(`${prefix}: ${e.message}`);
  throw e;
}

/** At most this many kustomizations in one build (kustomize has no limit; kubesim's stack has). */
const MAX_ROOTS = 500;

function isDir(files: UserFiles, p: string): boolean {
  try {
    return files.stat(p).isDirectory();
  } catch {
    return false;
  }
}

/** filepath.EvalSymlinks' error: the first component of the path that does not exist. */
function evalSymlinks(files: UserFiles, shown: string, abs: string): string {
  try {
    return files.realpath(abs);
  } catch {
    let missing = abs;
    for (let p = abs; p !== posix.dirname(p); p = posix.dirname(p)) {
      try {
        files.lstat(p);
        break;
      } catch {
        missing = p;
      }
    }
    throw new KustomizeError(
      `evalsymlink failure on '${shown}' : lstat ${missing}: no such file or directory`,
    );
  }
}

export class Loader {
  private constructor(
    readonly files: UserFiles,
    /** The real path of this kustomization's directory. */
    readonly root: string,
    /** The roots of the kustomizations that led here, outermost first. */
    private readonly visited: string[],
    private readonly count: { n: number },
    /** --load-restrictor=LoadRestrictionsNone: files may come from anywhere. */
    private readonly loadNone = false,
  ) {}

  /** The loader of the directory `kubectl kustomize DIR` names (relative to `cwd`). */
  static top(files: UserFiles, dir: string, cwd: string, loadNone = false): Loader {
    const abs = posix.resolve(cwd, dir);
    let real: string;
    try {
      real = evalSymlinks(files, dir, abs);
    } catch (e) {
      wrap(e, "must build at directory: not a valid directory");
    }
    if (!isDir(files, real))
      throw new KustomizeError(`must build at directory: '${dir}': file is not directory`);
    return new Loader(files, real, [], { n: 1 }, loadNone);
  }

  /** loader.New: a base directory, checked for cycles against every root above it. */
  child(path: string): Loader {
    const git = gitError(path);
    if (git) throw new KustomizeError(git);
    const abs = posix.resolve(this.root, path);
    let real: string;
    try {
      real = evalSymlinks(this.files, abs, abs);
    } catch (e) {
      wrap(e, "must build at directory: not a valid directory");
    }
    if (!isDir(this.files, real))
      throw new KustomizeError(`must build at directory: '${abs}': file is not directory`);
    // errIfArgEqualOrHigher: this root first, then each parent.
    for (const v of [this.root, ...[...this.visited].reverse()]) {
      if (v === real || v.startsWith(real === "/" ? "/" : `${real}/`)) {
        throw new KustomizeError(`cycle detected: candidate root '${real}' contains visited root '${v}'`);
      }
    }
    if (++this.count.n > MAX_ROOTS) {
      throw new KustomizeError(`kubesim: more than ${MAX_ROOTS} kustomizations in one build`);
    }
    return new Loader(this.files, real, [...this.visited, this.root], this.count, this.loadNone);
  }

  /** Loader.Load: a file at or below the root, by a path relative to it. */
  load(path: string): Buffer {
    const abs = posix.resolve(this.root, path);
    const real = evalSymlinks(this.files, abs, abs);
    // The check is on the file with its links resolved; the message names it as written.
    if (isDir(this.files, real)) throw new KustomizeError(`'${abs}' must resolve to a file`);
    if (!this.loadNone && real !== this.root && !real.startsWith(this.root === "/" ? "/" : `${this.root}/`)) {
      throw new KustomizeError(`security; file '${abs}' is not in or below '${this.root}'`);
    }
    return this.files.readFile(real);
  }

  /** Whether a file exists at this root under exactly this name. */
  has(name: string): boolean {
    try {
      return this.files.stat(posix.join(this.root, name)).isFile();
    } catch {
      return false;
    }
  }
}

/** An http(s) URL: kustomize tries it as a file over HTTP first. */
export function remote(path: string): boolean {
  return /^https?:\/\//.test(path);
}

/** The HTTP fetch of a remote file, offline: the host lookup fails. */
export function remoteError(path: string): string {
  const host = path.replace(/^https?:\/\//, "").split(/[/:?]/)[0];
  return `Get "${path}": dial tcp: lookup ${host}: no such host`;
}

/**
 * A git repository as kustomize's repospec reads one (a known host's `org/repo`, or a path
 * ending in `.git`, `git::`, `git@`, `ssh://`), with its `?ref=`: the clone and the ref it
 * would fetch. kubesim has no network, so the fetch fails as git fails without one.
 */
function repoSpec(path: string): { repo: string; ref: string; host: string; ssh: boolean } | undefined {
  let p = path.replace(/^git::/, "");
  const query = p.indexOf("?");
  const params = new URLSearchParams(query < 0 ? "" : p.slice(query + 1));
  if (query >= 0) p = p.slice(0, query);
  const ref = params.get("ref") || params.get("version") || "HEAD";
  // git@host:org/repo(.git): cloned over ssh, as written.
  const ssh = /^git@([^:/]+):([^/]+\/[^/]+?\.git|[^/]+\/[^/]+)(?:\/|$)/.exec(p);
  if (ssh) return { repo: `git@${ssh[1]}:${ssh[2]}`, ref, host: ssh[1], ssh: true };
  const m =
    /^(?:https?:\/\/)?(github\.com|gitlab\.com|bitbucket\.org)\/([^/]+)\/([^/]+)/.exec(p) ??
    /^(https?:\/\/|ssh:\/\/)([^/:]+)[/:](.+?\.git)(?:\/|$)/.exec(p) ??
    /^(https?:\/\/)([^/:]+)\/([^/]+\/[^/]+)/.exec(p);
  if (!m) return undefined;
  if (/^(github\.com|gitlab\.com|bitbucket\.org)$/.test(m[1])) {
    return { repo: `https://${m[1]}/${m[2]}/${m[3]}`, ref, host: m[1], ssh: false };
  }
  return { repo: `${m[1]}${m[2]}/${m[3]}`, ref, host: m[2], ssh: false };
}

/** loader.New for a git repository, offline. */
function gitError(path: string): string | undefined {
  const spec = repoSpec(path);
  if (!spec) return undefined;
  const why = spec.ssh
    ? `ssh: Could not resolve hostname ${spec.host}: Name or service not known\r\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.`
    : `fatal: unable to access '${spec.repo}/': Could not resolve host: ${spec.host}`;
  return `failed to run '/usr/bin/git fetch --depth=1 ${spec.repo} ${spec.ref}': ${why}\n: exit status 128`;
}
