// kubectl describe namespace (describeNamespace). kubesim has no ResourceQuota or LimitRange
// objects, so both lists are empty, which kubectl reports with fixed sentences.
import type { KObject } from "../../api/types.js";
import { type Any, formatTime, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.js";

export function describeNamespace(ns: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions: Any[] = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        const when = formatTime(c.lastTransitionTime);
        w.write(
          LEVEL_1,
          `${c.type ?? ""}\t${c.status ?? ""}\t${when}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
  });
}
