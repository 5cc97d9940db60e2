// Whether a stored cluster has a container's scripted process due now, guessed from its
// meta.json without loading it: the launcher (src/launcher.ts) then loads the bundle with
// the container runtime at once. Without the guess, the core bundle starts, reads the
// cluster, finds the process due and hands the whole command over to the full bundle, so
// the command pays for two starts (on the seed cluster, where a looping pod wakes every few
// seconds, that was every other command). Only a hint: a wrong answer costs time, never
// correctness, since the core bundle still hands over whatever it finds due.
import * as fs from "node:fs";
import * as path from "node:path";
import { isClusterName } from "../store/names.js";
import { kubesimHome } from "../store/paths.js";
import { parseTime } from "../util/clock.js";

/** How far ahead of the wall clock a wake counts as due: about one bundle's start. */
const SOON_MS = 250;

/** The value of --cluster or --context on a command line, as Session takes it. */
function clusterFlag(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const m = /^--(cluster|context)(?:=(.*))?$/s.exec(argv[i]);
    if (!m) continue;
    const value = m[2] ?? argv[i + 1];
    if (m[2] === undefined) i++;
    // --cluster wins over --context, as session() reads them.
    if (m[1] === "cluster" || found === undefined) found = value || found;
  }
  return found;
}

/** The cluster a command line uses: the flag, KUBESIM_CLUSTER, config.json, the default. */
function clusterName(argv: readonly string[], env: NodeJS.ProcessEnv, home: string): string {
  const named = clusterFlag(argv) || env.KUBESIM_CLUSTER;
  if (named) return named;
  try {
    const cfg: unknown = JSON.parse(fs.readFileSync(path.join(home, "config.json"), "utf8"));
    const current = (cfg as { currentCluster?: unknown } | null)?.currentCluster;
    return typeof current === "string" ? current : "kubesim";
  } catch {
    return "kubesim";
  }
}

/** A top-level number (or null) of meta.json, found by its key. */
function field(meta: string, key: string): number | null | undefined {
  const m = new RegExp(`"${key}":(null|-?\\d+(?:\\.\\d+)?)[,}]`).exec(meta);
  if (!m) return undefined;
  return m[1] === "null" ? null : Number(m[1]);
}

/** What is due in the cluster a command line names, as far as meta.json tells without loading it. */
export interface Due {
  /** A container's process wakes before anything else due, by now (see processDue). */
  process: boolean;
  /**
   * Anything wakes by now, or the cluster could not be read (a first command creates it):
   * the command will run the controllers or the kubelet, not only read.
   */
  behind: boolean;
}

/**
 * Whether the cluster the command line names has a process waking before anything else is
 * due, by now: the state's next wake is due and comes before its next event wake (which
 * leaves processes out, see Cluster.advanceUntilDue). When both are due at once the guess
 * is no; the handover still catches that case. And whether anything at all is due.
 */
export function clusterDue(argv: readonly string[], env: NodeJS.ProcessEnv): Due {
  try {
    const home = kubesimHome(env);
    const name = clusterName(argv, env, home);
    if (!isClusterName(name)) return { process: false, behind: true };
    const meta = fs.readFileSync(path.join(home, "clusters", name, "meta.json"), "latin1");
    const wake = field(meta, "nextWake");
    const eventWake = field(meta, "nextEventWake");
    const offset = /"clock":\{"offsetMs":(-?\d+(?:\.\d+)?)\}/.exec(meta);
    if (!offset || wake === undefined) return { process: false, behind: true };
    if (wake === null) return { process: false, behind: false };
    // On the wall clock, a wake in the next moments is due by the time the command reads
    // the cluster (a bundle's start takes that long); the handover would cost more.
    const base = env.KUBESIM_NOW ? parseTime(env.KUBESIM_NOW) : Date.now() + SOON_MS;
    const behind = wake <= base + Number(offset[1]);
    return { process: behind && !(typeof eventWake === "number" && eventWake <= wake), behind };
  } catch {
    return { process: false, behind: true };
  }
}

/** Whether a container's process is due now in the cluster the command line names. */
export function processDue(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return clusterDue(argv, env).process;
}
