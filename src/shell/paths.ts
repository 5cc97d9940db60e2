// Path arithmetic on a container's file tree, lexical as a shell's: links are not followed
// here (Vfs.realpath follows them).

/** Normalises `p` against `cwd`: resolves `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, p: string): string {
  const parts = (p.startsWith("/") ? p : `${cwd}/${p}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

export function basename(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || "/";
}
