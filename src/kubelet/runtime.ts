// The container runtime's view of a running container: which image model runs, what its
// process is for the container's command/args, and what the container has accumulated
// (files written in exec sessions, packages installed, lines logged by served requests).
// That state lives in its own bucket, keyed by pod uid and container name, and goes with the
// pod: a replaced pod starts from its image again.
import type { Container } from "kubernetes-types/core/v1";
import { type KObject, type Pod, type PodLike, podOf } from "../api/types.js";
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

/**
 * The records live in their own bucket (apiserver/storage.ts: containerruntime, a pod's
 * containers in one shard), not in meta.json, which every command reads and rewrites.
 */
const RUNTIME_BUCKET = "containerruntime";

function bucket(c: KubeletContext) {
  return c.api.objects.bucket(RUNTIME_BUCKET);
}

/** The container's runtime state, created empty for a writer (the kubelet, commitEffects). */
export function runtimeState(c: KubeletContext, pod: PodLike, container: string): ContainerState {
  return runtimeEntry(c, containerKey(pod, container));
}

/**
 * The record for a writer, created empty if missing. Writers change it in place, so it is set
 * back at once: that marks its shard as one the commit rewrites.
 */
export function runtimeEntry(c: KubeletContext, key: string): ContainerState {
  const s = (bucket(c).get(key) as ContainerState | undefined) ?? {};
  bucket(c).set(key, s as unknown as KObject);
  return s;
}

/** The record for a writer that changes only an existing one (nothing is created). */
export function runtimeForUpdate(c: KubeletContext, key: string): ContainerState | undefined {
  const s = bucket(c).get(key) as ContainerState | undefined;
  if (s) bucket(c).set(key, s as unknown as KObject);
  return s;
}

/** The container's runtime state for a reader: nothing is created or marked. */
export function runtimeOf(c: KubeletContext, pod: PodLike, container: string): Readonly<ContainerState> {
  return runtimeAt(c, containerKey(pod, container)) ?? {};
}

/** The record of a container by key (pod uid/container), for a reader. */
export function runtimeAt(c: KubeletContext, key: string): Readonly<ContainerState> | undefined {
  return bucket(c).get(key) as ContainerState | undefined;
}

/** The keys of a pod's records: they share one shard, so this reads one file. */
export function podRuntimeKeys(c: KubeletContext, uid: string): string[] {
  const prefix = `${uid}/`;
  return bucket(c)
    .shardEntries(prefix)
    .map(([k]) => k)
    .filter((k) => k.startsWith(prefix));
}

/** Forgets a container's record. */
export function forgetRuntime(c: KubeletContext, key: string): void {
  bucket(c).delete(key);
}

/**
 * Moves the records a state written before the bucket kept in meta.json into the bucket, in
 * one pass as the cluster loads: the commit that writes the shards also writes the meta.json
 * without them, so nothing is lost if the command stops before it. A record already in the
 * bucket wins (none can be: the section is emptied by the same commit that fills the bucket).
 */
export function moveLegacyRuntime(c: KubeletContext): void {
  const legacy = c.state.runtime;
  const keys = Object.keys(legacy ?? {});
  if (!keys.length) return;
  const kept: Record<string, ContainerState> = {};
  for (const key of keys) {
    const s = legacy[key];
    // Only a record can be one (a hand-edited entry of another shape stays where it was).
    if (typeof s !== "object" || s === null || Array.isArray(s)) kept[key] = s;
    else if (!bucket(c).get(key)) bucket(c).set(key, s as unknown as KObject);
  }
  c.state.runtime = kept;
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
  // A variable without a source is set, empty when it has no value (`value: ""` is not stored).
  for (const e of ctr.env ?? []) if (e.value !== undefined || !e.valueFrom) env[e.name] = e.value ?? "";
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
