// The kubelet's section of the persisted cluster state: its plan for each pod and the images
// each node has pulled. What grows with the pods lives in record buckets (apiserver/storage.ts),
// read per key through runtime.ts, podips.ts and volumerecords.ts; the fields that held it in
// older states are moved out when such a state loads (kubelet.ts).
import type { ContainerState } from "./runtime.js";
import type { PodSim } from "./timeline.js";
import type { VolumeState } from "./volumerecords.js";

export interface KubeletState {
  /** The kubelet's plan for each pod on a node, keyed by pod uid. */
  pods: Record<string, PodSim>;
  /**
   * Empty: the containers' runtime records are in the containerruntime bucket (runtime.ts);
   * states written before it kept them here, by pod uid/name.
   */
  runtime: Record<string, ContainerState>;
  /** Canonical image references each node has pulled. */
  images: Record<string, string[]>;
  /**
   * Present (empty) when the pod IP index is kept: its entries (IP -> "namespace/name") are in
   * the podips bucket (podips.ts); states written before it kept them here.
   */
  podIPs?: Record<string, string>;
  /**
   * The pods that last held addresses now free (ip -> who and when, the latest 256), so a
   * trace to an old IP can name the pod that had it and the one that replaced it.
   */
  formerPodIPs?: Record<string, { pod: string; owner?: string; gone: number }>;
  /**
   * What stays small of the kubelet's copies of the pods' configMap, secret, downwardAPI and
   * projected volumes: the copies themselves are in buckets (volumerecords.ts).
   */
  volumes?: VolumeState;
  /** Running scripted containers have a process (mainprocess.ts adoptRunning ran). */
  processes?: true;
}
