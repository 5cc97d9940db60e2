// What a request or a tool did to the cluster, as data: the random draws it made, the
// session-affinity entries kube-proxy remembered, the lines a server logged, the packages
// installed and the files changed in a container. The data plane and the tools only return
// these; the verb that ran them decides whether they happen (`kubesim curl` and a shell line
// commit them, `kubesim trace`, `explain` and `check` only look), and commitEffects is the
// one place that writes them into the cluster state and tells the API server to persist it.
import type { KObject } from "../api/types.js";
import { saveContainerFs } from "../kubelet/fs.js";
import { appendLogKey } from "../kubelet/logs.js";
import { runtimeEntry } from "../kubelet/runtime.js";
import { appendConnections, type ConnRecord } from "../proxy/conntrack.js";
import type { AffinityEntry } from "../proxy/index.js";
import type { VfsJSON } from "../shell/vfs.js";
import type { Cluster } from "./cluster.js";

/** A container's runtime state is keyed `<pod uid>/<container name>` (kubelet/runtime.ts). */
export type ContainerKey = string;

export type Effect =
  /**
   * The random source moved from `from` to `to`. `keep`: the draws are the output itself
   * (ping's round-trip times), so the next command continues after them even if nothing
   * else changed. Draws that only chose a path (an endpoint, a refusal's delay) are kept
   * only along with a record the request left, such as an access-log line: repeated curls
   * to a server that logs alternate endpoints, while a refused one reports the same delay.
   */
  | { kind: "draws"; from: number; to: number; keep: boolean }
  /** kube-proxy's ClientIP affinity list of a node, as it stands after the request. */
  | { kind: "affinity"; node: string; entries: Record<string, AffinityEntry> }
  /** A connection a client made, for the nodes' conntrack tables and packet captures. */
  | { kind: "conn"; record: Omit<ConnRecord, "seq"> }
  /** Lines a container's server logged for requests it answered (`kubectl logs` shows them). */
  | { kind: "log"; container: ContainerKey; lines: { at: number; line: string }[] }
  /** apt/apk: the commands the container has now, or its package lists fetched. */
  | { kind: "packages"; container: ContainerKey; installed?: string[]; listsUpdated?: true }
  /** An exec session changed the container's files: its whole tree, as it is now. */
  | { kind: "files"; pod: KObject; container: string; tree: VfsJSON };

/** Whether the effect is a record a later command must find, so the state has to be written. */
function isRecord(e: Effect): boolean {
  if (e.kind === "draws") return e.keep;
  // An answered connection is kept for conntrack and tcpdump; a refused or unanswered one only
  // rides along, so retrying it still draws the same delays (see "draws" above).
  if (e.kind === "conn") return e.record.end === "closed";
  return e.kind !== "affinity";
}

/** Makes the effects happen, in order, and marks the change when one of them must be persisted. */
export function commitEffects(c: Cluster, effects: readonly Effect[]): void {
  for (const e of effects) {
    switch (e.kind) {
      case "draws":
        // A draw committed out of order would replay numbers: a bug of kubesim's, not a user error.
        if (c.state.rng !== e.from)
          throw new Error(
            `random draws from ${e.from} committed at ${c.state.rng}: another draw came between`,
          );
        c.state.rng = e.to;
        break;
      case "affinity":
        c.state.affinity = { ...c.state.affinity, [e.node]: e.entries };
        break;
      case "conn":
        appendConnections(c.state, [e.record]);
        break;
      case "log":
        // Into the container's bounded log (kubelet/logs.ts), not the state every command reads.
        appendLogKey(c, e.container, e.lines);
        break;
      case "packages": {
        const rt = runtimeEntry(c, e.container);
        if (e.installed) rt.installed = e.installed;
        if (e.listsUpdated) rt.aptUpdated = true;
        break;
      }
      case "files":
        saveContainerFs(c, e.pod, e.container, e.tree);
        break;
    }
  }
  if (effects.some(isRecord)) c.api.markChanged();
}
