// The names kubesim gives the files of a cluster directory, and which of them are its own.
// Shard files are named for the resource, shard, commit generation and writing process:
// `pods.12.345.6789.json`, `pods.summary.12.345.6789.json` (earlier kubesim left out the
// pid: `pods.12.345.json`). Files being replaced in place go through `<file>.<pid>.<n>.tmp`
// (earlier: write-file-atomic's `<file>.<number>`). Because the
// writer's pid is in the name, the next commit can tell a file abandoned by a killed
// command from one a live command is still writing, and collect only the former.
import { pidIsGone } from "./owner.js";

// A custom kind's bucket is `<plural>.<group>` (crontabs.stable.example.com): the name is
// matched lazily so the shard, generation and pid are always the last three numbers.
const PLURAL = "[a-z][a-z0-9-]*(?:\\.[a-z0-9][a-z0-9-]*)*?";
const SHARD = new RegExp(`^${PLURAL}\\.(?:summary\\.)?\\d+\\.\\d+(?:\\.(\\d+))?\\.json$`);
const TEMP = /^(.+)\.(\d+)\.\d+\.tmp$/;
const LEGACY_TEMP = /^(.+)\.\d{1,10}$/;

export const META = "meta.json";

/** The tag of the files one commit writes: its generation and the writing process. */
export function commitTag(generation: number): string {
  return `${generation}.${process.pid}`;
}

export function shardFile(plural: string, shard: number, tag: string, summary: boolean): string {
  return `${plural}.${summary ? "summary." : ""}${shard}.${tag}.json`;
}

let seq = 0;
/** A temp name beside file, unique to this process and call. */
export function tempFor(file: string): string {
  return `${file}.${process.pid}.${++seq}.tmp`;
}

/** Whether a name can be a shard file: what a catalog or the garbage list may name. */
export function isShardFile(name: string): boolean {
  return SHARD.test(name);
}

/**
 * Whether a file of a cluster directory is kubesim's own leftover that may be removed once
 * no committed state names it: a shard file or temp file whose writer has ended (or, named
 * by an older kubesim, has no writer on record). Anything else is never touched.
 */
export function isAbandoned(name: string): boolean {
  const shard = SHARD.exec(name);
  if (shard) return shard[1] === undefined || writerGone(Number(shard[1]));
  const temp = TEMP.exec(name);
  // Both patterns' first group is not optional: it is always a string when they match.
  if (temp) return (temp[1] === META || SHARD.test(temp[1])) && writerGone(Number(temp[2]));
  const legacy = LEGACY_TEMP.exec(name);
  return !!legacy && (legacy[1] === META || SHARD.test(legacy[1]));
}

/** Leftover temp files of config.json in KUBESIM_HOME. */
export function isAbandonedConfigTemp(name: string, config: string): boolean {
  const temp = TEMP.exec(name);
  if (temp) return temp[1] === config && writerGone(Number(temp[2]));
  return LEGACY_TEMP.exec(name)?.[1] === config;
}

/** Only the lock holder collects, so its own pid's files are leftovers of its own failed writes. */
function writerGone(pid: number): boolean {
  return pid === process.pid || pidIsGone(pid);
}
