// The leases the cluster's own components hold: each kubelet's node lease in
// kube-node-lease (renewed every 10 s, a quarter of its 40 s duration) and the leader
// elections of kube-controller-manager and kube-scheduler in kube-system (renewed every
// 2 s, their retry period). Renewing them is a write every few seconds of simulated time;
// instead the stored lease keeps the moment of a renewal, and a read shows the last
// renewal due by now, so idle time costs nothing and no command rewrites the state for it.
import type { Lease } from "../api/types.js";

/** The renewal period of a lease the cluster renews itself, or undefined for anyone else's. */
function renewPeriodMs(l: Lease): number | undefined {
  const ns = l.metadata.namespace;
  if (ns === "kube-node-lease" && l.metadata.ownerReferences?.some((o) => o.kind === "Node")) return 10_000;
  if (ns === "kube-system" && ["kube-controller-manager", "kube-scheduler"].includes(l.metadata.name ?? ""))
    return 2_000;
  return undefined;
}

/** metav1.MicroTime as the API writes it: six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The lease as a read at `now` sees it: renewTime moved to the last renewal due. */
export function renewedLease(l: Lease, now: number): Lease {
  const period = renewPeriodMs(l);
  const stored = l.spec?.renewTime;
  if (period === undefined || !stored) return l;
  const base = Date.parse(stored);
  if (Number.isNaN(base) || now < base + period) return l;
  const at = base + Math.floor((now - base) / period) * period;
  return { ...l, spec: { ...l.spec, renewTime: microTime(at) } };
}
