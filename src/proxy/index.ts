// kube-proxy as a pure module: compile a node's iptables rules from Services and
// EndpointSlices, print them as `iptables-save` does, and decide what they do with a
// connection (src/net asks evaluate()); in ipvs and nftables modes, the IPVS table, ipsets
// and nft table the same Services make (ipvs.ts, nftables.ts, modes.ts).

export { inCIDR } from "../util/ipv4.js";
export { base32, endpointChain, printedProbability, serviceChains, servicePortName } from "./chains.js";
export { compile, compileFilter, compileNat, isLargeCluster } from "./compile.js";
export { appendConnections, CONNLOG_LIMIT, type ConnRecord, type NodeFlow, type Tuple } from "./conntrack.js";
export { evaluate } from "./evaluate.js";
export {
  assembleTables,
  type FragmentNode,
  largeClusterOf,
  type ServiceFragment,
  type ServiceWalk,
  serviceEndpoints,
  serviceFragment,
  walkCost,
  walkOf,
} from "./fragments.js";
export { compileIpvs, type IpvsRules, type RealServer, type VirtualServer } from "./ipvs.js";
export { type IpvsCounts, renderIpvsadm } from "./ipvs-render.js";
export { type ListOptions, listTable, specTable } from "./list.js";
export {
  iptablesCost,
  iptablesWalk,
  ipvsCost,
  kubeletOnlyTables,
  type MasqueradeRule,
  modeMasquerade,
  nftablesCost,
  nftChainPath,
  type ProxyCost,
  type ProxyMode,
  proxyModeOf,
} from "./modes.js";
export { compileNftables, type NftTable, renderNftTable } from "./nftables.js";
export { ctime, renderIptablesSave, renderTable, saveOrder } from "./render.js";
export { type Match, parseRule, type Rule, type Target } from "./rule.js";
export type {
  AffinityEntry,
  AffinityMemory,
  CompiledRules,
  Connection,
  FilterTable,
  IptablesTable,
  NatTable,
  NodeMeta,
  Protocol,
  ProxyInput,
  ProxyVerdict,
} from "./types.js";
