// The garbage list: files a commit superseded, kept until no reader that started before it
// can still be reading them (store.ts). One entry per commit, its files' names joined by
// spaces: a script's run of writes on a 100,000-pod cluster leaves some 6,000 files in the
// list, and as one object each ({"file":…,"at":…}) they were half of meta.json, which
// every command parses and every write writes again. Names never hold a space (files.ts).

export interface GarbageEntry {
  /** When the commit superseded them (ms). */
  at: number;
  /** Their names, joined by single spaces. */
  files: string;
}

/** The entry of one commit's superseded files, or undefined when it superseded none. */
export function garbageEntry(at: number, files: string[]): GarbageEntry | undefined {
  return files.length ? { at, files: files.join(" ") } : undefined;
}

/** The names an entry lists. */
export function filesOf(g: GarbageEntry): string[] {
  return g.files ? g.files.split(" ") : [];
}

/** Every name the list holds. */
export function garbageFiles(list: GarbageEntry[]): string[] {
  return list.flatMap(filesOf);
}

/**
 * The names a stored entry lists, in this layout or in that of states before schema 3 (one
 * entry per file, `{file, at}`, which garbageList converts); undefined if it lists none.
 */
export function namesIn(g: Record<string, unknown>): string[] | undefined {
  if (typeof g.files === "string") return g.files ? g.files.split(" ") : [];
  if (typeof g.file === "string") return g.file ? [g.file] : [];
  return undefined;
}

/** A list shape.ts accepted, in this layout: one entry per file (older states) grouped by time. */
export function garbageList(list: unknown[]): GarbageEntry[] {
  if (list.every((g) => typeof (g as GarbageEntry).files === "string")) return list as GarbageEntry[];
  const out: GarbageEntry[] = [];
  for (const g of list as Record<string, unknown>[]) {
    const names = namesIn(g) ?? [];
    const last = out[out.length - 1];
    if (last && last.at === g.at) last.files = [last.files, ...names].filter(Boolean).join(" ");
    else out.push({ at: g.at as number, files: names.join(" ") });
  }
  return out;
}
