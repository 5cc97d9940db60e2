// kubectl describe namespace (describeNamespace, DescribeResourceQuotas, DescribeLimitRanges):
// the namespace's quotas (by name) with their used and hard amounts, then its LimitRanges'
// rows, or kubectl's fixed sentences when there are none.
import type { KObject } from "../../api/types.js";
import {
  type Any,
  byteCompare,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { LIMIT_HEADER, LIMIT_RULE, quotaRows, SCOPE_HELP, writeLimitRangeItems } from "./policy.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./writer.js";

export function describeNamespace(ns: KObject, quotas: KObject[], limits: KObject[]): string {
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
    if (!quotas.length) w.write(LEVEL_0, "No resource quota.\n");
    else {
      w.write(LEVEL_0, "Resource Quotas\n");
      for (const q of [...quotas].sort((a, b) => byteCompare(a.metadata.name ?? "", b.metadata.name ?? ""))) {
        w.write(LEVEL_0, `  Name:\t${q.metadata.name ?? ""}\n`);
        const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byteCompare);
        if (scopes.length) {
          w.write(LEVEL_0, `  Scopes:\t${scopes.join(", ")}\n`);
          for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_0, `  * ${SCOPE_HELP[s]}\n`);
        }
        w.write(LEVEL_0, "  Resource\tUsed\tHard\n");
        w.write(LEVEL_0, "  --------\t---\t---\n");
        for (const [r, used, hard] of quotaRows(q)) w.write(LEVEL_0, `  ${r}\t${used}\t${hard}\n`);
      }
    }
    w.write(LEVEL_0, "\n");
    if (!limits.length) w.write(LEVEL_0, "No LimitRange resource.\n");
    else {
      w.write(LEVEL_0, `Resource Limits\n ${LIMIT_HEADER}`);
      w.write(LEVEL_0, ` ${LIMIT_RULE}`);
      for (const lr of limits) writeLimitRangeItems(w, LEVEL_0, lr, " ");
    }
  });
}
