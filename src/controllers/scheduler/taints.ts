// The TaintToleration plugin's rules (component-helpers' ToleratesTaint), shared by the
// scheduler, the DaemonSet controller's predicate and the taint-eviction controller.
import type { Taint, Toleration } from "kubernetes-types/core/v1";

type TaintKey = Pick<Taint, "key" | "effect" | "value">;

/** Toleration.ToleratesTaint: the effect (empty matches all), then the key and value by operator. */
export function toleratesTaint(t: Toleration, taint: TaintKey): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  // Equal (the default operator) wants the key named and the same value.
  return (t.operator ?? "Equal") === "Equal" && (t.value ?? "") === (taint.value ?? "");
}

export function tolerates(tolerations: Toleration[] | undefined, taint: TaintKey): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint with one of `effects` that the tolerations do not tolerate (FindMatchingUntoleratedTaint). */
export function untoleratedTaint(
  tolerations: Toleration[] | undefined,
  taints: Taint[] | undefined,
  effects: string[],
): Taint | undefined {
  return (taints ?? []).find((t) => effects.includes(t.effect) && !tolerates(tolerations, t));
}

/** The Filter's reason for a taint the pod does not tolerate. */
export function taintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ""}}`;
}

/** The Score's count: PreferNoSchedule taints not tolerated (fewer is better). */
export function preferNoScheduleCount(
  tolerations: Toleration[] | undefined,
  taints: Taint[] | undefined,
): number {
  // Only tolerations for PreferNoSchedule (or any effect) count, as getAllTolerationPreferNoSchedule keeps.
  const prefer = (tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
  return (taints ?? []).filter((t) => t.effect === "PreferNoSchedule" && !tolerates(prefer, t)).length;
}
