// `ip addr` and `ip route` as iproute2 prints them in a kindnet pod (one veth, a /24 via
// the node's gateway address) and on a kind node (eth0 on the docker network, a route per
// other node's pod CIDR, a host route per local pod's veth).

import type { CommandContext } from "../../shell/index.js";
import { podGateway } from "../../util/subnets.js";
import type { Vantage } from "../connect.js";
import { DataPlane } from "../connect.js";
import { podsOnNode } from "../topology.js";
import type { ClusterRef } from "./index.js";
import { briefAddr, macFor, nodeInterfaces } from "./node-addrs.js";

const LO =
  "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n";

export function ipCommand(ctx: CommandContext, ref: ClusterRef, from: Vantage): number {
  const [obj = "", ...rest] = ctx.argv.slice(1).filter((a) => !a.startsWith("-"));
  // -br (-brief) on a node: one line per interface (node-addrs.ts).
  const brief = ctx.argv.slice(1).some((a) => a.startsWith("-br"));
  if (brief && from.kind === "node" && ("address".startsWith(obj) || obj === "a")) {
    ctx.io.stdout(briefAddr(nodeInterfaces(ref.c, from.node)));
    return 0;
  }
  void rest;
  const plane = new DataPlane(ref.c);
  const gw = podGateway;
  if (from.kind === "pod") {
    const ip = from.pod.status?.podIP;
    const node = plane.topo.node(from.pod.spec.nodeName);
    if (!ip || !node) return 1;
    if ("address".startsWith(obj) || obj === "a") {
      ctx.io.stdout(
        `${LO}2: eth0@if${5 + (Number(ip.split(".")[3]) % 50)}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n` +
          `    link/ether ${macFor(ip)} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet ${ip}/24 brd ${ip.replace(/\.\d+$/, ".255")} scope global eth0\n       valid_lft forever preferred_lft forever\n`,
      );
      return 0;
    }
    if ("route".startsWith(obj) && obj) {
      ctx.io.stdout(
        `default via ${gw(node.podCIDR)} dev eth0 \n${node.podCIDR} via ${gw(node.podCIDR)} dev eth0 src ${ip} \n${gw(node.podCIDR)} dev eth0 scope link src ${ip} \n`,
      );
      return 0;
    }
  } else if (from.kind === "node") {
    const node = plane.topo.node(from.node);
    // A node vantage names a node of the cluster (the verbs check it).
    if (!node) throw new Error(`kubesim: ip on unknown node ${from.node}`);
    if ("address".startsWith(obj) || obj === "a") {
      ctx.io.stdout(
        `${LO}2: eth0@if${10 + plane.topo.position(node.name)}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default \n` +
          `    link/ether ${macFor(node.ip)} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet ${node.ip}/16 brd 172.18.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n`,
      );
      return 0;
    }
    if ("route".startsWith(obj) && obj) {
      let out = "default via 172.18.0.1 dev eth0 \n";
      for (const n of plane.topo.nodes)
        if (n.name !== node.name) out += `${n.podCIDR} via ${n.ip} dev eth0 \n`;
      out += `172.18.0.0/16 dev eth0 proto kernel scope link src ${node.ip} \n`;
      const local = podsOnNode(ref.c, node.name)
        .flatMap((p) =>
          p.spec.nodeName === node.name && p.status?.podIP && !p.spec.hostNetwork ? [p.status.podIP] : [],
        )
        .sort();
      for (const ip of local)
        out += `${ip} dev veth${macFor(ip).replace(/:/g, "").slice(0, 8)} scope host \n`;
      ctx.io.stdout(out);
      return 0;
    }
  }
  if (!obj) {
    ctx.io.stderr(
      "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | route | link | neigh | ... }\n",
    );
    return 255;
  }
  ctx.io.stderr(`Object "${obj}" is unknown, try "ip help".\n`);
  return 1;
}
