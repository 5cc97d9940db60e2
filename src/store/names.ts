// Cluster names become directory names under $KUBESIM_HOME/clusters, so every name, from
// wherever it comes (an argument, --cluster, --context, KUBESIM_CLUSTER, config.json), is
// checked here before any path is built from it; and every path built for a cluster is
// checked to be exactly one level below the clusters directory, as a second line in case a
// name ever reaches the store unchecked. A bad name is refused with a sentence that names
// it, says where it came from, and gives the rule.
import * as path from "node:path";

/** A Kubernetes DNS label: what `cluster create` has always accepted, now with its length. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The most any source may name: a DNS label's 63, so clusters made before the limit stay usable. */
export const MAX_NAME = 63;

/**
 * The most `cluster create` accepts: node names are NAME-control-plane and NAME-workerN,
 * and a node's name is also its kubernetes.io/hostname label, whose value holds at most 63
 * characters (kind stops at 50 for the same reason with a 64-character hostname).
 */
export const MAX_NEW_NAME = 63 - "-control-plane".length;

export type NameSource =
  | { kind: "argument" }
  | { kind: "flag"; flag: "--cluster" | "--context" }
  | { kind: "env" }
  | { kind: "config"; file: string };

export class ClusterNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterNameError";
  }
}

const RULE =
  "a cluster name is lower-case letters, digits and '-', starting and ending with a letter or digit";

function where(source: NameSource): string {
  switch (source.kind) {
    case "argument":
      return "on the command line";
    case "flag":
      return `from ${source.flag}`;
    case "env":
      return "from the environment variable KUBESIM_CLUSTER";
    case "config":
      return `from currentCluster in ${source.file}`;
  }
}

/** The name as it can be shown on one line: control characters escaped, a long one cut short. */
export function showName(name: string): string {
  if (name.length <= MAX_NAME + 1) return JSON.stringify(name);
  return `${JSON.stringify(name.slice(0, 40)).slice(0, -1)}..." (${name.length} characters)`;
}

/** Why `name` cannot name a cluster, as the rest of a sentence; undefined when it can. */
function problem(name: string, max: number): string | undefined {
  if (name.length > max) {
    return max === MAX_NEW_NAME
      ? `a new cluster's name has at most ${max} characters, so that node names such as NAME-control-plane stay within the 63 characters of a hostname`
      : `a cluster name has at most ${max} characters`;
  }
  if (!LABEL.test(name)) return `${RULE}, at most ${max} characters`;
  return undefined;
}

function refuse(shown: string, source: NameSource, why: string): never {
  const fix =
    source.kind === "config"
      ? "\nRun kubesim cluster use NAME to choose another cluster, or remove that file to start over."
      : "";
  throw new ClusterNameError(`error: invalid cluster name ${shown} ${where(source)}: ${why}.${fix}`);
}

/**
 * The cluster name `name` from `source`, or a ClusterNameError saying why it cannot be one.
 * It takes any value because config.json is a file anyone may edit.
 */
export function checkClusterName(name: unknown, source: NameSource): string {
  if (typeof name !== "string") refuse(String(JSON.stringify(name)), source, `it is not a string; ${RULE}`);
  const why = problem(name, MAX_NAME);
  if (why) refuse(showName(name), source, why);
  return name;
}

/** Like checkClusterName, for a cluster about to be made: its node names must fit a hostname. */
export function checkNewClusterName(name: string, source: NameSource): string {
  const why = problem(name, MAX_NEW_NAME);
  if (why) refuse(showName(name), source, why);
  return name;
}

/** Whether `name` is a usable cluster name (for lookups that answer "not found" instead). */
export function isClusterName(name: string): boolean {
  return problem(name, MAX_NAME) === undefined;
}

/**
 * The directory of cluster `name` in `clustersDir`, refused unless it is exactly one level
 * below it: whatever the name, nothing kubesim builds for a cluster leaves its home.
 */
export function clusterPath(clustersDir: string, name: string): string {
  const base = path.resolve(clustersDir);
  const dir = path.resolve(base, name);
  if (name === "" || name.includes("\0") || path.dirname(dir) !== base || path.basename(dir) !== name) {
    throw new ClusterNameError(
      `error: kubesim refuses to use ${showName(name)} as a cluster: its directory would not be inside ${base}`,
    );
  }
  return path.join(clustersDir, name);
}
