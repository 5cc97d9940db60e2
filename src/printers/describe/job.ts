// kubectl describe job (describeJob, v1.32): the spec's counts, the times, the pod counts
// from the job's status (kubectl reads no pods for a job), the template and the events.
import type { KObject } from "../../api/types.js";
import { humanDuration } from "../age.js";
import { describePodTemplate } from "./containers.js";
import {
  type Any,
  controllerOf,
  describeEvents,
  formatTime,
  parseTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { formatLabelSelector } from "./selector.js";
import { LEVEL_0, tabbedString } from "./writer.js";

export function describeJob(job: KObject, events: KObject[], now: number): string {
  const spec: Any = job.spec ?? {};
  const status: Any = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ""}\n`);
    if (spec.selector) w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", job.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", job.metadata.annotations);
    const controlledBy = controllerOf(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (spec.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${spec.completions ?? "<unset>"}\n`);
    if (spec.completionMode !== undefined) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined)
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatTime(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${formatTime(status.completionTime)}\n`);
    const start = parseTime(status.startTime);
    const end = parseTime(status.completionTime);
    if (start !== null && end !== null)
      w.write(LEVEL_0, `Duration:\t${humanDuration((end - start) / 1000)}\n`);
    if (spec.activeDeadlineSeconds !== undefined)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const active = status.active ?? 0;
    const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
    if (status.ready === undefined) w.write(LEVEL_0, `Pods Statuses:\t${active} Active / ${counts}\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${counts}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}
