// A kind node's interfaces as kindnet leaves them: lo, eth0 on the docker network, and one
// host-side veth per pod on the pod network. kindnet chains the ptp CNI plugin, which gives
// each host-side veth the node's pod gateway (10.244.N.1/32) and names it veth + 8 hex digits;
// the pod's end is its eth0 (ifindex 2 in the pod's namespace), hence `vethXXXXXXXX@if2`.

import type { Cluster } from "../../cluster/cluster.js";
import { compileIpvs } from "../../proxy/index.js";
import { podGateway } from "../../util/subnets.js";
import { DataPlane } from "../connect.js";
import { proxyInput } from "../proxy-modes.js";
import { proxyMode } from "../published.js";
import { podsOnNode } from "../topology.js";

/** A stable locally administered MAC for an address (also names a pod's host-side veth). */
export function macFor(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const b = [0x02, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h >>> 4) & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

export interface NodeInterface {
  name: string;
  /** iproute2's operstate word. */
  state: "UNKNOWN" | "UP" | "DOWN";
  addrs: string[];
}

/** The pods with their own network namespace on the node, in pod-IP order (as `ip route` lists them). */
export function podsWithVeth(c: Cluster, node: string): { ip: string; veth: string }[] {
  return podsOnNode(c, node)
    .flatMap((p) =>
      p.spec.nodeName === node && p.status?.podIP && !p.spec.hostNetwork ? [p.status.podIP] : [],
    )
    .sort()
    .map((ip) => ({ ip, veth: `veth${macFor(ip).replace(/:/g, "").slice(0, 8)}` }));
}

export function nodeInterfaces(c: Cluster, node: string): NodeInterface[] {
  return interfacesOf(c, node, true);
}

/** The node's interfaces; kube-ipvs0 (one address per Service address in ipvs mode) only if `ipvs`. */
function interfacesOf(c: Cluster, node: string, ipvs: boolean): NodeInterface[] {
  const plane = new DataPlane(c);
  const n = plane.topo.node(node);
  if (!n) throw new Error(`kubesim: interfaces of unknown node ${node}`);
  const gateway = podGateway(n.podCIDR);
  // ipvs mode: kube-proxy's dummy interface holds every Service address, so the kernel takes
  // packets for them as local and hands them to IPVS. Created when kube-proxy starts, before
  // any pod's veth; never set up, hence DOWN.
  const dummy: NodeInterface[] =
    ipvs && proxyMode(c.state.settings) === "ipvs"
      ? [
          {
            name: "kube-ipvs0",
            state: "DOWN",
            addrs: compileIpvs(proxyInput(plane, node)).dummy.map((a) => `${a}/32`),
          },
        ]
      : [];
  return [
    { name: "lo", state: "UNKNOWN", addrs: ["127.0.0.1/8"] },
    { name: `eth0@if${10 + plane.topo.position(n.name)}`, state: "UP", addrs: [`${n.ip}/16`] },
    ...dummy,
    ...podsWithVeth(c, node).map((p) => ({
      name: `${p.veth}@if2`,
      state: "UP" as const,
      addrs: [`${gateway}/32`],
    })),
  ];
}

/** `ip -br addr` (print_linkinfo_brief): name in 16 columns, state in 14, then each address. */
export function briefAddr(ifaces: NodeInterface[]): string {
  return ifaces
    .map((i) => `${i.name.padEnd(16)} ${i.state.padEnd(14)} ${i.addrs.map((a) => `${a} `).join("")}\n`)
    .join("");
}

/**
 * The node's own addresses kube-proxy opens NodePorts on: every interface's but loopback's
 * and its own kube-ipvs0's (in ipvs mode, one virtual server per NodePort on each).
 */
export function nodePortIPs(c: Cluster, node: string): string[] {
  // Without kube-ipvs0, whose addresses at 10,000 Services would cost compiling them all.
  const ips = interfacesOf(c, node, false)
    .filter((i) => i.name !== "lo")
    .flatMap((i) => i.addrs.map((a) => a.split("/")[0]));
  return [...new Set(ips)];
}

/**
 * What `hostname -I` prints from: every address but loopback's, interface by interface, on
 * interfaces that are up (kube-ipvs0 never is).
 */
export function nodeAddresses(c: Cluster, node: string): string[] {
  // kube-ipvs0 is DOWN: left out without listing its addresses.
  return interfacesOf(c, node, false)
    .filter((i) => i.name !== "lo" && i.state !== "DOWN")
    .flatMap((i) => i.addrs.map((a) => a.split("/")[0]));
}
