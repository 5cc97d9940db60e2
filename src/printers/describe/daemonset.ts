// kubectl describe daemonset (describeDaemonSet): the node counts from the status, the pods'
// phases counted as getPodStatusForController counts them (pods matching the selector whose
// controller reference is this DaemonSet), the pod template and the events.
import type { KObject } from "../../api/types.js";
import { formatLabels } from "../../apiserver/labels.js";
import { describePodTemplate } from "./containers.js";
import {
  type Any,
  controllerUid,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { formatLabelSelector, selectorMatches } from "./selector.js";
import { LEVEL_0, tabbedString } from "./writer.js";

export function describeDaemonSet(ds: KObject, related: KObject[], events: KObject[], now: number): string {
  const spec: Any = ds.spec ?? {};
  const status: Any = ds.status ?? {};
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const pod of related) {
    if (pod.metadata.namespace !== ds.metadata.namespace) continue;
    if (!selectorMatches(spec.selector, pod.metadata.labels)) continue;
    if (ds.metadata.uid === undefined || controllerUid(pod) !== ds.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (Object.hasOwn(counts, phase)) counts[phase]++;
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(
      LEVEL_0,
      `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`,
    );
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    const c = counts;
    w.write(
      LEVEL_0,
      `Pods Status:\t${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed\n`,
    );
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}
