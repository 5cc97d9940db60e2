// Which Deployments a change concerns, for the deployment controller's informer-style pass.
import { POD_OWNER, parseOwnerValue, RS_OWNER } from "../apiserver/indexes.js";
import { DEPLOYMENTS as DEPLOY, REPLICASETS as RS } from "../apiserver/resources.js";
import { controllerOf } from "../apiserver/server.js";
import type { ControllerContext } from "./context.js";
import { OwnerNews } from "./news.js";

/**
 * The Deployments a change concerns: one written; the controller of a written ReplicaSet,
 * now or before (an orphaned one may be adopted by any: every Deployment); the Deployment
 * above a removed pod (Recreate waits for the old pods to be gone).
 */
function related(c: ControllerContext, e: string): string[] | "all" | undefined {
  if (e.startsWith("replicasets/")) {
    const key = e.slice("replicasets/".length);
    const { now, former } = c.api.indexValues(RS_OWNER, key);
    // An orphan may be adopted by any Deployment of its namespace.
    if (now.some((v) => v.startsWith("-orphan/"))) return "all";
    return [...now, ...former]
      .map(parseOwnerValue)
      .filter((o) => o.kind === "Deployment")
      .map((o) => `${o.ns}/${o.name}`);
  }
  if (e.startsWith("pods/")) {
    const key = e.slice("pods/".length);
    // Only a removal matters here: the ReplicaSet controller answers a pod's other writes.
    if (c.api.objects.bucket("pods").summary(key)) return [];
    const out: string[] = [];
    for (const v of c.api.indexValues(POD_OWNER, key).former) {
      const o = parseOwnerValue(v);
      if (o.kind !== "ReplicaSet") continue;
      const rs = c.api.get(RS, o.ns, o.name);
      const ref = rs && controllerOf(rs);
      if (ref?.kind === "Deployment") out.push(`${o.ns}/${ref.name}`);
    }
    return out;
  }
  return undefined;
}

export const deploymentNews = new OwnerNews("Deployment", DEPLOY, [], "-timer:deployment", related, true);
