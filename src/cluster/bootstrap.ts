// A new cluster shaped like `kind create cluster` with one control plane and N-1 workers:
// the nodes (kind's node IPs and per-node pod CIDRs), the namespaces, the `kubernetes` and
// `kube-dns` Services, and the system workloads whose pods `get pods -A` shows (static
// control-plane pods, kube-proxy and kindnet on every node, CoreDNS, local-path-provisioner).

import type { KObject } from "../api/types.js";
import { applyDefaults, prepareForCreate } from "../apiserver/admission/index.js";
import { byKind, NODES } from "../apiserver/resources.js";
import { BUCKETS } from "../apiserver/storage.js";
import { syncClusterRoleAggregation } from "../controllers/clusterrole-aggregation.js";
import { syncServiceAccounts } from "../controllers/serviceaccount.js";
import { goRFC3339Nano, rfc3339 } from "../golang/time.js";
import { setNodeImages } from "../kubelet/nodeimages.js";
import { ObjectStore } from "../store/objects.js";
import { SCHEMA_VERSION } from "../store/state.js";
import { Clock } from "../util/clock.js";
import { Rng } from "../util/rng.js";
import {
  clusterDNSIP,
  clusterSubnets,
  DEFAULT_POD_SUBNET,
  DEFAULT_SERVICE_SUBNET,
  kubernetesServiceIP,
} from "../util/subnets.js";
import { addAddonObjects } from "./addons.js";
import { Cluster } from "./cluster.js";
import type { DefaultedKindConfig, KindConfig } from "./kindconfig.js";
import { hostPortsOf, ipOf, type KindSettings, kindNodeNames, type NodePlan, planNodes } from "./kindplan.js";
import { kubectlApplied } from "./kubectl-applied.js";
import { addLeases } from "./leases.js";
import { K8S_VERSION, nodeConditions, nodeObject } from "./node-object.js";
import { syncProxyRules } from "./proxy-rules.js";
import { addBootstrapPolicy } from "./rbac-bootstrap.js";
import type { ClusterSettings, ClusterState } from "./state.js";
import { staticPods } from "./static-pods.js";
import {
  corednsDeployment,
  kindnetDaemonSet,
  kindnetRbac,
  kubeProxyConfigMap,
  kubeProxyDaemonSet,
  localPathConfigMap,
  localPathDeployment,
  localPathRbac,
} from "./system-workloads.js";

export { K8S_VERSION } from "./node-object.js";

const PRELOADED = [
  "registry.k8s.io/coredns/coredns:v1.11.3",
  "registry.k8s.io/etcd:3.5.16-0",
  `registry.k8s.io/kube-apiserver:${K8S_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${K8S_VERSION}`,
  `registry.k8s.io/kube-proxy:${K8S_VERSION}`,
  `registry.k8s.io/kube-scheduler:${K8S_VERSION}`,
  "docker.io/kindest/kindnetd:v20250214-acbabc1a",
  "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
  "registry.k8s.io/pause:3.10",
];

export interface CreateOptions {
  name: string;
  nodes: number;
  seed: number;
  timeScale: number;
  loadBalancer: boolean;
  /** A kind config (defaulted and valid): its nodes replace `nodes`' one control plane and N-1 workers. */
  kind?: { raw: KindConfig; config: DefaultedKindConfig };
}

export function nodeNames(cluster: string, n: number): string[] {
  return kindNodeNames(cluster, ["control-plane", ...Array(Math.max(0, n - 1)).fill("worker")]);
}

/** kind's message on a node whose kubelet finds no CNI config (networking.disableDefaultCNI). */

/** The cluster's kind settings: what kubesim routes and runs by, and the config for export. */
function kindSettings(o: CreateOptions, plans: NodePlan[], rng: Rng): KindSettings | undefined {
  if (!o.kind) return undefined;
  const { raw, config } = o.kind;
  const net = config.networking;
  const byIndex = [...plans].sort((a, b) => a.index - b.index).map((p) => p.name);
  return {
    config: { ...raw, name: o.name },
    podSubnet: net.podSubnet ?? DEFAULT_POD_SUBNET,
    serviceSubnet: net.serviceSubnet ?? DEFAULT_SERVICE_SUBNET,
    kubeProxyMode: net.kubeProxyMode ?? "iptables",
    disableDefaultCNI: !!net.disableDefaultCNI,
    apiServerAddress: net.apiServerAddress ?? "127.0.0.1",
    ...(net.apiServerPort ? { apiServerPort: net.apiServerPort } : {}),
    featureGates: { ...(config.featureGates ?? {}) },
    hostPorts: hostPortsOf(byIndex, config.nodes, () => 32768 + rng.int(28232)),
  };
}

function emptyState(o: CreateOptions, now: number, settings: ClusterSettings): ClusterState {
  return {
    schemaVersion: SCHEMA_VERSION,
    name: o.name,
    seed: o.seed,
    rng: o.seed >>> 0,
    createdAt: now,
    clock: { offsetMs: 0 },
    settings,
    resourceVersion: 100,
    catalog: {},
    generation: 0,
    garbage: [],
    ipam: {},
    images: {},
    runtime: {},
    podIPs: {},
    pods: {},
    nextWake: null,
  };
}

function namespace(name: string): KObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

/**
 * kind's `standard` class, from the node image's default-storage.yaml, which kind applies
 * with `kubectl apply` (the namespace the manifest gives a cluster-scoped object dropped).
 */
function defaultStorageClass(): KObject {
  return kubectlApplied(
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: {
        name: "standard",
        namespace: "kube-system",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      },
      provisioner: "rancher.io/local-path",
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: "Delete",
    },
    true,
  );
}

function fresh(state: ClusterState): { state: ClusterState; objects: ObjectStore } {
  return {
    state,
    objects: new ObjectStore(BUCKETS, state.catalog, {
      read: () => {
        throw new Error("a new cluster has no files");
      },
    }),
  };
}

/** A new cluster, in memory: the caller commits it. */
export function bootstrap(o: CreateOptions, env: NodeJS.ProcessEnv): Cluster {
  const plans = o.kind
    ? planNodes(o.name, o.kind.config.nodes, o.kind.config.kubeadmConfigPatches)
    : planNodes(
        o.name,
        nodeNames("x", o.nodes).map((_, i) => ({ role: i ? "worker" : "control-plane" })),
      );
  // Host ports docker picks for hostPort 0 come from a source of their own.
  const kind = kindSettings(o, plans, new Rng({ rng: (o.seed ^ 0x6b696e64) >>> 0 }));
  const noCNI = !!kind?.disableDefaultCNI;
  const settings: ClusterSettings = {
    nodes: plans.length,
    timeScale: 0,
    loadBalancer: o.loadBalancer,
    ...(kind ? { kind } : {}),
  };
  // kubeadm hands podSubnet to kube-controller-manager and serviceSubnet to kube-apiserver.
  const { podSubnet, serviceSubnet } = clusterSubnets(settings);
  const now = new Clock({ offsetMs: 0 }, env).nowMs();
  const state = emptyState(o, now, settings);
  // The system pods come up at once: the cluster is shown as if it had been running a while.
  const c = new Cluster(fresh(state), { ...env, KUBESIM_TIME_SCALE: "0" });
  const api = c.api;
  const add = (obj: KObject) => {
    const status = obj.status;
    const defaulted = prepareForCreate(applyDefaults(obj, { randomSuffix: () => c.rng.name(5) }));
    if (status) defaulted.status = status;
    return api.insert(defaulted);
  };
  for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"]) {
    const nsObject = namespace(ns);
    // kind's storage manifest, applied, creates local-path-storage.
    if (ns === "local-path-storage")
      nsObject.metadata.annotations = kubectlApplied(
        { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
        true,
      ).metadata.annotations;
    add(nsObject);
  }
  // The serviceaccount controller and root-ca-cert-publisher fill each namespace at once.
  syncServiceAccounts(c.controllers);
  // kind's endpoint for the nodes: the first control plane, or its load balancer in front of several.
  const controlPlanes = plans.filter((p) => p.controlPlane).length;
  const controlPlaneEndpoint = `${controlPlanes > 1 ? `${o.name}-external-load-balancer` : plans[0].name}:6443`;
  addAddonObjects(api, (o) => prepareForCreate(applyDefaults(o, { randomSuffix: () => c.rng.name(5) })), [
    ...(kind?.kubeProxyMode !== "none"
      ? [kubeProxyConfigMap(kind?.kubeProxyMode ?? "iptables", podSubnet, controlPlaneEndpoint)]
      : []),
    localPathConfigMap(),
  ]);
  const ts = rfc3339(now);
  // kind removes the control-plane taint only when the cluster is one node.
  const addNode = (i: number) => {
    const n = nodeObject(plans[i], podSubnet, plans[i].controlPlane && plans.length > 1, noCNI);
    n.status.conditions = nodeConditions(ts, noCNI);
    n.status.nodeInfo.bootID = c.rng.uuid();
    n.status.nodeInfo.machineID = c.rng.hex(32);
    n.status.nodeInfo.systemUUID = c.rng.uuid();
    api.insert(n);
    state.ipam[plans[i].name] = { cidr: n.spec.podCIDR, last: 1 };
    setNodeImages({ api, state }, plans[i].name, PRELOADED);
    return n;
  };
  const cp = addNode(0);
  // Every control plane's apiserver serves the `kubernetes` Service.
  const cpIPs = plans.filter((p) => p.controlPlane).map((p) => ipOf(p.index));

  // Static pods are owned by their node (a mirror pod's ownerReference), stored with a uid by now.
  const cpUid = cp.metadata.uid;
  if (!cpUid) throw new Error("kubesim: the control-plane node was stored without a uid");
  // The kubelet's config hashes and first sightings come from a source of their own, so that
  // every name and uid drawn after them is what it was before they existed.
  const kubeletRng = new Rng({ rng: (o.seed ^ 0x6d697272) >>> 0 });
  const etcdMembers: { name: string; ip: string }[] = [];
  const addStaticPods = (plan: NodePlan, uid: string) => {
    const seen = now - 20_000 - kubeletRng.int(5_000);
    const facts = {
      node: plan.name,
      nodeUid: uid,
      ip: ipOf(plan.index),
      cluster: o.name,
      podSubnet,
      serviceSubnet,
      featureGates: o.kind?.config.featureGates,
      runtimeConfig: o.kind?.config.runtimeConfig,
      etcdMembers: [...etcdMembers],
      hash: () => kubeletRng.hex(32),
      seen: goRFC3339Nano(seen, kubeletRng.int(1_000_000)),
    };
    etcdMembers.push({ name: plan.name, ip: facts.ip });
    for (const pod of staticPods(facts)) {
      add(pod);
      // Mirror pods go without a token volume, whose name was a draw of the cluster's source
      // when they had one: the draw is still made, so every later name stays where it was.
      c.rng.name(5);
    }
  };
  addStaticPods(plans[0], cpUid);

  add({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      clusterIP: kubernetesServiceIP(serviceSubnet),
      clusterIPs: [kubernetesServiceIP(serviceSubnet)],
      ports: [{ name: "https", port: 443, targetPort: 6443 }],
    },
  });
  api.insert({
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
    },
    subsets: [
      { addresses: cpIPs.map((ip) => ({ ip })), ports: [{ name: "https", port: 6443, protocol: "TCP" }] },
    ],
  });
  api.insert({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { "kubernetes.io/service-name": "kubernetes" },
    },
    addressType: "IPv4",
    endpoints: cpIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: "https", port: 6443, protocol: "TCP" }],
  });
  const dnsLabels = { "k8s-app": "kube-dns" };
  add({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: "kube-system",
      labels: {
        "k8s-app": "kube-dns",
        "kubernetes.io/cluster-service": "true",
        "kubernetes.io/name": "CoreDNS",
      },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
    },
    spec: {
      clusterIP: clusterDNSIP(serviceSubnet),
      clusterIPs: [clusterDNSIP(serviceSubnet)],
      selector: dnsLabels,
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
    },
  });
  add(corednsDeployment());
  // CoreDNS starts before the workers join, so its pods land on the control plane (the first node CIDR's .2 and .3).
  c.advanceSync();
  for (let i = 1; i < plans.length; i++) {
    const n = addNode(i);
    // Other control planes run their own static pods.
    if (plans[i].controlPlane) addStaticPods(plans[i], n.metadata.uid ?? "");
  }
  // kubeProxyMode none: kind deploys no kube-proxy at all.
  if (kind?.kubeProxyMode !== "none") add(kubeProxyDaemonSet());
  // disableDefaultCNI: kind skips installing kindnet; the nodes wait for a CNI.
  if (!noCNI) add(kindnetDaemonSet(podSubnet, controlPlaneEndpoint));
  add(localPathDeployment());
  c.advanceSync();
  addLeases(api, api.list(NODES), now);
  // kind applies the default StorageClass last. Its uid comes from a draw of its own, so
  // the names and uids of everything after bootstrap are those of a cluster without it.
  api.insert(
    prepareForCreate(applyDefaults(defaultStorageClass(), { randomSuffix: () => c.rng.name(5) })),
    new Rng({ rng: (o.seed ^ 0x5c1a55) >>> 0 }),
  );
  // The RBAC defaults come after, from a source of their own, aggregated at once.
  addBootstrapPolicy(
    api,
    (obj) => prepareForCreate(applyDefaults(obj, { randomSuffix: () => c.rng.name(5) })),
    o.seed,
  );
  // kind's addons' RBAC (kindnet's, the provisioner's), also from a source of their own.
  const addonRng = new Rng({ rng: (o.seed ^ 0x6164646e) >>> 0 });
  for (const obj of [...(noCNI ? [] : kindnetRbac()), ...localPathRbac()])
    api.insert(prepareForCreate(applyDefaults(obj, { randomSuffix: () => c.rng.name(5) })), addonRng);
  syncClusterRoleAggregation(c.controllers);
  state.settings.timeScale = o.timeScale;
  // kube-proxy's kept rules, up to date with everything bootstrap wrote after its last reconcile.
  syncProxyRules(c);
  return c;
}

export const NODE = byKind("Node");
