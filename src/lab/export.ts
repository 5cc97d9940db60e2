// `kubesim cluster export`: the same lab on a real cluster. A kind configuration with the
// simulated cluster's nodes, subnets and a host port for every nodePort in use, and the
// user's own objects as manifests that `kubectl apply -f` accepts: what the user (or their
// controllers' owners) asked for, without what the server filled in on its own. Defaulted
// spec fields (imagePullPolicy, protocol, ...) stay: a real apiserver sets the same values,
// and `kubectl get -o yaml` on a real cluster shows them too.
import type { PodSpec, ServiceSpec } from "kubernetes-types/core/v1";
import type { KObject, Node, Service } from "../api/types.js";
import { byKind, isOf, NODES, PODS, SERVICES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { KindConfig } from "../cluster/kindconfig.js";
import { toYaml } from "../printers/yaml.js";
import { clusterSubnets } from "../util/subnets.js";

/** Namespaces the cluster itself makes; their objects are the cluster's, not the lab's. */
const SYSTEM_NAMESPACES = new Set([
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "local-path-storage",
]);

/** What an export writes: file names give kubectl apply's order (it reads a directory in name order). */
export interface ExportedObject {
  file: string;
  obj: KObject;
}

export interface Export {
  kindConfig: KindConfig | Record<string, unknown>;
  /** Comment lines printed above the kind configuration. */
  notes: string[];
  objects: ExportedObject[];
}

/** Applied in this order: namespaces before what lives in them, policies before the pods they guard. */
const KINDS = ["Namespace", "NetworkPolicy", "Deployment", "DaemonSet", "ReplicaSet", "Pod", "Service"];

const SERVER_SET_ANNOTATIONS = [
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  "deprecated.daemonset.template.generation",
];

/** The fields of what the user applied that decide whether a server-set value was theirs. */
interface Applied {
  spec?: { nodeName?: unknown; clusterIP?: unknown; healthCheckNodePort?: unknown };
}

function lastApplied(o: KObject): Applied | undefined {
  const text = o.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"];
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clean(o: KObject): KObject {
  const out = structuredClone(o);
  const m = out.metadata;
  for (const k of [
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "managedFields",
    "selfLink",
  ] as const)
    delete m[k];
  if (m.name) delete m.generateName;
  for (const a of SERVER_SET_ANNOTATIONS) delete m.annotations?.[a];
  if (m.annotations && !Object.keys(m.annotations).length) delete m.annotations;
  delete out.status;
  return out;
}

/** Takes out what admission plugins add to every pod, so the real cluster's own admission adds it again. */
function cleanPodSpec(spec: PodSpec, applied: Applied | undefined): void {
  const injected = (spec.volumes ?? [])
    .filter((v) => v.name?.startsWith("kube-api-access-") && v.projected)
    .map((v) => v.name);
  if (injected.length) {
    spec.volumes = (spec.volumes ?? []).filter((v) => !injected.includes(v.name));
    if (!spec.volumes.length) delete spec.volumes;
    for (const ctr of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      if (!ctr.volumeMounts) continue;
      ctr.volumeMounts = ctr.volumeMounts.filter((vm) => !injected.includes(vm.name));
      if (!ctr.volumeMounts.length) delete ctr.volumeMounts;
    }
  }
  // DefaultTolerationSeconds adds these two; the real cluster adds them again.
  if (spec.tolerations) {
    spec.tolerations = spec.tolerations.filter(
      (t) =>
        !(
          t.effect === "NoExecute" &&
          t.tolerationSeconds === 300 &&
          ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"].includes(t.key ?? "")
        ),
    );
    if (!spec.tolerations.length) delete spec.tolerations;
  }
  // The scheduler's choice, the Priority plugin's numbers and the ServiceAccount plugin's
  // default are the cluster's; the Priority plugin even rejects a priority set by hand.
  if (!applied?.spec?.nodeName) delete spec.nodeName;
  if (!spec.priorityClassName) {
    delete spec.priority;
    delete spec.preemptionPolicy;
  }
  delete spec.serviceAccount;
  if (spec.serviceAccountName === "default") delete spec.serviceAccountName;
}

/**
 * A Service keeps its nodePorts (the kind config maps those exact ports to the host) but
 * not an allocated clusterIP: it is kept only if the user set one (in what they applied)
 * or made the Service headless. healthCheckNodePort is allocated likewise.
 */
function cleanService(out: Service, applied: Applied | undefined): void {
  const spec: ServiceSpec = out.spec ?? {};
  if (spec.clusterIP !== "None" && !applied?.spec?.clusterIP) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (!applied?.spec?.healthCheckNodePort) delete spec.healthCheckNodePort;
}

function exported(o: KObject): KObject {
  const applied = lastApplied(o);
  const out = clean(o);
  if (o.kind === "Namespace") {
    // The namespace controller's finalizer and the name label are the server's.
    delete out.spec;
    delete out.metadata.labels?.["kubernetes.io/metadata.name"];
    if (out.metadata.labels && !Object.keys(out.metadata.labels).length) delete out.metadata.labels;
  } else if (isOf(out, PODS)) cleanPodSpec(out.spec, applied);
  else if (isOf(out, SERVICES)) cleanService(out, applied);
  if (out.spec?.template?.metadata) delete out.spec.template.metadata.creationTimestamp;
  return out;
}

/** Whether an object is the lab's: outside the system namespaces (or in default), not made by a controller. */
function isUsers(o: KObject): boolean {
  if (o.metadata.deletionTimestamp) return false;
  if (o.kind === "Namespace") return !SYSTEM_NAMESPACES.has(o.metadata.name ?? "");
  const ns = o.metadata.namespace ?? "";
  if (ns !== "default" && SYSTEM_NAMESPACES.has(ns)) return false;
  if (o.kind === "Service" && ns === "default" && o.metadata.name === "kubernetes") return false;
  // Pods of ReplicaSets and DaemonSets, ReplicaSets of Deployments: their owners make them again.
  return !(o.metadata.ownerReferences ?? []).some((r) => r.controller);
}

function nodePortMappings(services: Service[]): Record<string, unknown>[] {
  const seen = new Map<string, Record<string, unknown>>();
  for (const s of services)
    for (const p of s.spec?.ports ?? []) {
      if (!p.nodePort) continue;
      const protocol = p.protocol ?? "TCP";
      seen.set(`${p.nodePort}/${protocol}`, { containerPort: p.nodePort, hostPort: p.nodePort, protocol });
    }
  return [...seen.values()].sort((a, b) => Number(a.hostPort) - Number(b.hostPort));
}

export function exportCluster(c: Cluster): Export {
  const nodes = c.api.list(NODES);
  const objects: ExportedObject[] = [];
  const users = KINDS.flatMap((kind) => c.api.list(byKind(kind)).filter(isUsers));
  for (const o of users) {
    const group = String(KINDS.indexOf(o.kind)).padStart(2, "0");
    const ns = o.metadata.namespace ? `${o.metadata.namespace}-` : "";
    objects.push({ file: `${group}-${o.kind.toLowerCase()}-${ns}${o.metadata.name}.yaml`, obj: exported(o) });
  }
  const services = users.filter((o): o is Service => isOf(o, SERVICES));
  const mappings = nodePortMappings(services);
  const isControlPlane = (n: Node) =>
    n.metadata.labels?.["node-role.kubernetes.io/control-plane"] !== undefined;
  // Host ports go on the first control-plane node: kube-proxy answers a nodePort on every node.
  let mapped = false;
  const kindNodes = nodes.map((n) => {
    const role = isControlPlane(n) ? "control-plane" : "worker";
    if (role !== "control-plane" || mapped || !mappings.length) return { role };
    mapped = true;
    return { role, extraPortMappings: mappings };
  });
  const notes = [
    `kind cluster for kubesim cluster "${c.state.name}": kind create cluster --config kind-config.yaml`,
  ];
  if (mappings.length)
    notes.push(
      `${mappings.length === 1 ? "nodePort" : "nodePorts"} ${mappings.map((m) => m.hostPort).join(", ")} ${mappings.length === 1 ? "answers" : "answer"} on localhost of the machine running kind`,
    );
  if (services.some((s) => s.spec?.type === "LoadBalancer"))
    notes.push("LoadBalancer Services stay <pending> on kind unless cloud-provider-kind runs");
  const given = c.state.settings.kind?.config;
  return {
    kindConfig: given
      ? withNodePorts({ ...structuredClone(given), name: c.state.name }, mappings)
      : {
          kind: "Cluster",
          apiVersion: "kind.x-k8s.io/v1alpha4",
          name: c.state.name,
          // The cluster's subnets, written out so the export does not depend on kind's defaults.
          networking: clusterSubnets(c.state.settings),
          nodes: kindNodes,
        },
    notes,
    objects,
  };
}

/**
 * A cluster made from a kind config exports that config as it was given, with the nodePorts
 * in use that no extraPortMapping publishes yet added to its first control plane.
 */
function withNodePorts(config: KindConfig, mappings: Record<string, unknown>[]): KindConfig {
  const nodes = config.nodes?.length ? config.nodes : [{ role: "control-plane" }];
  const published = new Set(nodes.flatMap((n) => (n.extraPortMappings ?? []).map((m) => m.hostPort)));
  const missing = mappings.filter((m) => !published.has(Number(m.hostPort)));
  if (!missing.length) return config;
  const cp = nodes.find((n) => (n.role ?? "control-plane") === "control-plane") ?? nodes[0];
  cp.extraPortMappings = [...(cp.extraPortMappings ?? []), ...missing];
  return { ...config, nodes };
}

export function kindConfigYaml(e: Export): string {
  return `${e.notes.map((n) => `# ${n}\n`).join("")}${toYaml(e.kindConfig)}`;
}

/** Everything as one stream: the kind configuration first, then the manifests in apply order. */
export function exportStream(e: Export): string {
  return [kindConfigYaml(e), ...e.objects.map((o) => toYaml(o.obj))].join("---\n");
}
