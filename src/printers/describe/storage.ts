// kubectl describe pvc / pv / storageclass (PersistentVolumeClaimDescriber,
// PersistentVolumeDescriber, StorageClassDescriber in kubectl v1.32).
import type { KObject } from "../../api/types.js";
import { quantityString } from "../../golang/quantity.js";
import { accessModesString } from "../table/storage.js";
import {
  type Any,
  byteCompare,
  describeEvents,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
  since,
} from "./helpers.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter, tabbedString } from "./writer.js";

const BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

/** Go's %v of a []string. */
const goList = (xs: readonly string[] | undefined) => `[${(xs ?? []).join(" ")}]`;

function status(o: KObject, now: number): string {
  const ts = o.metadata.deletionTimestamp;
  return ts ? `Terminating (lasts ${since(ts, now)})` : String(o.status?.phase ?? "");
}

/** printPodsMultilineWithIndent with no initial indent: the pods by name, one a line. */
function printPods(w: PrefixWriter, title: string, pods: KObject[]): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (pods.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const names = pods.map((p) => p.metadata.name ?? "").sort(byteCompare);
  names.forEach((n, i) => {
    if (i !== 0) w.write(LEVEL_0, "\t");
    w.write(LEVEL_0, `${n}\n`);
  });
}

/** `pods`: the pods of the claim's namespace; those that mount it are listed under Used By. */
export function describePersistentVolumeClaim(
  pvc: KObject,
  pods: KObject[],
  events: KObject[],
  now: number,
): string {
  const spec: Any = pvc.spec ?? {};
  const users = pods.filter((p) =>
    ((p.spec?.volumes ?? []) as Any[]).some(
      (v) =>
        v.persistentVolumeClaim?.claimName === pvc.metadata.name ||
        (v.ephemeral && `${p.metadata.name}-${v.name}` === pvc.metadata.name),
    ),
  );
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ""}\n`);
    w.write(
      LEVEL_0,
      `StorageClass:\t${pvc.metadata.annotations?.[BETA_CLASS] ?? spec.storageClassName ?? ""}\n`,
    );
    w.write(LEVEL_0, `Status:\t${status(pvc, now)}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ""}\n`);
    printLabelsMultiline(w, "Labels", pvc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
    const bound = !!spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage) : ""}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ""}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, "DataSource:\n");
      if (spec.dataSource.apiGroup) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ""}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ""}\n`);
    }
    printPods(w, "Used By", users);
    const conditions = (pvc.status?.conditions ?? []) as Any[];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${c.lastProbeTime ?? ""} \t${c.lastTransitionTime ?? ""} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
      }
    }
    describeEvents(events, w, now);
  });
}

function printNodeAffinity(w: PrefixWriter, affinity: Any): void {
  w.write(LEVEL_0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  w.write(LEVEL_1, "Required Terms:\t");
  const terms = (affinity.required.nodeSelectorTerms ?? []) as Any[];
  if (terms.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = (term.matchExpressions ?? []) as Any[];
    if (reqs.length === 0) {
      w.writeLine("<none>");
      return;
    }
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_2, "\t");
      let expr = `${r.key ?? ""} ${String(r.operator ?? "").toLowerCase()}`;
      if ((r.values ?? []).length > 0) expr += ` [${r.values.join(", ")}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

function printSource(w: PrefixWriter, spec: Any): void {
  if (spec.hostPath) {
    w.write(LEVEL_2, "Type:\tHostPath (bare host directory volume)\n");
    w.write(
      LEVEL_0,
      `    Path:\t${spec.hostPath.path ?? ""}\n    HostPathType:\t${spec.hostPath.type ?? "<none>"}\n`,
    );
  } else if (spec.local) {
    w.write(LEVEL_2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n");
    w.write(LEVEL_0, `    Path:\t${spec.local.path ?? ""}\n`);
  } else if (spec.nfs) {
    w.write(LEVEL_2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n");
    w.write(
      LEVEL_0,
      `    Server:\t${spec.nfs.server ?? ""}\n    Path:\t${spec.nfs.path ?? ""}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`,
    );
  }
}

export function describePersistentVolume(pv: KObject, events: KObject[], now: number): string {
  const spec: Any = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", pv.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
    w.write(
      LEVEL_0,
      `StorageClass:\t${pv.metadata.annotations?.[BETA_CLASS] ?? spec.storageClassName ?? ""}\n`,
    );
    w.write(LEVEL_0, `Status:\t${status(pv, now)}\n`);
    const ref = spec.claimRef;
    w.write(LEVEL_0, `Claim:\t${ref ? `${ref.namespace ?? ""}/${ref.name ?? ""}` : ""}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ""}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
    printNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ""}\n`);
    w.write(LEVEL_0, "Source:\n");
    printSource(w, spec);
    describeEvents(events, w, now);
  });
}

export function describeStorageClass(sc: KObject, events: KObject[], now: number): string {
  const a = sc.metadata.annotations ?? {};
  const isDefault =
    a["storageclass.kubernetes.io/is-default-class"] === "true" ||
    a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? "Yes" : "No"}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ""}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    const expand = sc.allowVolumeExpansion;
    w.write(
      LEVEL_0,
      `AllowVolumeExpansion:\t${expand === undefined || expand === null ? "<unset>" : String(expand)}\n`,
    );
    const opts = (sc.mountOptions ?? []) as string[];
    if (opts.length === 0) w.write(LEVEL_0, "MountOptions:\t<none>\n");
    else {
      w.write(LEVEL_0, "MountOptions:\n");
      for (const o of opts) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    describeEvents(events, w, now);
  });
}
