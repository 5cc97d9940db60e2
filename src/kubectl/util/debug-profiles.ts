// kubectl debug's profiles (pkg/cmd/debug/profiles.go): what each one changes in the debug
// container and its pod, by how the pod is debugged: an ephemeral container, a copy of the
// pod, or a pod on a node. "legacy" is v1.32's default and warns that it is deprecated.
import type { Container, Pod, SecurityContext } from "kubernetes-types/core/v1";

export const PROFILES = ["legacy", "general", "baseline", "netadmin", "restricted", "sysadmin"];

export type DebugStyle = "node" | "podCopy" | "ephemeral";

/** --keep-*: what a copy keeps of the original. */
export interface KeepFlags {
  labels: boolean;
  annotations: boolean;
  liveness: boolean;
  readiness: boolean;
  startup: boolean;
  initContainers: boolean;
}

type DebugPod = Pick<Pod, "metadata"> & { spec: NonNullable<Pod["spec"]> };

/** The debug container, wherever it sits in the pod (VisitContainers over all kinds). */
function debugContainer(pod: DebugPod, name: string): Container | undefined {
  const s = pod.spec;
  return [
    ...(s.initContainers ?? []),
    ...s.containers,
    ...((s.ephemeralContainers ?? []) as Container[]),
  ].find((c) => c.name === name);
}

function security(c: Container): SecurityContext {
  c.securityContext ??= {};
  return c.securityContext;
}

function addCapability(c: Container, cap: string): void {
  const sc = security(c);
  sc.capabilities ??= {};
  sc.capabilities.add = [...(sc.capabilities.add ?? []), cap];
}

function mountRootPartition(pod: DebugPod, name: string): void {
  pod.spec.volumes = [...(pod.spec.volumes ?? []), { name: "host-root", hostPath: { path: "/" } }];
  const c = pod.spec.containers.find((x) => x.name === name);
  if (c) c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: "/host", name: "host-root" }];
}

function useHostNamespaces(pod: DebugPod): void {
  pod.spec.hostNetwork = true;
  pod.spec.hostPID = true;
  pod.spec.hostIPC = true;
}

function shareProcessNamespace(pod: DebugPod): void {
  pod.spec.shareProcessNamespace ??= true;
}

function copyRemovals(pod: DebugPod, keep: KeepFlags): void {
  if (!keep.labels) delete pod.metadata?.labels;
  if (!keep.annotations) delete pod.metadata?.annotations;
  for (const c of pod.spec.containers) {
    if (!keep.liveness) delete c.livenessProbe;
    if (!keep.readiness) delete c.readinessProbe;
    if (!keep.startup) delete c.startupProbe;
  }
  if (!keep.initContainers) delete pod.spec.initContainers;
}

/** The profile's Apply: changes `pod` (and its container `name`) in place. */
export function applyProfile(
  profile: string,
  keep: KeepFlags,
  style: DebugStyle,
  pod: DebugPod,
  name: string,
): void {
  const c = debugContainer(pod, name);
  const each = (f: (c: Container) => void) => c && f(c);
  switch (profile) {
    case "legacy":
      if (style === "node") {
        mountRootPartition(pod, name);
        useHostNamespaces(pod);
      } else if (style === "podCopy")
        copyRemovals(pod, {
          ...keep,
          annotations: true,
          liveness: true,
          readiness: true,
          startup: true,
          initContainers: true,
          labels: false,
        });
      return;
    case "general":
      if (style === "node") {
        mountRootPartition(pod, name);
        each((x) => delete x.securityContext);
        useHostNamespaces(pod);
      } else {
        if (style === "podCopy") copyRemovals(pod, keep);
        each((x) => addCapability(x, "SYS_PTRACE"));
        if (style === "podCopy") shareProcessNamespace(pod);
      }
      return;
    case "baseline":
    case "restricted":
      each((x) => delete x.securityContext);
      if (profile === "restricted")
        each((x) => {
          const sc = security(x);
          sc.runAsNonRoot = true;
          sc.capabilities = { drop: ["ALL"] };
          sc.allowPrivilegeEscalation = false;
          sc.seccompProfile = { type: "RuntimeDefault" };
        });
      break;
    case "netadmin":
      each((x) => {
        addCapability(x, "NET_ADMIN");
        addCapability(x, "NET_RAW");
      });
      if (style === "node") useHostNamespaces(pod);
      break;
    case "sysadmin":
      each((x) => {
        security(x).privileged = true;
      });
      if (style === "node") {
        useHostNamespaces(pod);
        mountRootPartition(pod, name);
      }
      break;
  }
  if (style === "podCopy") {
    copyRemovals(pod, keep);
    shareProcessNamespace(pod);
  }
}
