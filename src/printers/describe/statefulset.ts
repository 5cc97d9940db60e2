// kubectl describe statefulset (describeStatefulSet, v1.32): the pod counts follow
// getPodStatusForController (pods matching the selector whose controller is this set), then
// the pod template and the volume claim templates.
import type { KObject } from "../../api/types.js";
import { quantityString } from "../../golang/quantity.js";
import { describePodTemplate } from "./containers.js";
import {
  type Any,
  controllerUid,
  describeEvents,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { formatLabelSelector, selectorMatches } from "./selector.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./writer.js";

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over the field. */
function claimClass(pvc: Any): string {
  const beta = pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? "";
}

function describeVolumeClaimTemplates(templates: Any[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "Volume Claims:\n");
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ""}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultiline(w, "Labels", pvc.metadata?.labels, "  ");
    printLabelsMultiline(w, "Annotations", pvc.metadata?.annotations, "  ");
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage === undefined ? "<default>" : quantityString(storage)}\n`);
    // %s of a []PersistentVolumeAccessMode.
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(" ")}]\n`);
  }
}

export function describeStatefulSet(
  sts: KObject,
  related: KObject[],
  events: KObject[],
  now: number,
): string {
  const spec: Any = sts.spec ?? {};
  const status: Any = sts.status ?? {};
  const counts: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of related) {
    if (pod.metadata.namespace !== sts.metadata.namespace) continue;
    if (!selectorMatches(spec.selector, pod.metadata.labels)) continue;
    if (sts.metadata.uid === undefined || controllerUid(pod) !== sts.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (Object.hasOwn(counts, phase)) counts[phase]++;
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sts.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(sts.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", sts.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${status.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ""}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
    }
    const c = counts;
    w.write(
      LEVEL_0,
      `Pods Status:\t${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed\n`,
    );
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    describeEvents(events, w, now);
  });
}
