// Defaulting of a PodSpec and its containers and volumes (pkg/apis/core/v1 SetDefaults_*
// plus the generated +default markers). Shared by Pods and by pod templates.
// All functions mutate the object they are given.

import { canonicalQuantity } from "../../golang/quantity.js";
import { defaultPullPolicy } from "./imageref.js";
import type { Obj } from "./raw.js";

/** Go treats "" and a missing string field alike. */
export const unsetStr = (v: unknown) => v === undefined || v === null || v === "";
/** A missing pointer field (nil); an explicit 0 or "" is a value. */
export const unsetPtr = (v: unknown) => v === undefined || v === null;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const each = (v: unknown, fn: (o: Obj) => void) => {
  if (Array.isArray(v)) for (const x of v) if (isObj(x)) fn(x);
};

/** SetDefaults_ResourceList: quantities rounded up to milli and re-serialized canonically. */
export function defaultResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k], true);
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (unsetStr(h.path)) h.path = "/";
  if (unsetStr(h.scheme)) h.scheme = "HTTP";
}

function defaultHandler(h: unknown): void {
  if (!isObj(h)) return;
  defaultHTTPGet(h.httpGet);
  if (isObj(h.grpc) && unsetPtr(h.grpc.service)) h.grpc.service = "";
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  defaultHandler(p);
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
}

function defaultFieldRef(o: unknown): void {
  if (isObj(o) && isObj(o.fieldRef) && unsetStr(o.fieldRef.apiVersion)) o.fieldRef.apiVersion = "v1";
  if (isObj(o) && isObj(o.resourceFieldRef) && o.resourceFieldRef.divisor !== undefined) {
    o.resourceFieldRef.divisor = canonicalQuantity(o.resourceFieldRef.divisor);
  }
}

export function defaultContainer(c: Obj): void {
  if (unsetStr(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(String(c.image ?? ""));
  if (unsetStr(c.terminationMessagePath)) c.terminationMessagePath = "/dev/termination-log";
  if (unsetStr(c.terminationMessagePolicy)) c.terminationMessagePolicy = "File";
  // ResourceRequirements is a non-pointer struct: it always serializes, as {} when empty.
  if (!isObj(c.resources)) c.resources = {};
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  each(c.ports, (p) => {
    if (unsetStr(p.protocol)) p.protocol = "TCP";
  });
  each(c.env, (e) => defaultFieldRef(e.valueFrom));
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
];

export function volumeSources(v: Obj): string[] {
  return VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
}

function setIfUnset(o: Obj, key: string, value: unknown): void {
  if (unsetStr(o[key])) o[key] = value;
}

export function defaultVolume(v: Obj): void {
  // SetDefaults_Volume: a volume with no source is an emptyDir.
  if (volumeSources(v).length === 0) v.emptyDir = {};
  if (isObj(v.hostPath) && unsetPtr(v.hostPath.type)) v.hostPath.type = "";
  if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) {
    v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit);
  }
  for (const s of ["secret", "configMap", "downwardAPI", "projected"]) {
    if (isObj(v[s]) && unsetPtr(v[s].defaultMode)) v[s].defaultMode = 420;
  }
  if (isObj(v.downwardAPI)) each(v.downwardAPI.items, defaultFieldRef);
  if (isObj(v.projected)) {
    each(v.projected.sources, (src) => {
      if (isObj(src.serviceAccountToken) && unsetPtr(src.serviceAccountToken.expirationSeconds)) {
        src.serviceAccountToken.expirationSeconds = 3600;
      }
      if (isObj(src.downwardAPI)) each(src.downwardAPI.items, defaultFieldRef);
    });
  }
  if (isObj(v.iscsi)) setIfUnset(v.iscsi, "iscsiInterface", "default");
  if (isObj(v.rbd)) {
    setIfUnset(v.rbd, "pool", "rbd");
    setIfUnset(v.rbd, "user", "admin");
    setIfUnset(v.rbd, "keyring", "/etc/ceph/keyring");
  }
  if (isObj(v.azureDisk)) {
    setIfUnset(v.azureDisk, "cachingMode", "ReadWrite");
    setIfUnset(v.azureDisk, "fsType", "ext4");
    if (unsetPtr(v.azureDisk.readOnly)) v.azureDisk.readOnly = false;
    setIfUnset(v.azureDisk, "kind", "Shared");
  }
  if (isObj(v.scaleIO)) {
    setIfUnset(v.scaleIO, "storageMode", "ThinProvisioned");
    setIfUnset(v.scaleIO, "fsType", "xfs");
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (isObj(claimSpec)) {
    if (unsetPtr(claimSpec.volumeMode)) claimSpec.volumeMode = "Filesystem";
    defaultResourceList(claimSpec.resources?.requests);
    defaultResourceList(claimSpec.resources?.limits);
  }
}

/** SetDefaults_PodSpec and everything below it; what a pod template also gets. */
export function defaultPodSpec(spec: Obj): void {
  if (unsetStr(spec.dnsPolicy)) spec.dnsPolicy = "ClusterFirst";
  if (unsetStr(spec.restartPolicy)) spec.restartPolicy = "Always";
  if (unsetPtr(spec.securityContext)) spec.securityContext = {};
  if (unsetPtr(spec.terminationGracePeriodSeconds)) spec.terminationGracePeriodSeconds = 30;
  if (unsetStr(spec.schedulerName)) spec.schedulerName = "default-scheduler";
  // Conversion keeps the deprecated serviceAccount field in step with serviceAccountName.
  if (unsetStr(spec.serviceAccountName) && !unsetStr(spec.serviceAccount)) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (!unsetStr(spec.serviceAccountName)) spec.serviceAccount = spec.serviceAccountName;
  each(spec.volumes, defaultVolume);
  each(spec.initContainers, defaultContainer);
  each(spec.containers, defaultContainer);
  each(spec.ephemeralContainers, defaultContainer);
  defaultResourceList(spec.overhead);
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.limits);
    defaultResourceList(spec.resources.requests);
  }
}

/** SetDefaults_Pod: the defaults only a real Pod gets, never a template. */
export function defaultPodOnly(spec: Obj): void {
  for (const list of [spec.containers, spec.initContainers]) {
    each(list, (c) => {
      const limits = c.resources?.limits;
      if (!isObj(limits)) return;
      if (!isObj(c.resources.requests)) c.resources.requests = {};
      for (const [k, v] of Object.entries(limits))
        if (!(k in c.resources.requests)) c.resources.requests[k] = v;
    });
  }
  if (unsetPtr(spec.enableServiceLinks)) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const list of [spec.containers, spec.initContainers]) {
      each(list, (c) =>
        each(c.ports, (p) => {
          if (!p.hostPort) p.hostPort = p.containerPort;
        }),
      );
    }
  }
}
