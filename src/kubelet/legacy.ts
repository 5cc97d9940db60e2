// A state written before the kubelet's records had buckets keeps them in meta.json: the
// container runtimes, the pod IP index and the nodes' images move to their buckets as the
// state loads, and are written with the next change (a read-only command writes nothing).
import type { KubeletContext } from "./context.js";
import { moveLegacyImages } from "./nodeimages.js";
import { moveLegacyPodIPs } from "./podips.js";
import { moveLegacyRuntime } from "./runtime.js";

export function moveLegacyRecords(c: KubeletContext): void {
  moveLegacyRuntime(c);
  moveLegacyPodIPs(c);
  moveLegacyImages(c);
}
