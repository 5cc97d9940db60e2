// What listens on a kind node besides pods: the kubelet, and on the control plane etcd
// (HTTPS: a plain-HTTP request gets Go's standard answer). kube-proxy's servers are proxy-health.ts.
// The API server's port is apiserver-door.ts.
import type { Listener } from "../images/types.js";

/** The node's own daemons that speak HTTPS: a plain-HTTP request gets Go's standard answer. */
export function systemListener(
  node: string,
  port: number,
  controlPlane: boolean,
): { name: string; listener: Listener } | undefined {
  const https = (name: string): { name: string; listener: Listener } => ({
    name,
    listener: {
      port,
      protocol: "TCP",
      kind: "http",
      handle: () => ({
        status: 400,
        reason: "Bad Request",
        headers: [
          ["Content-Type", "text/plain; charset=utf-8"],
          ["Connection", "close"],
        ],
        body: "Client sent an HTTP request to an HTTPS server.\n",
      }),
    },
  });
  void node;
  if (port === 10250) return https("kubelet");
  if (controlPlane && (port === 2379 || port === 2380)) return https("etcd");
  return undefined;
}
