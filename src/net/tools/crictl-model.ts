// What containerd's CRI would answer on a node, read from the pods the kubelet runs there:
// one sandbox per pod (ids derived from the pod's uid: sandboxes are not stored), one container
// per container status (the current run and, with lastState, the one before), and the images
// the node has pulled.
import type { ContainerStatus } from "kubernetes-types/core/v1";
import type { Pod } from "../../api/types.js";
import { PODS } from "../../apiserver/resources.js";
import type { Cluster } from "../../cluster/cluster.js";
import { canonicalImage, imageInfo } from "../../images/catalog.js";
import { nodeImages } from "../../kubelet/nodeimages.js";
import { sha } from "../../kubelet/podstatus.js";

export interface Sandbox {
  id: string;
  pod: Pod;
  createdAt: number;
  ready: boolean;
}

export interface CriContainer {
  id: string;
  sandbox: Sandbox;
  name: string;
  attempt: number;
  state: "CONTAINER_RUNNING" | "CONTAINER_EXITED";
  /** The image as the pod names it (CRI's userSpecifiedImage) and its canonical ref. */
  userImage: string;
  image: string;
  /** status.imageID: the repo digest the kubelet reports. */
  imageRef: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  /** Which run `kubectl logs` calls it. */
  run: "current" | "previous";
}

/** The image's ID (its config digest) as containerd names it: `sha256:` and 64 hex digits. */
export function imageId(ref: string): string {
  return `sha256:${sha(`config/${canonicalImage(ref)}`)}`;
}

export function sandboxes(c: Cluster, node: string): Sandbox[] {
  return c.api
    .list(PODS)
    .filter((p) => p.spec.nodeName === node && p.status?.startTime)
    .map((pod) => ({
      id: sha(`sandbox/${pod.metadata.uid}`),
      pod,
      createdAt: Date.parse(pod.status?.startTime ?? ""),
      // A pod whose containers all ended has its sandbox stopped.
      ready: pod.status?.phase === "Running" || pod.status?.phase === "Pending",
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

function fromStatus(sb: Sandbox, image: string, s: ContainerStatus): CriContainer[] {
  const out: CriContainer[] = [];
  const base = { sandbox: sb, name: s.name, userImage: image, image: s.image, imageRef: s.imageID };
  const run = s.state?.running;
  const term = s.state?.terminated;
  if (s.containerID && (run || term)) {
    const started = Date.parse(run?.startedAt ?? term?.startedAt ?? "");
    out.push({
      ...base,
      id: s.containerID.replace(/^containerd:\/\//, ""),
      attempt: s.restartCount,
      state: run ? "CONTAINER_RUNNING" : "CONTAINER_EXITED",
      createdAt: started,
      startedAt: started,
      finishedAt: term?.finishedAt ? Date.parse(term.finishedAt) : 0,
      exitCode: term?.exitCode ?? 0,
      reason: term?.reason ?? "",
      run: "current",
    });
  }
  const last = s.lastState?.terminated;
  if (last?.containerID) {
    const started = Date.parse(last.startedAt ?? "");
    out.push({
      ...base,
      id: last.containerID.replace(/^containerd:\/\//, ""),
      attempt: Math.max(0, s.restartCount - 1),
      state: "CONTAINER_EXITED",
      createdAt: started,
      startedAt: started,
      finishedAt: last.finishedAt ? Date.parse(last.finishedAt) : 0,
      exitCode: last.exitCode,
      reason: last.reason ?? "",
      run: "previous",
    });
  }
  return out;
}

/** Every container the node's containerd knows, newest first (crictl sorts by creation time). */
export function containers(c: Cluster, node: string): CriContainer[] {
  const out: CriContainer[] = [];
  for (const sb of sandboxes(c, node)) {
    const spec = sb.pod.spec;
    const images = new Map(
      [...(spec.initContainers ?? []), ...spec.containers].map((x) => [x.name, x.image ?? ""]),
    );
    for (const s of [
      ...(sb.pod.status?.initContainerStatuses ?? []),
      ...(sb.pod.status?.containerStatuses ?? []),
    ])
      out.push(...fromStatus(sb, images.get(s.name) ?? s.image, s));
  }
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** Sizes of kind's preloaded images as its node image unpacks them (estimates from kindest/node). */
const PRELOADED_SIZES: Record<string, number> = {
  "registry.k8s.io/coredns/coredns": 18_562_039,
  "registry.k8s.io/etcd": 57_680_541,
  "registry.k8s.io/kube-apiserver": 98_051_552,
  "registry.k8s.io/kube-controller-manager": 90_793_286,
  "registry.k8s.io/kube-proxy": 95_271_321,
  "registry.k8s.io/kube-scheduler": 70_649_156,
  "docker.io/kindest/kindnetd": 39_008_320,
  "docker.io/kindest/local-path-provisioner": 22_541_737,
};

export interface CriImage {
  id: string;
  repo: string;
  tag: string;
  size: number;
}

export function images(c: Cluster, node: string): CriImage[] {
  return nodeImages(c, node).map((ref) => {
    const colon = ref.lastIndexOf(":");
    const repo = ref.slice(0, colon);
    return {
      id: imageId(ref),
      repo,
      tag: ref.slice(colon + 1),
      size: PRELOADED_SIZES[repo] ?? imageInfo(ref)?.sizeBytes ?? 30_000_000,
    };
  });
}

/** containerd takes any unique prefix of an id. */
export function findContainer(c: Cluster, node: string, id: string): CriContainer | undefined {
  const all = containers(c, node).filter((x) => x.id.startsWith(id));
  return id && all.length === 1 ? all[0] : undefined;
}
