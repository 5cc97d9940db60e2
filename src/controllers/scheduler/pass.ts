// What one scheduling pass asks of every node again and again, worked out once per pass.
// A pass filters up to ~420 of 1,001 nodes for each pending pod (numFeasibleNodesToFind);
// building a 100,000-pod cluster asked that 42 million times, and each time scanned the
// node's conditions, compared the pod's tolerations with its taints, listed its nodeSelector
// and parsed its allocatable quantities. That was a fifth of the build's CPU and most of
// what it allocated, which the garbage collector then paid for again.
//
// The filters that read only the node and the pod's spec (readiness, NodeUnschedulable,
// TaintToleration, NodeAffinity) give the same verdict for every pod of one template, so
// their verdicts are kept per pass by what they read of the pod. The others (ports,
// resources, volumes, spread, inter-pod) depend on the pods placed so far and run each time.
import type { Node, Pod } from "../../api/types.js";
import { NODE_AFFINITY_REASON, nodeAffinityAllows } from "./nodeaffinity.js";
import { type Capacity, capacityOf } from "./resources.js";
import { taintReason, tolerates, untoleratedTaint } from "./taints.js";

/** A filter's verdict: its reasons, and whether evicting pods could ever help (UnschedulableAndUnresolvable or not). */
export interface Verdict {
  reasons: string[];
  resolvable: boolean;
}

export const fail = (reason: string, resolvable = false): Verdict => ({ reasons: [reason], resolvable });

const NOT_READY = fail("node(s) were not ready");
const UNSCHEDULABLE = fail("node(s) were unschedulable");
const NOT_AFFINE = fail(NODE_AFFINITY_REASON);
const HARD_EFFECTS = ["NoSchedule", "NoExecute"];

/** A node as the pass reads it. */
export interface NodeFacts {
  ready: boolean;
  capacity: Capacity;
}

function factsOf(n: Node): NodeFacts {
  return {
    ready: !!n.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True"),
    capacity: capacityOf(n),
  };
}

/** The filters that read only the node and the pod's spec, in the default profile's order. */
function staticVerdict(pod: Pod, n: Node, facts: NodeFacts): Verdict | undefined {
  if (!facts.ready) return NOT_READY;
  if (
    n.spec?.unschedulable &&
    !tolerates(pod.spec.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })
  )
    return UNSCHEDULABLE;
  const taint = untoleratedTaint(pod.spec.tolerations, n.spec?.taints, HARD_EFFECTS);
  if (taint) return fail(taintReason(taint));
  if (!nodeAffinityAllows(pod, n)) return NOT_AFFINE;
  return undefined;
}

/** What the static filters read of a pod: pods of one template share it. */
function signature(pod: Pod): string {
  return JSON.stringify([
    pod.spec.tolerations,
    pod.spec.nodeSelector,
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
  ]);
}

/** The nodes of one pass, with their facts and the static verdicts asked of them so far. */
export class PassNodes {
  /** Whether any node has a PreferNoSchedule taint. */
  readonly anyPreferTaints: boolean;
  /** Per node index, worked out when the pass first reaches the node (some 420 of 1,001). */
  private readonly known: (NodeFacts | undefined)[];
  /** Per pod signature, per node index: null passes, undefined not asked yet. */
  private readonly verdicts = new Map<string, (Verdict | null | undefined)[]>();

  constructor(readonly nodes: Node[]) {
    this.known = new Array(nodes.length);
    this.anyPreferTaints = nodes.some((n) => n.spec?.taints?.some((t) => t.effect === "PreferNoSchedule"));
  }

  facts(i: number): NodeFacts {
    let f = this.known[i];
    if (!f) {
      f = factsOf(this.nodes[i]);
      this.known[i] = f;
    }
    return f;
  }

  /** The pod's static verdicts, filled in per node as they are asked for. */
  forPod(pod: Pod): (i: number) => Verdict | undefined {
    const key = signature(pod);
    let cache = this.verdicts.get(key);
    if (!cache) {
      cache = new Array(this.nodes.length);
      this.verdicts.set(key, cache);
    }
    const row = cache;
    return (i) => {
      let v = row[i];
      if (v === undefined) {
        v = staticVerdict(pod, this.nodes[i], this.facts(i)) ?? null;
        row[i] = v;
      }
      return v ?? undefined;
    };
  }
}
