// The aggregator's availability check of the APIServices (kube-aggregator's
// AvailableConditionController): a Local one is always Available; one backed by a Service
// is Available once that Service's Endpoints have a ready address on the Service port's
// name. metrics.k8s.io answers only while its APIService is Available.
import type { APIService } from "../../api/types.js";
import { APISERVICES, ENDPOINTS, SERVICES } from "../../apiserver/resources.js";
import type { ApiServer } from "../../apiserver/server.js";
import { rfc3339 } from "../../golang/time.js";
import type { ControllerContext } from "../context.js";
import { putIfChanged } from "../status.js";

type Verdict = [status: string, reason: string, message: string];

function check(api: ApiServer, a: APIService): Verdict {
  const ref = a.spec?.service;
  if (!ref) return ["True", "Local", "Local APIServices are always available"];
  const where = `service/${ref.name} in "${ref.namespace}"`;
  const svc = api.get(SERVICES, ref.namespace, ref.name ?? "");
  if (!svc) return ["False", "ServiceNotFound", `${where} is not present`];
  const port = svc.spec.ports?.find((p) => p.port === (ref.port ?? 443));
  if (!port) return ["False", "ServicePortError", `${where} is not listening on port ${ref.port ?? 443}`];
  const ep = api.get(ENDPOINTS, ref.namespace, ref.name ?? "");
  const ready = (ep?.subsets ?? []).some(
    (s) =>
      (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => (p.name ?? "") === (port.name ?? "")),
  );
  if (!ready)
    return [
      "False",
      "MissingEndpoints",
      `endpoints for ${where} have no addresses with port name "${port.name ?? ""}"`,
    ];
  return ["True", "Passed", "all checks passed"];
}

export function syncApiServices(c: ControllerContext): boolean {
  let changed = false;
  const now = rfc3339(c.clock.now());
  for (const a of c.api.all(APISERVICES)) {
    const [status, reason, message] = check(c.api, a);
    const old = a.status?.conditions?.find((x) => x.type === "Available");
    const cond = {
      type: "Available",
      status,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
      reason,
      message,
    };
    changed = putIfChanged(c, a, { conditions: [cond] }) || changed;
  }
  return changed;
}

/** Whether metrics.k8s.io is served: its APIService is Available. */
export function metricsApiAvailable(api: ApiServer): boolean {
  const a = api.get(APISERVICES, undefined, "v1beta1.metrics.k8s.io");
  return !!a?.status?.conditions?.some((x) => x.type === "Available" && x.status === "True");
}
