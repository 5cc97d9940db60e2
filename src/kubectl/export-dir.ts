// Where `cluster export --output DIR` may write, and how it replaces an earlier export.
// DIR must be new, empty, or an earlier export's, which a marker file names: the marker
// lists the files that export wrote, and only those are ever replaced or removed, so the
// user's own files next to them (their notes, a manifest they added) survive every export.
// Kernel filesystems (/proc, /sys, /dev) are refused before anything is created there:
// they are not places for files, and mkdir -p under /proc/self never returns.
import * as path from "node:path";
import { CliError } from "./io.js";
import type { UserFiles } from "./userfiles.js";

export const MARKER = ".kubesim-export";

const KERNEL_FILESYSTEMS = ["/proc", "/sys", "/dev"];

/** The names an export gives its files; a marker line naming anything else is ignored. */
const OWN_FILE = /^(kind-config\.yaml|manifests\/\d\d-[a-z]+-[^/\0]+\.yaml)$/;

const MARKER_HEAD =
  "# kubesim cluster export wrote this directory. The files listed below are its own: the next\n" +
  "# export into this directory replaces them and leaves every other file alone.\n";

export interface ExportFile {
  /** Relative to DIR, with "/" separators: kind-config.yaml or manifests/NN-kind-name.yaml. */
  rel: string;
  text: string;
}

function refuse(dir: string, why: string): never {
  throw new CliError(`error: cannot export to ${dir}: ${why}`);
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

function exists(files: UserFiles, p: string): boolean {
  try {
    files.lstat(p);
    return true;
  } catch (e) {
    if (code(e) === "ENOENT" || code(e) === "ENOTDIR") return false;
    throw e;
  }
}

/** Refuses DIR when it is, or would be created, inside a kernel filesystem (links followed). */
function checkNotKernel(files: UserFiles, dir: string): void {
  // The nearest part of DIR that exists says where the rest would be created.
  let existing = dir;
  const rest: string[] = [];
  while (!exists(files, existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  const real = path.join(files.realpath(existing), ...rest);
  const kernel = KERNEL_FILESYSTEMS.find((k) => real === k || real.startsWith(`${k}/`));
  if (kernel) {
    const via = real === path.resolve(dir) ? "" : ` (it resolves to ${real})`;
    refuse(
      dir,
      `it is ${real === kernel ? "" : "inside "}${kernel}${via}, a filesystem the kernel provides, not a place for files. Choose a directory elsewhere.`,
    );
  }
}

/** The files an earlier export listed in its marker; undefined when DIR holds no export. */
function earlierExport(files: UserFiles, dir: string): Set<string> | undefined {
  let entries: string[];
  try {
    entries = files.readdir(dir);
  } catch (e) {
    if (code(e) === "ENOENT") return new Set();
    if (code(e) === "ENOTDIR")
      refuse(dir, "it is not a directory. Choose a new directory, an empty one, or an earlier export's.");
    throw e;
  }
  if (!entries.length) return new Set();
  if (!entries.includes(MARKER)) return undefined;
  const listed = files.readFile(path.join(dir, MARKER)).toString("utf8").split("\n");
  return new Set(listed.map((l) => l.trim()).filter((l) => OWN_FILE.test(l)));
}

function markerText(rels: Iterable<string>): string {
  return `${MARKER_HEAD}${[...rels].sort().join("\n")}\n`;
}

/**
 * Writes `outputs` into DIR under the rules above; returns the paths written, in order.
 * Nothing is written when DIR is refused.
 */
export function writeExportDir(files: UserFiles, dir: string, outputs: ExportFile[]): string[] {
  if (dir === "") throw new CliError("error: --output needs a directory name");
  try {
    checkNotKernel(files, dir);
    const earlier = earlierExport(files, dir);
    if (!earlier) {
      refuse(
        dir,
        `it is not empty and holds no earlier export (no ${MARKER} file), and kubesim overwrites nothing it did not write. Choose a new or empty directory.`,
      );
    }
    // A file kubesim would write over, that no earlier export wrote, is the user's.
    for (const o of outputs) {
      const p = path.join(dir, o.rel);
      if (!earlier.has(o.rel) && exists(files, p))
        refuse(
          dir,
          `${p} was not written by an earlier export (${MARKER} does not list it), and kubesim overwrites nothing it did not write. Move that file away, or choose a new or empty directory.`,
        );
    }
    const now = new Set(outputs.map((o) => o.rel));
    files.mkdirs(path.join(dir, "manifests"));
    // Listed first with the old files, so an export cut short still knows all of its own.
    files.writeFile(path.join(dir, MARKER), markerText(new Set([...earlier, ...now])));
    for (const rel of earlier) {
      const p = path.join(dir, rel);
      // A deleted object's file goes, so it cannot come back with `kubectl apply -f manifests`.
      if (!now.has(rel) && exists(files, p)) files.unlink(p);
    }
    for (const o of outputs) files.writeFile(path.join(dir, o.rel), o.text);
    files.writeFile(path.join(dir, MARKER), markerText(now));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`error: cannot write the export to ${dir}: ${(e as Error).message}`);
  }
  return outputs.map((o) => path.join(dir, o.rel));
}
