// The server-side table columns `kubectl get` prints for each kind (printers.go in
// kubernetes/kubernetes): names, which are wide-only (priority 1), and each row's cells.

import type { NodeSystemInfo } from "kubernetes-types/core/v1";
import type { Endpoints, Event, Node, Service } from "../../api/types.js";
import { formatLabelSelector, formatLabels } from "../../apiserver/labels.js";
import {
  CONFIGMAPS,
  CONTROLLERREVISIONS,
  DAEMONSETS,
  DEPLOYMENTS,
  ENDPOINTS,
  ENDPOINTSLICES,
  EVENTS,
  LEASES,
  LIMITRANGES,
  NAMESPACES,
  NETWORKPOLICIES,
  NODES,
  PODS,
  REPLICASETS,
  RESOURCEQUOTAS,
  SECRETS,
  SERVICEACCOUNTS,
  SERVICES,
  STATEFULSETS,
} from "../../apiserver/resources.js";
import { age } from "../age.js";
import { ADMISSIONREGISTRATION_TABLES } from "./admissionregistration.js";
import { APIREGISTRATION_TABLES } from "./apiregistration.js";
import { AUTOSCALING_TABLES } from "./autoscaling.js";
import { BATCH_TABLES } from "./batch.js";
import { CERTIFICATE_TABLES } from "./certificates.js";
import { CRD_TABLES } from "./custom.js";
import { ageCol, containersAndImages, type TableDef, table } from "./def.js";
import { INGRESS_TABLES } from "./ingress.js";
import { podReady, podRestarts, podStatus } from "./pod.js";
import { RBAC_TABLES } from "./rbac.js";
import { STORAGE_TABLES } from "./storage.js";

export type { Column, RowContext, TableDef } from "./def.js";

const none = (v: string | undefined | null) => (v === undefined || v === null || v === "" ? "<none>" : v);

/** At most 3 entries then ` + N more...`, as the endpoints columns abbreviate. */
export function firstThree(items: string[]): string {
  if (items.length <= 3) return items.join(",");
  return `${items.slice(0, 3).join(",")} + ${items.length - 3} more...`;
}

function servicePorts(svc: Service): string {
  const ports = svc.spec.ports ?? [];
  if (!ports.length) return "<none>";
  return ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(",");
}

function externalIP(svc: Service, wide: boolean): string {
  const ext = svc.spec.externalIPs ?? [];
  switch (svc.spec.type) {
    case "ExternalName":
      return svc.spec.externalName ?? ""; // validation requires it for the type
    case "LoadBalancer": {
      const ing = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || "").sort();
      const all = [...ing, ...ext];
      if (!all.length) return "<pending>";
      const s = all.join(",");
      return !wide && s.length > 16 ? `${s.slice(0, 13)}...` : s;
    }
    default:
      return ext.length ? ext.join(",") : "<none>";
  }
}

function endpointsCell(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return "<none>";
  const list: string[] = [];
  // formatEndpoints walks ports first, then addresses.
  for (const s of subsets) {
    const ports = s.ports ?? [];
    if (!ports.length) for (const a of s.addresses ?? []) list.push(a.ip);
    for (const p of ports) for (const a of s.addresses ?? []) list.push(`${a.ip}:${p.port}`);
  }
  return firstThree(list);
}

function nodeStatus(n: Node): string {
  const ready = (n.status?.conditions ?? []).find((c) => c.type === "Ready");
  let s = !ready
    ? "Unknown"
    : ready.status === "True"
      ? "Ready"
      : ready.status === "False"
        ? "NotReady"
        : "Unknown";
  if (n.spec?.unschedulable) s += ",SchedulingDisabled";
  return s;
}

function nodeRoles(n: Node): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length))
    .filter((r) => r)
    .sort();
  return roles.length ? roles.join(",") : "<none>";
}

function eventLastSeen(e: Event, nowMs: number): string {
  const ts = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  if (e.series?.lastObservedTime) return age(e.series.lastObservedTime, nowMs);
  return age(ts, nowMs);
}

export const TABLES: Record<string, TableDef> = {
  Pod: table(PODS, {
    columns: [
      { name: "NAME" },
      { name: "READY" },
      { name: "STATUS" },
      { name: "RESTARTS" },
      { name: "AGE" },
      { name: "IP", wide: true },
      { name: "NODE", wide: true },
      { name: "NOMINATED NODE", wide: true },
      { name: "READINESS GATES", wide: true },
    ],
    row: (p, ctx) => {
      const gates = p.spec.readinessGates ?? [];
      const conds = p.status?.conditions ?? [];
      const trueGates = gates.filter((g) =>
        conds.some((c) => c.type === g.conditionType && c.status === "True"),
      ).length;
      return [
        p.metadata.name,
        podReady(p),
        podStatus(p),
        podRestarts(p, ctx.nowMs),
        ageCol(p, ctx),
        none(p.status?.podIPs?.[0]?.ip ?? p.status?.podIP),
        none(p.spec.nodeName),
        none(p.status?.nominatedNodeName),
        gates.length ? `${trueGates}/${gates.length}` : "<none>",
      ];
    },
  }),
  Service: table(SERVICES, {
    columns: [
      { name: "NAME" },
      { name: "TYPE" },
      { name: "CLUSTER-IP" },
      { name: "EXTERNAL-IP" },
      { name: "PORT(S)" },
      { name: "AGE" },
      { name: "SELECTOR", wide: true },
    ],
    row: (s, ctx) => [
      s.metadata.name,
      s.spec.type ?? "",
      none(s.spec.clusterIPs?.[0] ?? s.spec.clusterIP),
      externalIP(s, ctx.wide),
      servicePorts(s),
      ageCol(s, ctx),
      formatLabels(s.spec.selector),
    ],
  }),
  Deployment: table(DEPLOYMENTS, {
    columns: [
      { name: "NAME" },
      { name: "READY" },
      { name: "UP-TO-DATE" },
      { name: "AVAILABLE" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
      { name: "SELECTOR", wide: true },
    ],
    row: (d, ctx) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      ageCol(d, ctx),
      ...containersAndImages(d.spec.template),
      formatLabelSelector(d.spec.selector),
    ],
  }),
  ReplicaSet: table(REPLICASETS, {
    columns: [
      { name: "NAME" },
      { name: "DESIRED" },
      { name: "CURRENT" },
      { name: "READY" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
      { name: "SELECTOR", wide: true },
    ],
    row: (r, ctx) => [
      r.metadata.name,
      String(r.spec.replicas ?? 1),
      String(r.status?.replicas ?? 0),
      String(r.status?.readyReplicas ?? 0),
      ageCol(r, ctx),
      ...containersAndImages(r.spec.template),
      formatLabelSelector(r.spec.selector),
    ],
  }),
  DaemonSet: table(DAEMONSETS, {
    columns: [
      { name: "NAME" },
      { name: "DESIRED" },
      { name: "CURRENT" },
      { name: "READY" },
      { name: "UP-TO-DATE" },
      { name: "AVAILABLE" },
      { name: "NODE SELECTOR" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
      { name: "SELECTOR", wide: true },
    ],
    row: (d, ctx) => [
      d.metadata.name,
      String(d.status?.desiredNumberScheduled ?? 0),
      String(d.status?.currentNumberScheduled ?? 0),
      String(d.status?.numberReady ?? 0),
      String(d.status?.updatedNumberScheduled ?? 0),
      String(d.status?.numberAvailable ?? 0),
      formatLabels(d.spec.template?.spec?.nodeSelector),
      ageCol(d, ctx),
      ...containersAndImages(d.spec.template),
      formatLabelSelector(d.spec.selector),
    ],
  }),
  StatefulSet: table(STATEFULSETS, {
    columns: [
      { name: "NAME" },
      { name: "READY" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
    ],
    row: (s, ctx) => [
      s.metadata.name,
      `${s.status?.readyReplicas ?? 0}/${s.spec.replicas ?? 1}`,
      ageCol(s, ctx),
      ...containersAndImages(s.spec.template),
    ],
  }),
  ControllerRevision: table(CONTROLLERREVISIONS, {
    columns: [{ name: "NAME" }, { name: "CONTROLLER" }, { name: "REVISION" }, { name: "AGE" }],
    row: (r, ctx) => {
      const ref = r.metadata.ownerReferences?.find((o) => o.controller);
      // formatResourceName: the lower-cased GroupKind ("statefulset.apps") and the name.
      const group = ref?.apiVersion.includes("/") ? `.${ref.apiVersion.split("/")[0]}` : "";
      const controller = ref ? `${ref.kind.toLowerCase()}${group}/${ref.name}` : "<none>";
      return [r.metadata.name, controller, String(r.revision), ageCol(r, ctx)];
    },
  }),
  Lease: table(LEASES, {
    columns: [{ name: "NAME" }, { name: "HOLDER" }, { name: "AGE" }],
    row: (l, ctx) => [l.metadata.name, l.spec?.holderIdentity ?? "", ageCol(l, ctx)],
  }),
  Endpoints: table(ENDPOINTS, {
    columns: [{ name: "NAME" }, { name: "ENDPOINTS" }, { name: "AGE" }],
    row: (e, ctx) => [e.metadata.name, endpointsCell(e), ageCol(e, ctx)],
  }),
  EndpointSlice: table(ENDPOINTSLICES, {
    columns: [
      { name: "NAME" },
      { name: "ADDRESSTYPE" },
      { name: "PORTS" },
      { name: "ENDPOINTS" },
      { name: "AGE" },
    ],
    row: (s, ctx) => {
      const ports = s.ports ?? [];
      const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses ?? []);
      return [
        s.metadata.name,
        s.addressType,
        ports.length ? firstThree(ports.map((p) => String(p.port ?? ""))) : "<unset>",
        addrs.length ? firstThree(addrs) : "<unset>",
        ageCol(s, ctx),
      ];
    },
  }),
  NetworkPolicy: table(NETWORKPOLICIES, {
    columns: [{ name: "NAME" }, { name: "POD-SELECTOR" }, { name: "AGE" }],
    row: (np, ctx) => [np.metadata.name, formatLabelSelector(np.spec?.podSelector), ageCol(np, ctx)],
  }),
  ConfigMap: table(CONFIGMAPS, {
    columns: [{ name: "NAME" }, { name: "DATA" }, { name: "AGE" }],
    row: (cm, ctx) => [
      cm.metadata.name,
      String(Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length),
      ageCol(cm, ctx),
    ],
  }),
  Secret: table(SECRETS, {
    columns: [{ name: "NAME" }, { name: "TYPE" }, { name: "DATA" }, { name: "AGE" }],
    row: (s, ctx) => [
      s.metadata.name,
      s.type ?? "",
      String(Object.keys(s.data ?? {}).length),
      ageCol(s, ctx),
    ],
  }),
  ServiceAccount: table(SERVICEACCOUNTS, {
    columns: [{ name: "NAME" }, { name: "SECRETS" }, { name: "AGE" }],
    row: (sa, ctx) => [sa.metadata.name, String((sa.secrets ?? []).length), ageCol(sa, ctx)],
  }),
  LimitRange: table(LIMITRANGES, {
    columns: [{ name: "NAME" }, { name: "CREATED AT" }],
    row: (lr) => [lr.metadata.name, lr.metadata.creationTimestamp ?? ""],
  }),
  ResourceQuota: table(RESOURCEQUOTAS, {
    columns: [{ name: "NAME" }, { name: "AGE" }, { name: "REQUEST" }, { name: "LIMIT" }],
    row: (rq, ctx) => {
      const hard = rq.status?.hard ?? {};
      const used = rq.status?.used ?? {};
      const request: string[] = [];
      const limit: string[] = [];
      for (const r of Object.keys(hard).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const cell = `${r}: ${used[r] ?? "0"}/${hard[r]}`;
        (r.split(".").length > 1 && r.split(".")[0] === "limits" ? limit : request).push(cell);
      }
      return [rq.metadata.name, ageCol(rq, ctx), request.join(", "), limit.join(", ")];
    },
  }),
  Namespace: table(NAMESPACES, {
    columns: [{ name: "NAME" }, { name: "STATUS" }, { name: "AGE" }],
    row: (n, ctx) => [n.metadata.name, n.status?.phase ?? "Active", ageCol(n, ctx)],
  }),
  Node: table(NODES, {
    columns: [
      { name: "NAME" },
      { name: "STATUS" },
      { name: "ROLES" },
      { name: "AGE" },
      { name: "VERSION" },
      { name: "INTERNAL-IP", wide: true },
      { name: "EXTERNAL-IP", wide: true },
      { name: "OS-IMAGE", wide: true },
      { name: "KERNEL-VERSION", wide: true },
      { name: "CONTAINER-RUNTIME", wide: true },
    ],
    row: (n, ctx) => {
      const addr = (t: string) => (n.status?.addresses ?? []).find((a) => a.type === t)?.address;
      const info: Partial<NodeSystemInfo> = n.status?.nodeInfo ?? {};
      const unknown = (v: string | undefined) => v || "<unknown>";
      return [
        n.metadata.name,
        nodeStatus(n),
        nodeRoles(n),
        ageCol(n, ctx),
        info.kubeletVersion ?? "",
        none(addr("InternalIP")),
        none(addr("ExternalIP")),
        unknown(info.osImage),
        unknown(info.kernelVersion),
        unknown(info.containerRuntimeVersion),
      ];
    },
  }),
  Event: table(EVENTS, {
    // Wide interleaves its extra columns, so the two layouts are listed separately in events.ts.
    columns: [
      { name: "LAST SEEN" },
      { name: "TYPE" },
      { name: "REASON" },
      { name: "OBJECT" },
      { name: "SUBOBJECT", wide: true },
      { name: "SOURCE", wide: true },
      { name: "MESSAGE" },
      { name: "FIRST SEEN", wide: true },
      { name: "COUNT", wide: true },
      { name: "NAME", wide: true },
    ],
    row: (e, ctx) => {
      const io = e.involvedObject ?? {};
      const src = e.source?.component
        ? [e.source.component, e.source.host].filter(Boolean).join(", ")
        : (e.reportingComponent ?? "");
      return [
        eventLastSeen(e, ctx.nowMs),
        e.type ?? "",
        e.reason ?? "",
        `${String(io.kind ?? "").toLowerCase()}/${io.name ?? ""}`,
        io.fieldPath ?? "",
        src,
        String(e.message ?? "").trim(),
        age(e.firstTimestamp ?? e.eventTime, ctx.nowMs),
        String(e.count ?? 1),
        e.metadata.name,
      ];
    },
  }),
  ...BATCH_TABLES,
  ...STORAGE_TABLES,
  ...RBAC_TABLES,
  ...AUTOSCALING_TABLES,
  ...APIREGISTRATION_TABLES,
  ...CERTIFICATE_TABLES,
  ...CRD_TABLES,
  ...INGRESS_TABLES,
  ...ADMISSIONREGISTRATION_TABLES,
};
