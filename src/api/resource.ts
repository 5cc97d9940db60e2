// A container's resource values as the downward API reads them (k8s.io/kubernetes
// pkg/api/v1/resource ExtractContainerResourceValue): the request or limit named by a
// resourceFieldRef, divided by its divisor and rounded up. Shared by the kubelet, which puts
// the value in the container's environment, and describe, which prints it.
import type { Container, ResourceFieldSelector } from "kubernetes-types/core/v1";
import {
  isZero,
  type Quantity,
  quantityMilliValue,
  quantityOrZero,
  quantityValue,
} from "../golang/quantity.js";

/** The resources a resourceFieldRef may name, besides the hugepages-<size> ones. */
const NAMES = ["cpu", "memory", "ephemeral-storage"];

/** "limits.cpu" → ["limits", "cpu"]; undefined for a resource the downward API does not serve. */
export function resourceFieldParts(resource: string): ["limits" | "requests", string] | undefined {
  const m = /^(limits|requests)\.(.+)$/.exec(resource);
  if (!m || !(NAMES.includes(m[2]) || m[2].startsWith("hugepages-"))) return undefined;
  return [m[1] as "limits" | "requests", m[2]];
}

/** The value divided by the divisor (1 when unset or zero), rounded up; cpu counts in millicores. */
export function divideResource(name: string, value: Quantity, divisorText: unknown): string {
  const parsed = quantityOrZero(divisorText ?? "0");
  const divisor = isZero(parsed) ? quantityOrZero("1") : parsed;
  const [num, den] =
    name === "cpu"
      ? [quantityMilliValue(value), quantityMilliValue(divisor)]
      : [quantityValue(value), quantityValue(divisor)];
  return String(Math.ceil(Number(num) / Number(den)));
}

/** ExtractContainerResourceValue: "" for a resource it does not serve, "0" for an unset one. */
export function containerResourceValue(ref: ResourceFieldSelector, c: Pick<Container, "resources">): string {
  const parts = resourceFieldParts(String(ref.resource ?? ""));
  if (!parts) return "";
  const [kind, name] = parts;
  return divideResource(name, quantityOrZero(c.resources?.[kind]?.[name] ?? "0"), ref.divisor);
}
