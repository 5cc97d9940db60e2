// The get columns of the batch kinds (printJob, printCronJob in pkg/printers/internalversion,
// v1.32).
import type { Job } from "../../api/types.js";
import { formatLabelSelector } from "../../apiserver/labels.js";
import { CRONJOBS, JOBS } from "../../apiserver/resources.js";
import { age, humanDuration } from "../age.js";
import { ageCol, containersAndImages, type TableDef, table } from "./def.js";

/** The STATUS column of `get jobs` (printJob): the first of these conditions that holds. */
function jobStatus(j: Job): string {
  const has = (t: string) => (j.status?.conditions ?? []).some((c) => c.type === t && c.status === "True");
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (j.metadata.deletionTimestamp) return "Terminating";
  if (has("Suspended")) return "Suspended";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

export const BATCH_TABLES: Record<string, TableDef> = {
  Job: table(JOBS, {
    columns: [
      { name: "NAME" },
      { name: "STATUS" },
      { name: "COMPLETIONS" },
      { name: "DURATION" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
      { name: "SELECTOR", wide: true },
    ],
    row: (j, ctx) => {
      const st = j.status ?? {};
      const done = st.succeeded ?? 0;
      const spec = j.spec;
      const completions =
        spec.completions !== undefined
          ? `${done}/${spec.completions}`
          : (spec.parallelism ?? 1) > 1
            ? `${done}/1 of ${spec.parallelism}`
            : `${done}/1`;
      const start = st.startTime ? Date.parse(st.startTime) : undefined;
      const duration =
        start === undefined
          ? ""
          : humanDuration((st.completionTime ? Date.parse(st.completionTime) : ctx.nowMs) - start);
      return [
        j.metadata.name,
        jobStatus(j),
        completions,
        duration,
        ageCol(j, ctx),
        ...containersAndImages(spec.template),
        formatLabelSelector(spec.selector),
      ];
    },
  }),
  // printCronJob: SUSPEND is printBoolPtr, LAST SCHEDULE the age of status.lastScheduleTime.
  CronJob: table(CRONJOBS, {
    columns: [
      { name: "NAME" },
      { name: "SCHEDULE" },
      { name: "TIMEZONE" },
      { name: "SUSPEND" },
      { name: "ACTIVE" },
      { name: "LAST SCHEDULE" },
      { name: "AGE" },
      { name: "CONTAINERS", wide: true },
      { name: "IMAGES", wide: true },
      { name: "SELECTOR", wide: true },
    ],
    row: (cj, ctx) => {
      const spec = cj.spec ?? { jobTemplate: {}, schedule: "" };
      const last = cj.status?.lastScheduleTime;
      return [
        cj.metadata.name,
        spec.schedule,
        spec.timeZone ?? "<none>",
        spec.suspend === undefined ? "<unset>" : spec.suspend ? "True" : "False",
        String(cj.status?.active?.length ?? 0),
        last ? age(last, ctx.nowMs) : "<none>",
        ageCol(cj, ctx),
        ...containersAndImages(spec.jobTemplate.spec?.template),
        formatLabelSelector(spec.jobTemplate.spec?.selector),
      ];
    },
  }),
};
