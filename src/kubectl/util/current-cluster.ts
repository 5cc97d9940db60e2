// The saved choice of current cluster, which `cluster use` and `config use-context` both
// change and `cluster list` and `config current-context` both read.
import { DEFAULT_CLUSTER } from "../../cluster/session.js";
import { isClusterName } from "../../store/names.js";
import type { Store } from "../../store/store.js";

/**
 * The cluster commands use when none is named, as printed by `cluster list` and `kubectl
 * config current-context`: unchecked, since printing builds no path, and `cluster list` is
 * how a user with a damaged config.json finds a name for `cluster use`.
 */
export function currentCluster(s: Store): string {
  const current: unknown = (s.readConfig() as { currentCluster?: unknown } | null)?.currentCluster;
  return typeof current === "string" ? current : DEFAULT_CLUSTER;
}

/**
 * Makes an existing cluster the current one; false when there is no such cluster, which a
 * name that cannot be a cluster's never is (kubectl's "no context exists" fits it exactly).
 */
export async function switchCluster(s: Store, name: string): Promise<boolean> {
  if (!isClusterName(name) || !s.exists(name)) return false;
  await s.writeConfig({ ...s.readConfig(), currentCluster: name });
  return true;
}
