// Which container of a pod a command means (logs, exec, attach): kubectl's -c, the
// default-container annotation, or the first, with kubectl's notice when it chose.
import type { Pod } from "../../api/types.js";
import type { Ctx } from "../cli.js";
import { CliError } from "../io.js";

/** kubectl's notice when it picks the first container of several. */
export function defaultedNotice(pod: Pod): string {
  const names = [
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...pod.spec.containers.map((c) => c.name),
  ];
  return `Defaulted container "${pod.spec.containers[0].name}" out of: ${names.join(", ")}\n`;
}

/** Picks the container as kubectl does: -c, else the default-container annotation, else the first. */
export function pickContainer(ctx: Ctx, pod: Pod, requested: string | undefined): string {
  if (requested) {
    const names = [...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].map((c) => c.name);
    if (!names.includes(requested)) {
      throw new CliError(`error: container ${requested} is not valid for pod ${pod.metadata.name}`);
    }
    return requested;
  }
  const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
  if (annotated) return annotated;
  if (pod.spec.containers.length > 1 || (pod.spec.initContainers ?? []).length)
    ctx.io.err(defaultedNotice(pod));
  return pod.spec.containers[0].name;
}
