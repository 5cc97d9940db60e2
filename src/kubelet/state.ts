// The kubelet's section of the persisted cluster state: its plan for each pod, each
// container's runtime record, the images each node has pulled and the pod IP index that
// lets the data plane find a pod without a scan.
import type { ContainerState } from "./runtime.js";
import type { PodSim } from "./timeline.js";
import type { VolumeState } from "./volumerecords.js";

export interface KubeletState {
  /** The kubelet's plan for each pod on a node, keyed by pod uid. */
  pods: Record<string, PodSim>;
  /** Per container (pod uid/name): files, installed packages and log lines (runtime.ts). */
  runtime: Record<string, ContainerState>;
  /** Canonical image references each node has pulled. */
  images: Record<string, string[]>;
  /** Pod IP -> "namespace/name". */
  podIPs?: Record<string, string>;
  /**
   * The pods that last held addresses now free (ip -> who and when, the latest 256), so a
   * trace to an old IP can name the pod that had it and the one that replaced it.
   */
  formerPodIPs?: Record<string, { pod: string; owner?: string; gone: number }>;
  /** The kubelet's copies of the pods' configMap, secret, downwardAPI and projected volumes. */
  volumes?: VolumeState;
  /** Running scripted containers have a process (mainprocess.ts adoptRunning ran). */
  processes?: true;
}
