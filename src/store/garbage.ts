// The garbage list: files a commit superseded, kept until no reader that started before it
// can still be reading them (store.ts). One entry per commit, its files' names joined by
// spaces: a script's run of writes on a 100,000-pod cluster leaves some 6,000 files in the
// list, and as one object each ({"file":…,"at":…}) they were half of meta.json, which
// every command parses and every write writes again. Names never hold a space (files.ts).
import { isShardFile } from "./files.js";

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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Why a stored garbage list cannot be used, or undefined. It may also be in the layout of
 * states before schema 3, one entry per file ({file, at}), which garbageList converts.
 */
export function garbageProblem(list: unknown[]): string | undefined {
  for (const g of list) {
    const names = isRecord(g) && typeof g.at === "number" && Number.isFinite(g.at) ? namesIn(g) : undefined;
    if (!names) return `field "garbage" is not a list of files and times`;
    // A name is joined to the cluster directory and removed: it must be kubesim's own.
    const bad = names.find((n) => !isShardFile(n));
    if (bad !== undefined) return `it names ${JSON.stringify(bad)}, which is not a kubesim shard file`;
  }
  return undefined;
}

function namesIn(g: Record<string, unknown>): string[] | undefined {
  if (typeof g.files === "string") return g.files ? g.files.split(" ") : [];
  if (typeof g.file === "string") return g.file ? [g.file] : [];
  return undefined;
}

/** A list garbageProblem accepted, in this layout: one entry per file (older states) grouped by time. */
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
