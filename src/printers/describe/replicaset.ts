// kubectl describe replicaset (describeReplicaSet). Pod counts follow getPodStatusForController:
// pods matching the selector whose controller reference is this ReplicaSet.
import type { KObject } from "../../api/types.js";
import { describePodTemplate } from "./containers.js";
import {
  type Any,
  controllerOf,
  controllerUid,
  describeEvents,
  describeReplicaConditions,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { formatLabelSelector, selectorMatches } from "./selector.js";
import { LEVEL_0, tabbedString } from "./writer.js";

export function describeReplicaSet(rs: KObject, related: KObject[], events: KObject[], now: number): string {
  const spec: Any = rs.spec ?? {};
  const status: Any = rs.status ?? {};
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const pod of related) {
    if (pod.metadata.namespace !== rs.metadata.namespace) continue;
    if (!selectorMatches(spec.selector, pod.metadata.labels)) continue;
    if (rs.metadata.uid === undefined || controllerUid(pod) !== rs.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (Object.hasOwn(counts, phase)) counts[phase]++;
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
    const controlledBy = controllerOf(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${status.replicas ?? 0} current / ${spec.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, "Pods Status:\t");
    const c = counts;
    w.write(
      LEVEL_0,
      `${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed\n`,
    );
    describePodTemplate(spec.template, w);
    describeReplicaConditions(status.conditions, w);
    describeEvents(events, w, now);
  });
}
