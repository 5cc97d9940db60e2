// The filesystem side of kubectl's -f handling: Go's filepath.Glob and filepath.Walk as
// the resource builder uses them, BOM-aware file decoding, Go-style quoting of file names,
// and pflag's comma splitting of -f values.
import { join } from "node:path";
import { compareKeys } from "../golang/sort.js";
import { quote } from "../golang/strconv.js";
import type { UserFiles } from "./userfiles.js";

export const EXTENSIONS = [".json", ".yaml", ".yml"];

export function fsMessage(e: unknown, op: string, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  const what: Record<string, string> = {
    EACCES: "permission denied",
    ENOENT: "no such file or directory",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  return `${code === "EISDIR" ? "read" : op} ${path}: ${what[code ?? ""] ?? (e as Error).message}`;
}

export function decodeBytes(buf: Buffer): string {
  // kubectl reads files through a BOM-sniffing UTF-8 decoder.
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString("utf8");
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString("utf16le");
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString("utf16le");
  }
  return buf.toString("utf8");
}

/** filepath.Match for one path segment, as a RegExp; undefined for a malformed pattern. */
function segmentRegExp(pattern: string): RegExp | undefined {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "\\") {
      if (++i >= pattern.length) return undefined;
      re += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith("^");
      if (negate) body = body.slice(1);
      if (body === "") return undefined;
      re += `[${negate ? "^" : ""}${body.replace(/[\]\\^]/g, "\\$&")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "u");
}

const hasMeta = (p: string) => /[*?[\\]/.test(p);

/** filepath.Glob; throws on a malformed pattern. */
export function glob(pattern: string, files: UserFiles): string[] {
  if (pattern.split("/").some((seg) => hasMeta(seg) && !segmentRegExp(seg)))
    throw new Error("syntax error in pattern");
  if (!hasMeta(pattern)) {
    try {
      files.lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : pattern.slice(0, slash);
  const file = pattern.slice(slash + 1);
  const dirs = hasMeta(dir) ? glob(dir, files) : [dir];
  const re = segmentRegExp(file);
  if (!re) throw new Error("syntax error in pattern");
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = files.readdir(d).sort(compareKeys);
    } catch {
      continue;
    }
    for (const n of names) if (re.test(n)) out.push(join(d, n));
  }
  return out;
}

/** filepath.Walk as kubectl uses it: the root always, directory entries by extension, subdirectories with -R. */
export function walk(root: string, recursive: boolean, files: string[], fs: UserFiles): void {
  const visit = (p: string, isRoot: boolean) => {
    const st = fs.lstat(p);
    if (st.isDirectory()) {
      if (!isRoot && !recursive) return;
      let names: string[];
      try {
        names = fs.readdir(p).sort(compareKeys);
      } catch (e) {
        throw new Error(fsMessage(e, "open", p));
      }
      for (const n of names) visit(join(p, n), false);
    } else if (isRoot || EXTENSIONS.some((ext) => p.endsWith(ext) && p.length > ext.length)) {
      files.push(p);
    }
  };
  visit(root, true);
}

/** The builder phase: errors here stop kubectl before anything is read or sent. */
export function exists(p: string, files: UserFiles): boolean {
  try {
    files.stat(p);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** A -f value pflag cannot parse; cobra prints `Error: <message>` and a usage hint. */
export class FilenameFlagError extends Error {
  constructor(value: string, column: number, problem: string) {
    super(
      `invalid argument ${quote(value)} for "-f, --filename" flag: parse error on line 1, column ${column}: ${problem}`,
    );
    this.name = "FilenameFlagError";
  }
}

/**
 * kubectl's -f is a pflag string slice: each value is one CSV record, so `-f a.yaml,b.yaml`
 * names two files and quotes are CSV quotes. Columns in errors are 1-based byte offsets.
 */
export function splitFilenameFlag(value: string): string[] {
  if (value === "") return [];
  const line = value.split("\n")[0].replace(/\r$/, "");
  const fields: string[] = [];
  const col = (i: number) => Buffer.byteLength(line.slice(0, i)) + 1;
  let i = 0;
  for (;;) {
    let field = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0)
          throw new FilenameFlagError(value, col(line.length), 'extraneous or missing " in quoted-field');
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
        } else if (i === line.length || line[i] === ",") break;
        else throw new FilenameFlagError(value, col(i - 1), 'extraneous or missing " in quoted-field');
      }
    } else {
      const end = line.indexOf(",", i) < 0 ? line.length : line.indexOf(",", i);
      field = line.slice(i, end);
      const bare = field.indexOf('"');
      if (bare >= 0) throw new FilenameFlagError(value, col(i + bare), 'bare " in non-quoted-field');
      i = end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
