// A connection to a Gateway's address: the Envoy container cloud-provider-kind runs for it
// sits on kind's docker network beside the nodes, so no kube-proxy rule or pod route is
// involved. It listens on the ports of the Gateway's HTTP listeners and of its HTTPS ones
// whose certificates load; any other port resets.

import { SECRETS } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import { gatewayAt, listGateways } from "../../controllers/gateway/kinds.js";
import { servedListener } from "../../controllers/gateway/tls.js";
import type { Protocol } from "../../proxy/index.js";
import type { Rng } from "../../util/rng.js";
import type { Outcome, Vantage } from "../connect.js";
import { type Hop, refOf } from "../hops.js";
import type { Topology } from "../topology.js";
import { envoyListener } from "./envoy.js";

/** The outcome at a Gateway's Envoy, and the source it sees; undefined when no Gateway holds `dstIP`. */
export function gatewayEntry(
  c: Cluster,
  topo: Topology,
  rng: () => Rng,
  from: Vantage,
  dstIP: string,
  port: number,
  protocol: Protocol,
  hops: Hop[],
): { outcome: Outcome; peer?: string } | undefined {
  // Only kind's docker network (172.18.0.0/16) holds them: other addresses never read the CRDs.
  if (!dstIP.startsWith("172.18.")) return undefined;
  const gw = gatewayAt(listGateways(c.api), dstIP);
  if (!gw) return undefined;
  const ns = gw.metadata.namespace ?? "";
  const secret = (sns: string, name: string) => c.api.get(SECRETS, sns, name);
  const listening =
    protocol === "TCP" &&
    (gw.spec.listeners ?? []).some((l) => l.port === port && servedListener(l, ns, secret));
  hops.push({ kind: "gateway", ip: dstIP, gateway: refOf(gw), port, listening });
  if (!listening) return { outcome: { kind: "refused", elapsedMs: rng().int(3) } };
  // A pod's packet leaves the cluster network masqueraded to its node's address (kindnet).
  const peer =
    from.kind === "pod" && !from.pod.spec.hostNetwork && from.pod.spec.nodeName
      ? topo.node(from.pod.spec.nodeName)?.ip
      : undefined;
  return {
    ...(peer ? { peer } : {}),
    outcome: {
      kind: "ok",
      endpoint: {
        node: "",
        ip: dstIP,
        port,
        listener: envoyListener(c, gw, port, rng),
        gateway: refOf(gw),
      },
    },
  };
}
