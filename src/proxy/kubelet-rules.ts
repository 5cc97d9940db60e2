// The rules kubelet itself keeps on every node, whatever kube-proxy's mode: its canary
// chains (it watches them to notice a flushed table) and KUBE-FIREWALL, which stops the
// rest of the network from reaching 127/8 once route_localnet is on. In nftables mode these
// are most of what `iptables-save` still shows.
import { comment, jump, type TableBuilder } from "./table.js";

export function kubeletNatChains(nat: TableBuilder): void {
  for (const c of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]) nat.chain(c, "ACCEPT");
  nat.chain("KUBE-KUBELET-CANARY");
}

export function kubeletFilterChains(filter: TableBuilder): void {
  for (const c of ["INPUT", "FORWARD", "OUTPUT"]) filter.chain(c, "ACCEPT");
  filter.chain("KUBE-FIREWALL").chain("KUBE-KUBELET-CANARY");
}

/** kubelet's jumps, written after anything kube-proxy prepended to INPUT and OUTPUT. */
export function kubeletFilterRules(filter: TableBuilder): void {
  filter.add("INPUT", { matches: [], target: jump("KUBE-FIREWALL") });
  filter.add("OUTPUT", { matches: [], target: jump("KUBE-FIREWALL") });
  filter.add("KUBE-FIREWALL", {
    src: { cidr: "127.0.0.0/8", not: true },
    dst: { cidr: "127.0.0.0/8" },
    matches: [
      comment("block incoming localnet connections"),
      { m: "conntrack", ctstate: "RELATED,ESTABLISHED,DNAT", not: true },
    ],
    target: { j: "DROP" },
  });
}
