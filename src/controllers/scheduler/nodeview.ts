// The nodes as a scheduling pass reads them, kept between commands as kube-scheduler keeps
// its node cache between cycles. A pass needs every node (their count, the order it walks
// them in, whether any has a PreferNoSchedule taint), but of each only its name, labels,
// taints, unschedulable flag, readiness and allocatable resources. Parsing the nodes'
// summaries for that (840 KB at 1,001 nodes) cost every pod placed on a 100,000-pod cluster
// about 9 ms. The view is one record of some 40 KB, good while the nodes' bucket holds the
// same files (Bucket.revision): nodes mostly share their labels (but for their hostname),
// taints and resources, so each distinct set is kept once and a node is a row of indexes.
import type { Node } from "../../api/types.js";
import { NODES } from "../../apiserver/resources.js";
import type { ControllerContext } from "../context.js";

/** The records bucket of the view (storage.ts registers it). */
export const NODE_VIEW = "scheduler-nodeview";

const HOSTNAME = "kubernetes.io/hostname";

interface ViewRecord {
  /** The nodes bucket's revision the view was made from. */
  revision: string;
  /** Distinct label sets, a hostname label equal to the node's name left out. */
  labels: Record<string, string>[];
  /** Distinct specs and statuses, as JSON. */
  rest: string[];
  /** Per node: its name, its label set, whether it has the hostname label, its spec and status. */
  rows: [string, number, 0 | 1, number][];
}

/** The view in its stored form. */
export function encodeView(revision: string, nodes: Node[]): ViewRecord {
  const labels: Record<string, string>[] = [];
  const labelIndex = new Map<string, number>();
  const rest: string[] = [];
  const restIndex = new Map<string, number>();
  const intern = <T>(table: T[], index: Map<string, number>, key: string, value: T) => {
    let i = index.get(key);
    if (i === undefined) {
      i = table.push(value) - 1;
      index.set(key, i);
    }
    return i;
  };
  const rows = nodes.map((n): [string, number, 0 | 1, number] => {
    const name = n.metadata.name;
    const own = { ...(n.metadata.labels ?? {}) };
    const host = own[HOSTNAME] === name ? 1 : 0;
    if (host) delete own[HOSTNAME];
    const body = JSON.stringify({ spec: n.spec, status: n.status });
    return [
      name,
      intern(labels, labelIndex, JSON.stringify(own), own),
      host,
      intern(rest, restIndex, body, body),
    ];
  });
  return { revision, labels, rest, rows };
}

/** The nodes a stored view holds (nodes of one spec and status share those objects). */
export function decodeView(v: ViewRecord): Node[] {
  const rest = v.rest.map((r) => JSON.parse(r) as Pick<Node, "spec" | "status">);
  return v.rows.map(([name, li, host, ri]) => {
    const labels = host ? { ...v.labels[li], [HOSTNAME]: name } : { ...v.labels[li] };
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) },
      ...rest[ri],
    } as Node;
  });
}

/** What the scheduler's filters and scores read of a node, and nothing else. */
export function schedulingView(n: Node): Node {
  const ready = !!n.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True");
  return {
    apiVersion: n.apiVersion,
    kind: n.kind,
    metadata: { name: n.metadata.name, ...(n.metadata.labels ? { labels: n.metadata.labels } : {}) },
    spec: {
      ...(n.spec?.taints ? { taints: n.spec.taints } : {}),
      ...(n.spec?.unschedulable ? { unschedulable: n.spec.unschedulable } : {}),
    },
    status: {
      ...(n.status?.allocatable ? { allocatable: n.status.allocatable } : {}),
      conditions: ready ? [{ type: "Ready", status: "True" }] : [],
    },
  } as Node;
}

/** Every node, in the API's order, as the scheduler reads them: from the view while it is good. */
export function schedulingNodes(c: ControllerContext): Node[] {
  const revision = c.api.objects.bucket(NODES.plural).revision();
  const views = c.api.objects.bucket(NODE_VIEW);
  if (revision !== undefined) {
    const kept = views.get("nodes") as unknown as Partial<ViewRecord> | undefined;
    // A record of another shape (another kubesim's, or damaged) is made again.
    if (
      kept?.revision === revision &&
      Array.isArray(kept.rows) &&
      Array.isArray(kept.labels) &&
      Array.isArray(kept.rest)
    )
      return decodeView(kept as ViewRecord);
  }
  const nodes = c.api.listSummaries(NODES).map(schedulingView);
  // A view of nodes this process changed has no revision to be checked against: not kept.
  if (revision !== undefined) {
    views.set("nodes", encodeView(revision, nodes) as never);
    c.api.markChanged();
  }
  return nodes;
}
