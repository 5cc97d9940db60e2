// kubesim's own word, on stderr, that a container runs an image kubesim has no model of: the
// container runs as a stand-in (a generic HTTP answer on its declared ports). A real cluster
// records no event for it, so it is said here, beside kubectl's output and never inside it:
// when apply, create, run or set image write such a pod or pod template, and under describe.
import type { PodSpec } from "kubernetes-types/core/v1";
import type { KObject } from "../../api/types.js";
import { isOf, PODS } from "../../apiserver/resources.js";
import { isGuessedImage } from "../../images/index.js";

/** The pod spec an object carries: a Pod's own, a workload's template, a CronJob's job's. */
function podSpecOf(obj: KObject): PodSpec | undefined {
  if (isOf(obj, PODS)) return obj.spec;
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
  return obj.spec?.template?.spec;
}

/** The images of these objects' containers that kubesim runs as stand-ins, each once, in order. */
export function guessedImages(objs: KObject[]): string[] {
  const out = new Set<string>();
  for (const obj of objs) {
    const spec = podSpecOf(obj);
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])])
      if (c.image && isGuessedImage(c.image)) out.add(c.image);
  }
  return [...out];
}

/** The note for each such image, one line each. */
export function guessedImageNotes(objs: KObject[]): string {
  return guessedImages(objs)
    .map(
      (image) =>
        `kubesim: image "${image}" is not one kubesim models: its containers run a stand-in that answers HTTP on their declared containerPorts with a generic page\n`,
    )
    .join("");
}
