// The get columns of the storage kinds (printPersistentVolumeClaim, printPersistentVolume,
// printStorageClass in pkg/printers/internalversion, v1.32).

import type { KObject, PersistentVolume, PersistentVolumeClaim } from "../../api/types.js";
import { PVCS, PVS, STORAGECLASSES } from "../../apiserver/resources.js";
import { quantityString } from "../../golang/quantity.js";
import { age } from "../age.js";
import { type RowContext, type TableDef, table } from "./def.js";

/** storageutil.GetAccessModesAsString: the short forms in a fixed order, each once. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const have = new Set(modes ?? []);
  const out: string[] = [];
  if (have.has("ReadWriteOnce")) out.push("RWO");
  if (have.has("ReadOnlyMany")) out.push("ROX");
  if (have.has("ReadWriteMany")) out.push("RWX");
  if (have.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

const BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

/** GetPersistentVolumeClaimClass: the beta annotation first, then the field. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata.annotations?.[BETA_CLASS] ?? pvc.spec.storageClassName ?? "";
}

/** GetPersistentVolumeClass. */
export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata.annotations?.[BETA_CLASS] ?? pv.spec.storageClassName ?? "";
}

const ageCol = (o: KObject, ctx: RowContext) => age(o.metadata.creationTimestamp, ctx.nowMs);

export const STORAGE_TABLES: Record<string, TableDef> = {
  PersistentVolumeClaim: table(PVCS, {
    columns: [
      { name: "NAME" },
      { name: "STATUS" },
      { name: "VOLUME" },
      { name: "CAPACITY" },
      { name: "ACCESS MODES" },
      { name: "STORAGECLASS" },
      { name: "VOLUMEATTRIBUTESCLASS" },
      { name: "AGE" },
      { name: "VOLUMEMODE", wide: true },
    ],
    row: (pvc, ctx) => {
      const bound = !!pvc.spec.volumeName;
      return [
        pvc.metadata.name,
        pvc.metadata.deletionTimestamp ? "Terminating" : (pvc.status?.phase ?? ""),
        pvc.spec.volumeName ?? "",
        bound ? quantityString(pvc.status?.capacity?.storage) : "",
        bound ? accessModesString(pvc.status?.accessModes) : "",
        claimClass(pvc),
        pvc.spec.volumeAttributesClassName ?? "<unset>",
        ageCol(pvc, ctx),
        pvc.spec.volumeMode ?? "<unset>",
      ];
    },
  }),
  PersistentVolume: table(PVS, {
    columns: [
      { name: "NAME" },
      { name: "CAPACITY" },
      { name: "ACCESS MODES" },
      { name: "RECLAIM POLICY" },
      { name: "STATUS" },
      { name: "CLAIM" },
      { name: "STORAGECLASS" },
      { name: "VOLUMEATTRIBUTESCLASS" },
      { name: "REASON" },
      { name: "AGE" },
      { name: "VOLUMEMODE", wide: true },
    ],
    row: (pv, ctx) => {
      const ref = pv.spec.claimRef;
      return [
        pv.metadata.name,
        quantityString(pv.spec.capacity?.storage),
        accessModesString(pv.spec.accessModes),
        pv.spec.persistentVolumeReclaimPolicy ?? "",
        pv.metadata.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
        ref ? `${ref.namespace ?? ""}/${ref.name ?? ""}` : "",
        volumeClass(pv),
        pv.spec.volumeAttributesClassName ?? "<unset>",
        pv.status?.reason ?? "",
        ageCol(pv, ctx),
        pv.spec.volumeMode ?? "<unset>",
      ];
    },
  }),
  StorageClass: table(STORAGECLASSES, {
    columns: [
      { name: "NAME" },
      { name: "PROVISIONER" },
      { name: "RECLAIMPOLICY" },
      { name: "VOLUMEBINDINGMODE" },
      { name: "ALLOWVOLUMEEXPANSION" },
      { name: "AGE" },
    ],
    row: (sc, ctx) => {
      const a = sc.metadata.annotations ?? {};
      const isDefault =
        a["storageclass.kubernetes.io/is-default-class"] === "true" ||
        a["storageclass.beta.kubernetes.io/is-default-class"] === "true";
      return [
        isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name,
        sc.provisioner,
        sc.reclaimPolicy ?? "Delete",
        sc.volumeBindingMode ?? "Immediate",
        String(sc.allowVolumeExpansion ?? false),
        ageCol(sc, ctx),
      ];
    },
  }),
};
