// The scheduler's snapshot of the cluster for one pass: each node with the pods bound to it
// (those not finished; terminating ones still hold their place), and the namespaces' labels
// that pod affinity's namespaceSelector reads.
import type { Node, Pod } from "../../api/types.js";
import { addToLoad, emptyLoad, type NodeLoad } from "./resources.js";

export interface Placed {
  pod: Pod;
  node: Node;
}

export class Snapshot {
  readonly load = new Map<string, NodeLoad>();
  readonly placed: Placed[] = [];
  /** The placed pods with anti-affinity terms of their own, which every incoming pod must respect. */
  readonly antiAffine: Placed[] = [];
  private readonly byName: Map<string, Node>;

  /**
   * `cached`: where a pass that reads no pods gets a node's load (the scheduler's cache),
   * asked only for the nodes the pass reaches. Without it every node starts empty and the
   * pass adds the placed pods.
   */
  constructor(
    readonly nodes: Node[],
    readonly nsLabels: Map<string, Record<string, string>>,
    private readonly cached?: (node: Node) => NodeLoad,
  ) {
    this.byName = new Map(nodes.map((n) => [n.metadata.name, n]));
    if (!cached) for (const n of nodes) this.load.set(n.metadata.name, emptyLoad());
  }

  /** Records a pod bound to a node (at load, or as the scheduler binds it). */
  add(pod: Pod): void {
    const node = pod.spec.nodeName ? this.byName.get(pod.spec.nodeName) : undefined;
    if (!node) return;
    this.placed.push({ pod, node });
    if (pod.spec.affinity?.podAntiAffinity) this.antiAffine.push({ pod, node });
    addToLoad(this.loadOf(node), pod);
  }

  loadOf(node: Node): NodeLoad {
    let l = this.load.get(node.metadata.name);
    if (!l) {
      l = this.cached?.(node) ?? emptyLoad();
      this.load.set(node.metadata.name, l);
    }
    return l;
  }
}
