// kubectl describe deployment (describeDeployment), including the client-side selection kubectl
// performs of the ReplicaSets the deployment controls (deploymentutil.GetAllReplicaSetsInChunks).
import type { KObject } from "../../api/types.js";
import { quantityString } from "../../golang/quantity.js";
import { describePodTemplate } from "./containers.js";
import {
  type Any,
  byteCompare,
  controllerUid,
  describeEvents,
  describeReplicaConditions,
  formatTime,
  parseTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { selectorMatches, selectorString } from "./selector.js";
import { LEVEL_0, tabbedString } from "./writer.js";

const HASH_LABEL = "pod-template-hash";
const QUANTITY_MAPS = new Set(["limits", "requests", "overhead"]);

// apiequality.Semantic.DeepEqual treats nil and empty slices/maps alike and compares quantities by
// value; Go's zero values are indistinguishable from absent fields once decoded.
function normalize(v: unknown, key = ""): unknown {
  if (v === null || v === undefined || v === "" || v === 0 || v === false) return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const raw = (v as Record<string, unknown>)[k];
      const n = QUANTITY_MAPS.has(key) ? quantityString(raw) : normalize(raw, k);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

function equalIgnoreHash(a: Any, b: Any): boolean {
  const strip = (t: Any) => {
    const copy = structuredClone(t ?? {});
    if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
    // A template stored before its zero creationTimestamp was written out equals one after.
    if (copy.metadata?.creationTimestamp === null) delete copy.metadata.creationTimestamp;
    return JSON.stringify(normalize(copy));
  };
  return strip(a) === strip(b);
}

function byCreation(a: KObject, b: KObject): number {
  const ta = parseTime(a.metadata.creationTimestamp) ?? Number.NEGATIVE_INFINITY;
  const tb = parseTime(b.metadata.creationTimestamp) ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return byteCompare(a.metadata.name ?? "", b.metadata.name ?? "");
}

/** deploymentutil.GetAllReplicaSetsInChunks: [all old ReplicaSets, new ReplicaSet]. */
export function replicaSetsOf(d: KObject, candidates: KObject[]): [KObject[], KObject | undefined] {
  const owned = candidates
    .filter((rs) => rs.metadata.namespace === d.metadata.namespace)
    .filter((rs) => selectorMatches(d.spec?.selector, rs.metadata.labels))
    .filter((rs) => controllerUid(rs) === d.metadata.uid && d.metadata.uid !== undefined)
    .sort(byCreation);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  return [owned.filter((rs) => rs !== newRS), newRS];
}

function printReplicaSets(list: KObject[]): string {
  const s = list.map(
    (rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
  );
  return s.length > 0 ? s.join(", ") : "<none>";
}

// IntOrString.String() of a possibly-nil pointer.
const intOrString = (v: unknown) => (v === undefined || v === null ? "<nil>" : String(v));

export function describeDeployment(d: KObject, related: KObject[], events: KObject[], now: number): string {
  const spec: Any = d.spec ?? {};
  const status: Any = d.status ?? {};
  const [oldRSs, newRS] = replicaSetsOf(d, related);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    const counts = [
      `${spec.replicas ?? 0} desired`,
      `${status.updatedReplicas ?? 0} updated`,
      `${status.replicas ?? 0} total`,
      `${status.availableReplicas ?? 0} available`,
      `${status.unavailableReplicas ?? 0} unavailable`,
    ];
    w.write(LEVEL_0, `Replicas:\t${counts.join(" | ")}\n`);
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) {
      const text = `${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge`;
      w.write(LEVEL_0, `RollingUpdateStrategy:\t${text}\n`);
    }
    describePodTemplate(spec.template, w);
    describeReplicaConditions(status.conditions, w);
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRS ? [newRS] : [])}\n`);
    }
    describeEvents(events, w, now);
  });
}
