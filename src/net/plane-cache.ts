// What a data plane derives from the API objects alone, cached per cluster while nothing is
// written (connect.ts's planes share it).
import type { Cluster } from "../cluster/cluster.js";
import type { CompiledRules } from "../proxy/index.js";
import { PolicyGate } from "./netpolicy.js";
import { Topology } from "./topology.js";

/**
 * What a plane derives from the API objects alone (addresses, rules, policies), shared by the
 * planes of one command while nothing is written: a client loop's thousand requests compile
 * the rules once, not a thousand times. Any write bumps the resourceVersion and starts anew.
 */
export interface Derived {
  rv: number;
  topo: Topology;
  policy: PolicyGate;
  rules: Map<string, CompiledRules>;
  /** The rules of the Services one packet can meet, by node, destination and port. */
  packets: Map<string, CompiledRules>;
}
const derived = new WeakMap<Cluster, Derived>();

export function derivedFor(c: Cluster): Derived {
  const rv = c.state.resourceVersion;
  let d = derived.get(c);
  if (!d || d.rv !== rv) {
    const topo = new Topology(c);
    d = { rv, topo, policy: new PolicyGate(c, topo), rules: new Map(), packets: new Map() };
    derived.set(c, d);
  }
  return d;
}
