// kubectl describe hpa (describeHorizontalPodAutoscalerV2 in kubectl v1.32): each metric as
// `current / target` (a utilization with the average value behind it), the replica bounds,
// the behavior when one is set, the target's pods, the controller's conditions and events.
import type { KObject } from "../../api/types.js";
import { quantityString } from "../../golang/quantity.js";
import {
  type Any,
  describeEvents,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter, tabbedString } from "./writer.js";

function printRules(w: PrefixWriter, direction: string, rules: Any | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined)
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  const policies: Any[] = rules.policies ?? [];
  if (!policies.length) return;
  w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? "Max"}\n`);
  w.write(LEVEL_2, "Policies:\n");
  for (const p of policies)
    w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
}

/** One resource metric's lines: `resource cpu on pods  (as a percentage of request):  …`. */
function printResourceMetric(w: PrefixWriter, src: Any, cur: Any | undefined, head: string): void {
  w.write(LEVEL_1, head);
  if (src.target?.averageValue !== undefined) {
    const current = cur ? quantityString(cur.current?.averageValue) : "<unknown>";
    w.write(LEVEL_0, `:\t${current} / ${quantityString(src.target.averageValue)}\n`);
    return;
  }
  const u = cur?.current?.averageUtilization;
  const current = u !== undefined ? `${u}% (${quantityString(cur.current.averageValue)})` : "<unknown>";
  const target =
    src.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
  w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
}

export function describeHpa(hpa: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    const spec = hpa.spec ?? {};
    const status = hpa.status ?? {};
    const ref = spec.scaleTargetRef ?? {};
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", hpa.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${ref.kind ?? ""}/${ref.name ?? ""}\n`);
    w.write(LEVEL_0, "Metrics:\t( current / target )\n");
    const statuses: Any[] = status.currentMetrics ?? [];
    (spec.metrics ?? []).forEach((m: Any, i: number) => {
      if (m.type === "Resource" && m.resource)
        printResourceMetric(w, m.resource, statuses[i]?.resource, `resource ${m.resource.name} on pods`);
      else if (m.type === "ContainerResource" && m.containerResource)
        printResourceMetric(
          w,
          m.containerResource,
          statuses[i]?.containerResource,
          `resource ${m.containerResource.name} of container "${m.containerResource.container}" on pods`,
        );
      else w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(m.type ?? "")}>\n`);
    });
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? "<unset>"}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, "Behavior:\n");
      printRules(w, "Scale Up", spec.behavior.scaleUp);
      printRules(w, "Scale Down", spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${ref.kind ?? ""} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    const conditions: Any[] = status.conditions ?? [];
    if (conditions.length) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------\t-------\n");
      for (const c of conditions)
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    describeEvents(events, w, now);
  });
}
