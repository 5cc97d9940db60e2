// kubectl describe cronjob (describeCronJob, v1.32): the schedule and its policies, the job
// template (describeJobTemplate), the last schedule time (RFC 1123Z), the active jobs' names.
import type { KObject } from "../../api/types.js";
import { describePodTemplate } from "./containers.js";
import { type Any, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { formatLabelSelector } from "./selector.js";
import { LEVEL_0, tabbedString } from "./writer.js";

/** time.RFC1123Z of a UTC timestamp. */
function rfc1123z(ts: string): string {
  const d = new Date(ts);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
    d.getUTCMonth()
  ];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const orUnset = (v: unknown, suffix = "") => (v === undefined || v === null ? "<unset>" : `${v}${suffix}`);

export function describeCronJob(cj: KObject, events: KObject[], now: number): string {
  const spec: Any = cj.spec ?? {};
  const status: Any = cj.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cj.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ""}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ""}\n`);
    w.write(
      LEVEL_0,
      `Suspend:\t${spec.suspend === undefined ? "<unset>" : spec.suspend ? "True" : "False"}\n`,
    );
    w.write(LEVEL_0, `Successful Job History Limit:\t${orUnset(spec.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${orUnset(spec.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${orUnset(spec.startingDeadlineSeconds, "s")}\n`);
    // describeJobTemplate
    const jobSpec: Any = spec.jobTemplate?.spec ?? {};
    w.write(LEVEL_0, `Selector:\t${jobSpec.selector ? formatLabelSelector(jobSpec.selector) : "<unset>"}\n`);
    w.write(LEVEL_0, `Parallelism:\t${orUnset(jobSpec.parallelism)}\n`);
    w.write(LEVEL_0, `Completions:\t${orUnset(jobSpec.completions)}\n`);
    if (jobSpec.activeDeadlineSeconds !== undefined)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${jobSpec.activeDeadlineSeconds}s\n`);
    describePodTemplate(jobSpec.template ?? {}, w);
    const last = status.lastScheduleTime;
    w.write(LEVEL_0, `Last Schedule Time:\t${last ? rfc1123z(last) : "<unset>"}\n`);
    const active: Any[] = status.active ?? [];
    w.write(LEVEL_0, `Active Jobs:\t${active.length ? active.map((j) => j.name).join(", ") : "<none>"}\n`);
    describeEvents(events, w, now);
  });
}
