// kube-apiserver on the control-plane node's 6443, as the network carries requests to it:
// HTTPS with kubeadm's serving certificate (apiserver/rest/cert.ts), ALPN h2 or http/1.1,
// and each request handed to the API server's REST handler (apiserver/rest/handler.ts). A
// plain-HTTP request gets Go's standard answer to a client that skipped the handshake.
import { servingCert } from "../apiserver/rest/cert.js";
import { reasonPhrase, serveRest } from "../apiserver/rest/handler.js";
import type { Cluster } from "../cluster/cluster.js";
import type { HttpResponse, Listener } from "../images/types.js";
import type { Rng } from "../util/rng.js";

/** Go's net/http answer when a TLS listener reads an HTTP request line. */
export function plainHttpToTls(): HttpResponse {
  return {
    status: 400,
    reason: "Bad Request",
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Connection", "close"],
    ],
    body: "Client sent an HTTP request to an HTTPS server.\n",
  };
}

export function apiServerListener(c: Cluster, node: { name: string; ip: string }, rng: Rng): Listener {
  const cert = servingCert(c.api, node);
  return {
    port: 6443,
    protocol: "TCP",
    kind: "http",
    tls: { ...cert, alpn: ["h2", "http/1.1"], requestsClientCert: true },
    handle: (req, ctx) => {
      if (!req.tls) return plainHttpToTls();
      const res = serveRest(
        { api: c.api, nowMs: ctx.nowMs, serverAddress: `${node.ip}:6443`, uuid: () => rng.uuid() },
        { method: req.method, target: req.path, headers: req.headers, body: req.body },
      );
      if (req.version !== "HTTP/2")
        return { status: res.status, reason: reasonPhrase(res.status), headers: res.headers, body: res.body };
      // Go's HTTP/2 server sends the header map lowercased, then content-length, then date.
      const lower = res.headers.map(([k, v]): [string, string] => [k.toLowerCase(), v]);
      const date = lower.filter(([k]) => k === "date");
      const rest = lower.filter(([k]) => k !== "date");
      return {
        status: res.status,
        reason: "",
        headers: [...rest, ...date],
        body: res.body,
        version: "HTTP/2",
      };
    },
  };
}
