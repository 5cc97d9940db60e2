// The container runtime's view of a running container: which image model runs, what its
// process is for the container's command/args, and what the container has accumulated
// (files written in exec sessions, packages installed, lines logged by served requests).
// That state lives in the cluster state, keyed by pod uid and container name, and goes
// with the pod: a replaced pod starts from its image again.
import type { Container } from "kubernetes-types/core/v1";
import { type Pod, type PodLike, podOf } from "../api/types.js";
import { guessedModel, imageModel } from "../images/index.js";
import type { ContainerProcess, ImageModel } from "../images/types.js";
import type { KubeletContext } from "./context.js";
import { expandCommand } from "./envfrom.js";
import type { MainProcessState } from "./mainprocess.js";

export interface ContainerState {
  /** The container's file tree changed and is saved in the containerfs bucket (kubelet/fs.ts). */
  fsSaved?: boolean;
  /** Where states written before the containerfs bucket kept the tree; moved out on the next save. */
  fs?: unknown;
  /** Commands added by apt/apk installs. */
  installed?: string[];
  /** How many Services had been created when the container started (its Service variables). */
  serviceSeq?: number;
  /** The variables taken from ConfigMaps and Secrets when the container started: they never change after. */
  apiEnv?: Record<string, string>;
  /** `apt update` ran: the package lists are there. */
  aptUpdated?: boolean;
  /** A scripted main process: where it is (mainprocess.ts). */
  main?: MainProcessState;
  /** Lines the container printed besides its periodic loop output, in order. */
  log?: { at: number; line: string }[];
}

export function containerKey(pod: PodLike, container: string): string {
  return `${pod.metadata.uid}/${container}`;
}

/** The container's runtime state, created empty for a writer (the kubelet, commitEffects). */
export function runtimeState(c: KubeletContext, pod: PodLike, container: string): ContainerState {
  return runtimeEntry(c, containerKey(pod, container));
}

export function runtimeEntry(c: KubeletContext, key: string): ContainerState {
  let s = c.state.runtime[key];
  if (!s) {
    s = {};
    c.state.runtime[key] = s;
  }
  return s;
}

/** The container's runtime state for a reader: nothing is created. */
export function runtimeOf(c: KubeletContext, pod: PodLike, container: string): Readonly<ContainerState> {
  return c.state.runtime[containerKey(pod, container)] ?? {};
}

export function modelOf(image: string): ImageModel {
  return imageModel(image) ?? guessedModel(image);
}

export function containerSpec(pod: Pod, name: string): Container | undefined;
/** Untyped callers (src/kubectl) get the container as untyped as their pod. */
// biome-ignore lint/suspicious/noExplicitAny: the compatible overload for untyped callers, until src/kubectl is typed.
export function containerSpec(pod: PodLike, name: string): any;
export function containerSpec(pod: PodLike, name: string): Container | undefined {
  const spec = podOf(pod).spec;
  // An ephemeral container (kubectl debug) has a container's fields and its own file tree.
  return (spec.containers ?? []).find((c) => c.name === name) ?? ephemeralSpec(pod, name);
}

export function ephemeralSpec(pod: PodLike, name: string): Container | undefined {
  return (podOf(pod).spec.ephemeralContainers ?? []).find((c) => c.name === name);
}

export function envOf(ctr: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of ctr.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

/**
 * The model of what runs, by everything it depends on. Servers answer and scripts run many
 * times per command (a client loop's every request asks its server's model): reading the
 * command again each time was a third of a loop turn's cost.
 */
const processes = new Map<string, ContainerProcess>();

export function processOf(pod: PodLike, ctr: Container): ContainerProcess {
  const spec = {
    podName: podOf(pod).metadata.name,
    ...expandCommand(podOf(pod), ctr),
    env: envOf(ctr),
    ports: ctr.ports ?? [],
    stdin: ctr.stdin === true,
  };
  const key = JSON.stringify([ctr.image ?? "", spec]);
  let p = processes.get(key);
  if (!p) {
    // An image-less container fails validation; "" is the guessed model of nothing.
    p = modelOf(ctr.image ?? "").process(spec);
    if (processes.size >= 512) processes.clear();
    processes.set(key, p);
  }
  return p;
}

/** Whether the kubelet reports the container running now. */
export function isRunning(pod: PodLike, container: string): boolean {
  const st = podOf(pod).status;
  const s = [...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])].find(
    (x) => x.name === container,
  );
  return !!s?.state?.running;
}
