// The persistent volume controller (binder), kind's local-path provisioner and the
// pvc/pv-protection controllers, on simulated time. A claim of a WaitForFirstConsumer
// class waits until the scheduler picks a node for its first pod (the selected-node
// annotation); the provisioner then makes PV pvc-<claim uid> on that node's
// /var/local-path-provisioner and the binder binds the two. A deleted claim waits for
// its pods to go (pvc-protection), and reclaim Delete removes its volume.

import type { KObject, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from "../api/types.js";
import { PODS, PVCS, PVS, STORAGECLASSES } from "../apiserver/resources.js";
import { hostDirKey, type VolumeRecord } from "../apiserver/storage.js";
import { PV_PROTECTION, PVC_PROTECTION } from "../apiserver/storage-admission.js";
import { compareQuantity, quantityOrZero } from "../golang/quantity.js";
import { rfc3339 } from "../golang/time.js";
import type { ControllerContext } from "./context.js";
import { wakeAt } from "./timers.js";

const PV_CONTROLLER = { component: "persistentvolume-controller" };
export const SELECTED_NODE = "volume.kubernetes.io/selected-node";
const LOCAL_PATH = "rancher.io/local-path";
const LOCAL_PATH_ROOT = "/var/local-path-provisioner";
/** The PV controller's resync period: a waiting claim is looked at (and its event repeated) this often. */
const RESYNC_MS = 15_000;

/** Where local-path keeps a claim's data on its node. */
export function localPathDir(pvc: PersistentVolumeClaim): string {
  return `${LOCAL_PATH_ROOT}/pvc-${pvc.metadata.uid}_${pvc.metadata.namespace}_${pvc.metadata.name}`;
}

/**
 * The pods that mount `claim` (pvc-protection's "in use"): scheduled ones (the kubelet
 * will not start a pod whose claim is being deleted) that have not finished.
 */
export function podsUsingClaim(pods: Pod[], claim: PersistentVolumeClaim): Pod[] {
  return pods.filter(
    (p) =>
      p.metadata.namespace === claim.metadata.namespace &&
      !!p.spec.nodeName &&
      p.status?.phase !== "Succeeded" &&
      p.status?.phase !== "Failed" &&
      (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
  );
}

function setPhase(pv: PersistentVolume, phase: string, now: number): void {
  if (pv.status?.phase === phase) return;
  pv.status = { ...pv.status, phase, lastPhaseTransitionTime: rfc3339(now) };
}

/** The local-path provisioner's pod, whose name is part of its event source. */
function provisionerSource(c: ControllerContext): { component: string } {
  const pod = c.api
    .list(PODS, "local-path-storage")
    .find((p) => p.metadata.labels?.app === "local-path-provisioner");
  const name = pod?.metadata.name ?? "local-path-provisioner";
  return { component: `${LOCAL_PATH}_${name}_${pod?.metadata.uid ?? ""}` };
}

/** pvutil.FindMatchingVolume, reduced: an Available volume of the claim's class that fits it. */
function matchingVolume(claim: PersistentVolumeClaim, pvs: PersistentVolume[]): PersistentVolume | undefined {
  const want = quantityOrZero(claim.spec.resources?.requests?.storage);
  const cls = claim.spec.storageClassName ?? "";
  const fits = pvs.filter(
    (pv) =>
      !pv.metadata.deletionTimestamp &&
      (!pv.spec.claimRef || pv.spec.claimRef.uid === claim.metadata.uid) &&
      (pv.spec.storageClassName ?? "") === cls &&
      (pv.spec.volumeMode ?? "Filesystem") === (claim.spec.volumeMode ?? "Filesystem") &&
      (claim.spec.accessModes ?? []).every((m) => (pv.spec.accessModes ?? []).includes(m)) &&
      compareQuantity(quantityOrZero(pv.spec.capacity?.storage), want) >= 0,
  );
  fits.sort((a, b) =>
    compareQuantity(quantityOrZero(a.spec.capacity?.storage), quantityOrZero(b.spec.capacity?.storage)),
  );
  return fits[0];
}

function bind(
  c: ControllerContext,
  claim: PersistentVolumeClaim,
  pv: PersistentVolume,
  byController: boolean,
): void {
  const now = c.clock.now();
  if (!pv.spec.claimRef) {
    pv.spec.claimRef = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      name: claim.metadata.name,
      namespace: claim.metadata.namespace,
      resourceVersion: claim.metadata.resourceVersion,
      uid: claim.metadata.uid,
    };
    pv.metadata.annotations = { ...pv.metadata.annotations, "pv.kubernetes.io/bound-by-controller": "yes" };
  }
  setPhase(pv, "Bound", now);
  c.api.put(pv);
  claim.spec.volumeName = pv.metadata.name;
  claim.metadata.annotations = {
    ...claim.metadata.annotations,
    "pv.kubernetes.io/bind-completed": "yes",
    ...(byController ? { "pv.kubernetes.io/bound-by-controller": "yes" } : {}),
  };
  claim.status = {
    ...claim.status,
    accessModes: pv.spec.accessModes,
    capacity: pv.spec.capacity,
    phase: "Bound",
  };
  c.api.put(claim);
}

/**
 * Emits a waiting claim's event, then again at each resync: the controller's timer for the
 * claim is pending until the next resync is due.
 */
function waiting(
  c: ControllerContext,
  claim: PersistentVolumeClaim,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
): void {
  const uid = claim.metadata.uid;
  if (c.state.controllerTimers?.[`persistentvolume\t${uid}`] !== undefined) return;
  c.recorder.recordEvent(claim, type, reason, message, PV_CONTROLLER);
  wakeAt(c, "persistentvolume", uid, c.clock.now() + RESYNC_MS);
}

function provision(c: ControllerContext, claim: PersistentVolumeClaim, sc: StorageClass, node: string): void {
  const src = provisionerSource(c);
  const ns = claim.metadata.namespace;
  c.recorder.recordEvent(
    claim,
    "Normal",
    "Provisioning",
    `External provisioner is provisioning volume for claim "${ns}/${claim.metadata.name}"`,
    src,
  );
  const name = `pvc-${claim.metadata.uid}`;
  const pv = c.api.insert<PersistentVolume>({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name,
      annotations: {
        "local.path.provisioner/selected-node": node,
        "pv.kubernetes.io/provisioned-by": LOCAL_PATH,
      },
      finalizers: [PV_PROTECTION],
    },
    spec: {
      accessModes: claim.spec.accessModes,
      capacity: { storage: claim.spec.resources?.requests?.storage ?? "0" },
      claimRef: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        name: claim.metadata.name,
        namespace: ns,
        resourceVersion: claim.metadata.resourceVersion,
        uid: claim.metadata.uid,
      },
      hostPath: { path: localPathDir(claim), type: "DirectoryOrCreate" },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] },
          ],
        },
      },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
      storageClassName: sc.metadata.name,
      volumeMode: "Filesystem",
    },
    status: { lastPhaseTransitionTime: rfc3339(c.clock.now()), phase: "Pending" },
  });
  // The helper pod's setup script: mkdir -m 0777 -p "$VOL_DIR" on the node.
  const key = hostDirKey(node, localPathDir(claim));
  const dir: VolumeRecord = { key, entries: { "": { dir: true, mode: 0o777, mtime: c.clock.now() } } };
  c.api.objects.bucket("volumedata").set(key, dir as unknown as KObject);
  c.recorder.recordEvent(
    claim,
    "Normal",
    "ProvisioningSucceeded",
    `Successfully provisioned volume ${pv.metadata.name}`,
    src,
  );
  bind(c, claim, pv, true);
}

function syncClaim(
  c: ControllerContext,
  claim: PersistentVolumeClaim,
  pvs: PersistentVolume[],
  pods: Pod[],
): boolean {
  if (claim.metadata.deletionTimestamp) {
    if (podsUsingClaim(pods, claim).length > 0) return false;
    // pvc-protection: nothing mounts it any more.
    const rest = (claim.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION);
    if (rest.length === 0) c.api.remove(claim);
    else {
      claim.metadata.finalizers = rest;
      c.api.put(claim);
    }
    return true;
  }
  if (claim.spec.volumeName) {
    if (claim.status?.phase === "Bound") return false;
    const pv = pvs.find((p) => p.metadata.name === claim.spec.volumeName);
    if (!pv) return false;
    bind(c, claim, pv, false);
    return true;
  }
  const clsName = claim.spec.storageClassName ?? "";
  const sc = clsName ? c.api.get(STORAGECLASSES, undefined, clsName) : undefined;
  const delayed = sc?.volumeBindingMode === "WaitForFirstConsumer";
  const node = claim.metadata.annotations?.[SELECTED_NODE];
  if (!delayed || node) {
    const pv = matchingVolume(claim, pvs);
    if (pv) {
      bind(c, claim, pv, true);
      return true;
    }
  }
  if (!clsName) {
    waiting(
      c,
      claim,
      "Normal",
      "FailedBinding",
      "no persistent volumes available for this claim and no storage class is set",
    );
    return false;
  }
  if (!sc) {
    waiting(c, claim, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${clsName}" not found`);
    return false;
  }
  if (delayed && !node) {
    waiting(
      c,
      claim,
      "Normal",
      "WaitForFirstConsumer",
      "waiting for first consumer to be created before binding",
    );
    return false;
  }
  const annotations = claim.metadata.annotations ?? {};
  if (annotations["volume.kubernetes.io/storage-provisioner"] !== sc.provisioner) {
    claim.metadata.annotations = {
      ...annotations,
      "volume.beta.kubernetes.io/storage-provisioner": sc.provisioner,
      "volume.kubernetes.io/storage-provisioner": sc.provisioner,
    };
    c.api.put(claim);
  }
  c.recorder.recordEvent(
    claim,
    "Normal",
    "ExternalProvisioning",
    `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    PV_CONTROLLER,
  );
  if (sc.provisioner !== LOCAL_PATH) return true;
  if (!node) {
    c.recorder.recordEvent(
      claim,
      "Warning",
      "ProvisioningFailed",
      `failed to provision volume with StorageClass "${clsName}": configuration error, no node was specified`,
      provisionerSource(c),
    );
    return true;
  }
  provision(c, claim, sc, node);
  return true;
}

function syncVolume(c: ControllerContext, pv: PersistentVolume, claims: PersistentVolumeClaim[]): boolean {
  const now = c.clock.now();
  const ref = pv.spec.claimRef;
  const claim = ref
    ? claims.find((cl) => cl.metadata.namespace === ref.namespace && cl.metadata.name === ref.name)
    : undefined;
  const bound = !!claim && (!ref?.uid || claim.metadata.uid === ref.uid);
  if (pv.metadata.deletionTimestamp) {
    // pv-protection: a volume goes once no claim is bound to it.
    if (bound) return false;
    const rest = (pv.metadata.finalizers ?? []).filter((f) => f !== PV_PROTECTION);
    if (rest.length === 0) c.api.remove(pv);
    else {
      pv.metadata.finalizers = rest;
      c.api.put(pv);
    }
    return true;
  }
  if (!ref) {
    if (pv.status?.phase === "Available") return false;
    setPhase(pv, "Available", now);
    c.api.put(pv);
    return true;
  }
  if (bound) return false;
  if (!ref.uid) return false; // pre-bound to a claim that does not exist yet
  // The claim is gone: the volume is released and reclaimed.
  if (pv.spec.persistentVolumeReclaimPolicy === "Delete") {
    // local-path's teardown removes the directory on its node (the kubelet's volume data).
    const node = pv.metadata.annotations?.["local.path.provisioner/selected-node"];
    const dir = pv.spec.hostPath?.path ?? pv.spec.local?.path;
    if (node && dir) c.api.objects.bucket("volumedata").delete(hostDirKey(node, dir));
    pv.metadata.deletionTimestamp = rfc3339(now);
    pv.metadata.deletionGracePeriodSeconds = 0;
    setPhase(pv, "Released", now);
    c.api.put(pv);
    return true;
  }
  if (pv.status?.phase === "Released") return false;
  setPhase(pv, "Released", now);
  c.api.put(pv);
  return true;
}

export function syncVolumes(c: ControllerContext): boolean {
  const claims = c.api.list(PVCS);
  // Pod summaries carry no volumes; whole pods are read only when a claim is being deleted.
  const pods = claims.some((cl) => cl.metadata.deletionTimestamp) ? c.api.all(PODS) : [];
  let changed = false;
  for (const claim of claims) changed = syncClaim(c, claim, c.api.list(PVS), pods) || changed;
  const left = c.api.list(PVCS);
  for (const pv of c.api.list(PVS)) changed = syncVolume(c, pv, left) || changed;
  return changed;
}
