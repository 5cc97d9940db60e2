// Which container of a pod a command means (logs, exec, attach): kubectl's -c, the
// default-container annotation, or the first, with kubectl's notice when it chose.
import type { Pod } from "../../api/types.js";
import type { Ctx } from "../cli.js";
import { CliError } from "../io.js";

/**
 * Every container's name as kubectl's podcmd.AllContainerNames lists them: the app
 * containers, then the ephemeral ones, then the init ones.
 */
function allContainerNames(pod: Pod): string {
  return [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(", ");
}

/** kubectl's notice when it picks the first container of several. */
export function defaultedNotice(pod: Pod): string {
  return `Defaulted container "${pod.spec.containers[0].name}" out of: ${allContainerNames(pod)}\n`;
}

/** Whether the pod has a container of that name, of any kind (podcmd.FindContainerByName). */
function hasContainer(pod: Pod, name: string): boolean {
  return [
    ...pod.spec.containers,
    ...(pod.spec.initContainers ?? []),
    ...(pod.spec.ephemeralContainers ?? []),
  ].some((c) => c.name === name);
}

/**
 * What kubectl says of a -c naming no container of the pod: logs checks it itself
 * (logsforobject.go), attach through podcmd.FindOrDefaultContainerByName, wrapped in
 * "cannot attach to the container" (attach.go); exec leaves it to the kubelet.
 */
const NOT_A_CONTAINER: Record<"logs" | "attach", (container: string, pod: string) => string> = {
  logs: (c, p) => `error: container ${c} is not valid for pod ${p}`,
  attach: (c, p) => `error: cannot attach to the container: container ${c} not found in pod ${p}`,
};

/**
 * Picks the container as kubectl does: -c (any of the pod's containers, init and ephemeral
 * ones too), else the default-container annotation, else the first, with the notice when
 * the pod has others.
 */
export function pickContainer(
  ctx: Ctx,
  pod: Pod,
  requested: string | undefined,
  // exec checks -c itself first, as the kubelet answers it (exec.ts).
  verb: "logs" | "attach" = "logs",
): string {
  if (requested) {
    if (!hasContainer(pod, requested))
      throw new CliError(NOT_A_CONTAINER[verb](requested, pod.metadata.name));
    return requested;
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated) return annotated;
  if (
    pod.spec.containers.length > 1 ||
    (pod.spec.initContainers ?? []).length ||
    (pod.spec.ephemeralContainers ?? []).length
  )
    ctx.io.err(defaultedNotice(pod));
  return pod.spec.containers[0].name;
}
