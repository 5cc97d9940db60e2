// The DefaultIngressClass admission plugin: an Ingress created without a class (neither
// spec.ingressClassName nor the legacy annotation) gets the class marked default. When
// several are marked, the newest wins, as in v1.32.

import type { IngressClass, KObject } from "../api/types.js";
import { compareKeys } from "../golang/sort.js";
import { INGRESSCLASSES } from "./resources.js";
import type { ApiServer } from "./server.js";

export const IS_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";

export function isDefaultIngressClass(ic: IngressClass): boolean {
  return ic.metadata.annotations?.[IS_DEFAULT_INGRESS_CLASS] === "true";
}

export function admitIngress(api: ApiServer, obj: KObject): void {
  if (obj.apiVersion !== "networking.k8s.io/v1" || obj.kind !== "Ingress") return;
  const spec = obj.spec ?? {};
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) return;
  if (obj.metadata.annotations?.["kubernetes.io/ingress.class"] !== undefined) return;
  const marked = api.list(INGRESSCLASSES).filter(isDefaultIngressClass);
  marked.sort(
    (a, b) =>
      compareKeys(b.metadata.creationTimestamp ?? "", a.metadata.creationTimestamp ?? "") ||
      compareKeys(a.metadata.name, b.metadata.name),
  );
  if (marked[0]) obj.spec = { ...spec, ingressClassName: marked[0].metadata.name };
}
