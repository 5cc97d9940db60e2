// Adapts the modelled network to the clients' Net interface (src/net/clients), and picks the
// curl a vantage point has: a kind node runs Debian 12 (curl 7.88.1); outside is assumed to
// be a current Ubuntu (8.5.0); in a container, the image's own curl.

import { podOf } from "../api/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { containerSpec, modelOf } from "../kubelet/runtime.js";
import type { Rng } from "../util/rng.js";
import type { CurlVersion, Net } from "./clients/index.js";
import type { Vantage } from "./connect.js";
import { Network } from "./network.js";

/** `network.effects()` is what the client did; the caller commits them or not. */
export function clientNet(
  c: Cluster,
  from: Vantage,
  rng?: Rng,
): { net: Net; network: Network; version: CurlVersion } {
  const network = new Network(c, from, rng);
  let version: CurlVersion = from.kind === "outside" ? "8.5.0" : "7.88.1";
  if (from.kind === "pod") {
    // A pod vantage names a container of the pod (the verbs check it).
    const ctr = containerSpec(podOf(from.pod), from.container);
    version = modelOf(ctr?.image ?? "").curlVersion ?? "7.88.1";
  }
  const net: Net = {
    localIP: network.localIP,
    nowMs: c.clock.nowMs(),
    resolve: (host) => network.resolve(host),
    connect: (ip, port) => {
      const attempt = network.connect(ip, port);
      const { outcome: r, peerIP } = attempt;
      // docker-proxy accepts a published port on the host, then closes when the node refuses.
      if (r.kind === "refused" && attempt.hops.some((h) => h.kind === "host-port-mapping"))
        return { kind: "empty" };
      if (r.kind === "ok") {
        const ep = r.endpoint;
        if (ep.listener.kind === "tcp-silent") return { kind: "silent" };
        return {
          kind: "ok",
          // The server sees the source as NAT and routing left it, not the client's own address.
          serve: (req) => network.serve(ep, { ...req, clientIP: peerIP }),
          ...(ep.listener.tls ? { tls: ep.listener.tls } : {}),
          ...(ep.listener.tlsFor ? { tlsFor: (sni: string) => network.tlsFor(ep, sni) } : {}),
          ...(ep.listener.command ? { command: (argv: string[]) => network.command(ep, argv) } : {}),
        };
      }
      if (r.kind === "refused") return { kind: "refused", elapsedMs: r.elapsedMs };
      if (r.kind === "no-route") return { kind: "no-route", elapsedMs: r.elapsedMs };
      return { kind: "timeout", elapsedMs: 0 };
    },
  };
  return { net, network, version };
}
