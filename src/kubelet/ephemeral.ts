// Ephemeral containers (kubectl debug): added to a running pod through the pods/ephemeralcontainers
// subresource, they are started by the kubelet at its next look, each once and never restarted.
// They share the pod's network namespace (localhost is the pod's) and, with a
// targetContainerName, that container's process namespace: the shell's `ps` shows it.
import type { Container, ContainerStatus } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { rfc3339 } from "../golang/time.js";
import { canonicalImage, imageInfo, parseImage, repoKey } from "../images/catalog.js";
import type { KubeletContext } from "./context.js";
import { nodeImages, setNodeImages } from "./nodeimages.js";
import { sha } from "./podstatus.js";
import { goDurationMs } from "./pulls.js";
import { processOf } from "./runtime.js";

/** Whether the pod (or its summary) has ephemeral containers the kubelet has not started. */
export function hasUnstartedEphemeral(pod: Pod): boolean {
  return (
    pod.status?.phase === "Running" &&
    (pod.spec.ephemeralContainers?.length ?? 0) > (pod.status?.ephemeralContainerStatuses?.length ?? 0)
  );
}

/** Starts the pod's new ephemeral containers at `t`; returns whether it wrote the pod. */
export function startEphemeralContainers(c: KubeletContext, pod: Pod, t: number): boolean {
  if (!hasUnstartedEphemeral(pod)) return false;
  const node = pod.spec.nodeName ?? "";
  const source = { component: "kubelet", host: node };
  const statuses: ContainerStatus[] = [...(pod.status?.ephemeralContainerStatuses ?? [])];
  const present = new Set(nodeImages(c, node));
  for (const ec of pod.spec.ephemeralContainers ?? []) {
    if (statuses.some((s) => s.name === ec.name)) continue;
    const image = ec.image ?? "";
    const fieldPath = `spec.ephemeralContainers{${ec.name}}`;
    const canonical = canonicalImage(image);
    if (ec.imagePullPolicy === "IfNotPresent" && present.has(canonical)) {
      c.recorder.recordEvent(
        pod,
        "Normal",
        "Pulled",
        `Container image "${image}" already present on machine`,
        source,
        fieldPath,
      );
    } else {
      const size = imageInfo(image)?.sizeBytes ?? 30000000;
      const d = goDurationMs(Math.round((size / 20000000) * 1000) + 400 + c.rng.int(1500));
      c.recorder.recordEvent(pod, "Normal", "Pulling", `Pulling image "${image}"`, source, fieldPath);
      c.recorder.recordEvent(
        pod,
        "Normal",
        "Pulled",
        `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${size} bytes.`,
        source,
        fieldPath,
      );
      present.add(canonical);
    }
    c.recorder.recordEvent(pod, "Normal", "Created", `Created container: ${ec.name}`, source, fieldPath);
    c.recorder.recordEvent(pod, "Normal", "Started", `Started container ${ec.name}`, source, fieldPath);
    const ref = parseImage(image);
    const containerID = `containerd://${c.rng.hex(64)}`;
    // A shell without stdin (debug without -i) ends at once, and is never restarted.
    const proc = processOf(pod, ec as Container);
    const exitCode = proc.exitCode ?? 0;
    statuses.push({
      containerID,
      image: canonical,
      imageID: `${ref.registry}/${ref.repo}@sha256:${sha(repoKey(ref) + ref.tag)}`,
      lastState: {},
      name: ec.name,
      ready: false,
      restartCount: 0,
      state: proc.exitsImmediately
        ? {
            terminated: {
              containerID,
              exitCode,
              finishedAt: rfc3339(t),
              reason: exitCode === 0 ? "Completed" : "Error",
              startedAt: rfc3339(t),
            },
          }
        : { running: { startedAt: rfc3339(t) } },
    });
  }
  setNodeImages(c, node, present);
  pod.status = { ...pod.status, ephemeralContainerStatuses: statuses };
  c.api.put(pod);
  return true;
}
