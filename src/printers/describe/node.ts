// kubectl describe node (describeNode, describeNodeResource). kubesim has no Lease objects, so the
// Lease section is what kubectl shows for a healthy lease the node holds and renews right now.
import type { KObject } from "../../api/types.js";
import {
  addQuantity,
  compareQuantity,
  formatQuantity,
  isZero,
  type Quantity,
  quantityMilliValue,
  quantityOrZero,
  quantityValue,
  ZERO,
} from "../../golang/quantity.js";
import {
  type Any,
  byteCompare,
  describeEvents,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  since,
} from "./helpers.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./writer.js";

type ResourceList = Map<string, Quantity>;

function toList(raw: Record<string, unknown> | undefined): ResourceList {
  return new Map(Object.entries(raw ?? {}).map(([k, v]) => [k, quantityOrZero(v)]));
}

function addList(list: ResourceList, add: ResourceList): void {
  for (const [k, q] of add) {
    const had = list.get(k);
    list.set(k, had !== undefined ? addQuantity(had, q) : q);
  }
}

function maxList(list: ResourceList, other: ResourceList): void {
  for (const [k, q] of other) {
    const had = list.get(k);
    if (had === undefined || compareQuantity(q, had) > 0) list.set(k, q);
  }
}

// kubectl's resourcehelper.PodRequestsAndLimits, including restartable (sidecar) init containers
// and in-place resize status.
function podRequestsAndLimits(pod: Any): [ResourceList, ResourceList] {
  const spec = pod.spec ?? {};
  const result: ResourceList[] = [];
  for (const field of ["requests", "limits"] as const) {
    const total: ResourceList = new Map();
    const statuses = new Map<string, Any>((pod.status?.containerStatuses ?? []).map((s: Any) => [s.name, s]));
    for (const c of spec.containers ?? []) {
      let own = toList(c.resources?.[field]);
      const fromStatus = statuses.get(c.name)?.resources;
      if (field === "requests" && fromStatus) {
        const allocated = toList(fromStatus.requests);
        if (pod.status?.resize === "Infeasible") own = allocated;
        else maxList(own, allocated);
      }
      addList(total, own);
    }
    const sidecars: ResourceList = new Map();
    const inits: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      let own = toList(c.resources?.[field]);
      if (c.restartPolicy === "Always") {
        addList(total, own);
        addList(sidecars, own);
        own = sidecars;
      } else {
        const tmp: ResourceList = new Map();
        addList(tmp, own);
        addList(tmp, sidecars);
        own = tmp;
      }
      maxList(inits, own);
    }
    maxList(total, inits);
    for (const [k, q] of toList(spec.overhead)) {
      if (field === "requests") addList(total, new Map([[k, q]]));
      else {
        const had = total.get(k);
        if (had !== undefined && !isZero(had)) total.set(k, addQuantity(had, q));
      }
    }
    result.push(total);
  }
  return [result[0], result[1]];
}

// Go's int64(float64) conversion: NaN and infinities become math.MinInt64 on amd64.
function percent(num: bigint, den: bigint): string {
  const f = (Number(num) / Number(den)) * 100;
  return Number.isFinite(f) ? String(Math.trunc(f)) : "-9223372036854775808";
}

const STANDARD = new Set(["cpu", "memory", "ephemeral-storage"]);

function describeNodeResource(pods: KObject[], node: Any, now: number, w: PrefixWriter): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const capacity = toList(node.status?.capacity);
  const allocatable =
    Object.keys(node.status?.allocatable ?? {}).length > 0 ? toList(node.status.allocatable) : capacity;
  const get = (l: ResourceList, k: string) => l.get(k) ?? ZERO;
  const allocCpu = quantityMilliValue(get(allocatable, "cpu"));
  const allocMem = quantityValue(get(allocatable, "memory"));
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const [req, lim] = podRequestsAndLimits(pod);
    addList(reqs, req);
    addList(limits, lim);
    const cell = (q: Quantity, den: bigint, milli: boolean) =>
      `${formatQuantity(q)} (${percent(milli ? quantityMilliValue(q) : quantityValue(q), den)}%)`;
    const cells = [
      cell(get(req, "cpu"), allocCpu, true),
      cell(get(lim, "cpu"), allocCpu, true),
      cell(get(req, "memory"), allocMem, false),
      cell(get(lim, "memory"), allocMem, false),
    ];
    const age = since(pod.metadata.creationTimestamp, now);
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ""}\t${pod.metadata.name ?? ""}\t\t${cells.join("\t")}\t${age}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const row = (name: string, den: bigint, milli: boolean) => {
    const value = (q: Quantity) => (milli ? quantityMilliValue(q) : quantityValue(q));
    const r = get(reqs, name);
    const l = get(limits, name);
    const pr = den !== 0n ? percent(value(r), den) : "0";
    const pl = den !== 0n ? percent(value(l), den) : "0";
    w.write(LEVEL_1, `${name}\t${formatQuantity(r)} (${pr}%)\t${formatQuantity(l)} (${pl}%)\n`);
  };
  row("cpu", allocCpu, true);
  row("memory", allocMem, false);
  row("ephemeral-storage", quantityValue(get(allocatable, "ephemeral-storage")), false);
  const names = [...allocatable.keys()];
  for (const name of names.filter((n) => n.startsWith("hugepages-")).sort(byteCompare)) {
    row(name, quantityValue(get(allocatable, name)), false);
  }
  for (const name of names
    .filter((n) => !STANDARD.has(n) && !n.startsWith("hugepages-") && n !== "pods")
    .sort()) {
    w.write(LEVEL_1, `${name}\t${formatQuantity(get(reqs, name))}\t${formatQuantity(get(limits, name))}\n`);
  }
}

const ROLE_PREFIX = "node-role.kubernetes.io/";

function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort(byteCompare);
}

function printResourceList(raw: Record<string, unknown>, w: PrefixWriter): void {
  for (const name of Object.keys(raw).sort(byteCompare)) {
    w.write(LEVEL_0, `  ${name}:\t${formatQuantity(quantityOrZero(raw[name]))}\n`);
  }
}

export function describeNode(
  node: KObject,
  pods: KObject[],
  events: KObject[],
  now: number,
  lease?: KObject,
): string {
  const spec: Any = node.spec ?? {};
  const status: Any = node.status ?? {};
  const info: Any = status.nodeInfo ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ""}\n`);
    const roles = nodeRoles(node.metadata.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    w.write(LEVEL_0, "Lease:\n");
    if (lease) {
      // The node's Lease in kube-node-lease, as the kubelet last renewed it.
      const ls: Any = lease.spec ?? {};
      w.write(LEVEL_1, `HolderIdentity:\t${ls.holderIdentity ?? "<unset>"}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${ls.acquireTime ? formatTime(ls.acquireTime) : "<unset>"}\n`);
      w.write(LEVEL_1, `RenewTime:\t${ls.renewTime ? formatTime(ls.renewTime) : "<unset>"}\n`);
    } else {
      w.write(LEVEL_1, `HolderIdentity:\t${node.metadata.name ?? ""}\n`);
      w.write(LEVEL_1, "AcquireTime:\t<unset>\n");
      w.write(LEVEL_1, `RenewTime:\t${formatTime(new Date(Math.floor(now / 1000)).toISOString())}\n`);
    }
    const conditions: Any[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
      );
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        const times = `${formatTime(c.lastHeartbeatTime)} \t${formatTime(c.lastTransitionTime)}`;
        w.write(
          LEVEL_1,
          `${c.type ?? ""} \t${c.status ?? ""} \t${times} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of (status.addresses ?? []) as Any[])
      w.write(LEVEL_1, `${a.type ?? ""}:\t${a.address ?? ""}\n`);
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printResourceList(status.capacity, w);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResourceList(status.allocatable, w);
    }
    w.write(LEVEL_0, "System Info:\n");
    const sysInfo: [string, string][] = [
      ["Machine ID", info.machineID],
      ["System UUID", info.systemUUID],
      ["Boot ID", info.bootID],
      ["Kernel Version", info.kernelVersion],
      ["OS Image", info.osImage],
      ["Operating System", info.operatingSystem],
      ["Architecture", info.architecture],
      ["Container Runtime Version", info.containerRuntimeVersion],
      ["Kubelet Version", info.kubeletVersion],
      ["Kube-Proxy Version", info.kubeProxyVersion],
    ];
    for (const [title, value] of sysInfo) w.write(LEVEL_0, `  ${title}:\t${value ?? ""}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(",")}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, now, w);
    describeEvents(events, w, now);
  });
}
