// The get columns of a HorizontalPodAutoscaler (printHorizontalPodAutoscaler and
// formatHPAMetrics in pkg/printers/internalversion, v1.32): each metric as `current/target`
// with its resource named (`cpu: <unknown>/50%` until the controller has a measurement),
// at most two of them, then `+ N more...`.
import type { MetricSpec, MetricStatus } from "kubernetes-types/autoscaling/v2";
import { HPAS } from "../../apiserver/resources.js";
import { quantityString } from "../../golang/quantity.js";
import { ageCol, type TableDef, table } from "./def.js";

/** Quantity.String(), passing `<unknown>` through. */
const q = (v: unknown): string => (v === "<unknown>" ? v : quantityString(v));

function formatOne(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case "External": {
      const t = spec.external?.target;
      if (t?.averageValue !== undefined)
        return `${q(status?.external?.current.averageValue ?? "<unknown>")}/${q(t.averageValue)} (avg)`;
      return `${status?.external ? q(status.external.current.value) : "<unknown>"}/${q(t?.value)}`;
    }
    case "Pods":
      return `${status?.pods ? q(status.pods.current.averageValue) : "<unknown>"}/${q(spec.pods?.target.averageValue)}`;
    case "Object": {
      const t = spec.object?.target;
      if (t?.averageValue !== undefined)
        return `${q(status?.object?.current.averageValue ?? "<unknown>")}/${q(t.averageValue)} (avg)`;
      return `${status?.object ? q(status.object.current.value) : "<unknown>"}/${q(t?.value)}`;
    }
    case "Resource":
    case "ContainerResource": {
      const src = spec.type === "Resource" ? spec.resource : spec.containerResource;
      const cur = spec.type === "Resource" ? status?.resource : status?.containerResource;
      const name = src?.name ?? "";
      if (src?.target.averageValue !== undefined)
        return `${name}: ${cur ? q(cur.current.averageValue) : "<unknown>"}/${q(src.target.averageValue)}`;
      const u = cur?.current.averageUtilization;
      const target = src?.target.averageUtilization;
      return `${name}: ${u !== undefined ? `${u}%` : "<unknown>"}/${target !== undefined ? `${target}%` : "<auto>"}`;
    }
    default:
      return "<unknown type>";
  }
}

export function formatHpaMetrics(
  specs: MetricSpec[] | undefined,
  statuses: MetricStatus[] | null | undefined,
): string {
  if (!specs?.length) return "<none>";
  const list = specs.map((s, i) => formatOne(s, statuses?.[i]));
  if (list.length > 2) return `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...`;
  return list.join(", ");
}

export const AUTOSCALING_TABLES: Record<string, TableDef> = {
  HorizontalPodAutoscaler: table(HPAS, {
    columns: [
      { name: "NAME" },
      { name: "REFERENCE" },
      { name: "TARGETS" },
      { name: "MINPODS" },
      { name: "MAXPODS" },
      { name: "REPLICAS" },
      { name: "AGE" },
    ],
    row: (h, ctx) => [
      h.metadata.name,
      `${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`,
      formatHpaMetrics(h.spec.metrics, h.status?.currentMetrics),
      h.spec.minReplicas !== undefined ? String(h.spec.minReplicas) : "<unset>",
      String(h.spec.maxReplicas),
      String(h.status?.currentReplicas ?? 0),
      ageCol(h, ctx),
    ],
  }),
};
