import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const obj = (apiVersion: string, kind: string, namespaced: boolean, rest: object): KObject =>
  ({
    apiVersion,
    kind,
    metadata: namespaced ? { name: "x", namespace: "default" } : { name: "x" },
    ...rest,
  }) as KObject;
// The write path drops a cluster-scoped object's namespace before validation; admit() sets one.
const messages = (o: KObject) => {
  const a = admit(o);
  if (!o.metadata.namespace) delete a.metadata.namespace;
  return validate(a).map(formatFieldError);
};

describe("PersistentVolumeClaim, PersistentVolume and StorageClass admission", () => {
  it("defaults the volume mode, reclaim policies and binding mode", () => {
    const pvc = admit(
      obj("v1", "PersistentVolumeClaim", true, { spec: { resources: { requests: { storage: "1Gi" } } } }),
    );
    expect(pvc.spec.volumeMode).toBe("Filesystem");
    const pv = admit(obj("v1", "PersistentVolume", false, { spec: { hostPath: { path: "/d" } } }));
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: "Retain", hostPath: { type: "" } });
    const sc = admit(obj("storage.k8s.io/v1", "StorageClass", false, { provisioner: "x.io/p" }));
    expect(sc).toMatchObject({ reclaimPolicy: "Delete", volumeBindingMode: "Immediate" });
  });

  it("gives the claim errors in the apiserver's order", () => {
    expect(
      messages(
        obj("v1", "PersistentVolumeClaim", true, { spec: { accessModes: ["ReadWriteOncePod", "Many"] } }),
      ),
    ).toEqual([
      'spec.accessModes: Unsupported value: "Many": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      "spec.resources[storage]: Required value",
    ]);
    expect(
      messages(
        obj("v1", "PersistentVolumeClaim", true, {
          spec: { accessModes: [], resources: { requests: { storage: "0" } } },
        }),
      ),
    ).toEqual([
      "spec.accessModes: Required value: at least 1 access mode is required",
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });

  it("requires a volume's capacity and source, and a class's provisioner", () => {
    expect(
      messages(obj("v1", "PersistentVolume", false, { spec: { accessModes: ["ReadWriteOnce"] } })),
    ).toEqual([
      "spec.capacity: Required value",
      'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      "spec: Required value: must specify a volume type",
    ]);
    expect(messages(obj("storage.k8s.io/v1", "StorageClass", false, { volumeBindingMode: "Later" }))).toEqual(
      [
        "provisioner: Required value",
        'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
      ],
    );
  });
});
