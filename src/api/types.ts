// The API object shapes kubesim stores and serves. They are the real Kubernetes
// types (kubernetes-types), so an object here looks exactly like one from a cluster.
import type * as admissionregistration from "kubernetes-types/admissionregistration/v1";
import type * as apiextensions from "kubernetes-types/apiextensions/v1";
import type * as apps from "kubernetes-types/apps/v1";
import type * as autoscaling from "kubernetes-types/autoscaling/v2";
import type * as batch from "kubernetes-types/batch/v1";
import type * as certificates from "kubernetes-types/certificates/v1";
import type * as coordination from "kubernetes-types/coordination/v1";
import type * as core from "kubernetes-types/core/v1";
import type * as discovery from "kubernetes-types/discovery/v1";
import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1";
import type * as networking from "kubernetes-types/networking/v1";
import type * as rbac from "kubernetes-types/rbac/v1";
import type * as storage from "kubernetes-types/storage/v1";

export type { ObjectMeta, OwnerReference };

/** kubernetes-types marks server-set fields readonly; the apiserver is the one that sets them. */
export type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/**
 * Any API object: what the store holds and what printers receive. The index signature is
 * the decode boundary's escape hatch (a manifest may carry any field until admission
 * checks it); components take the typed shapes below instead.
 */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  // biome-ignore lint/suspicious/noExplicitAny: the one untyped boundary: decoded manifests and generic verbs.
  [field: string]: any;
}

/** The apiserver names every object and gives it a uid before storing it (server.ts insert). */
export type StoredMeta = Meta & { name: string; uid: string };

/** An object about to be inserted: the server still has to name it (generateName) and give it a uid. */
export type Draft<O extends KObject> = Omit<O, "metadata"> & { metadata: Meta };

/**
 * An object as the apiserver stores it. kubernetes-types makes every field optional because
 * a client may omit any of them; a stored object always has apiVersion, kind and metadata,
 * and admission rejects (or defaults) a missing spec, so those are required here. The
 * top-level status is writable because kubelet and the controllers are the ones writing it.
 */
export type Stored<T> = {
  -readonly [K in keyof T as Exclude<K, "apiVersion" | "kind" | "metadata">]: T[K];
} & {
  apiVersion: string;
  kind: string;
  metadata: StoredMeta;
} & (T extends { spec?: infer S } ? { spec: S } : unknown);

export type DaemonSet = Stored<apps.DaemonSet>;
export type Deployment = Stored<apps.Deployment>;
export type ReplicaSet = Stored<apps.ReplicaSet>;
export type StatefulSet = Stored<apps.StatefulSet>;
/** `data` is a RawExtension: the owner's patch that restores this revision's template. */
export type ControllerRevision = Stored<apps.ControllerRevision>;
export type Job = Stored<batch.Job>;
export type Role = Stored<rbac.Role>;
export type RoleBinding = Stored<rbac.RoleBinding>;
export type ClusterRole = Stored<rbac.ClusterRole>;
export type ClusterRoleBinding = Stored<rbac.ClusterRoleBinding>;
export type CertificateSigningRequest = Stored<certificates.CertificateSigningRequest>;
export type CronJob = Stored<batch.CronJob>;
export type Lease = Stored<coordination.Lease>;
export type ConfigMap = Stored<core.ConfigMap>;
export type Endpoints = Stored<core.Endpoints>;
/** Go marshals an unset MicroTime as null, and `get events -o yaml` shows it; kubernetes-types has no null. */
export type Event = Omit<Stored<core.Event>, "eventTime"> & { eventTime?: string | null };
export type LimitRange = Stored<core.LimitRange>;
export type Namespace = Stored<core.Namespace>;
export type Node = Stored<core.Node>;
export type Pod = Stored<core.Pod>;
/** `data` holds base64 text (Go's []byte as JSON); `stringData` is write-only and merged into it on create. */
export type ResourceQuota = Stored<core.ResourceQuota>;
export type Secret = Stored<core.Secret>;
export type Service = Stored<core.Service>;
export type ServiceAccount = Stored<core.ServiceAccount>;
/** Go marshals the controller's nil endpoints and ports as null, which `-o yaml` shows. */
export type EndpointSlice = Omit<Stored<discovery.EndpointSlice>, "endpoints" | "ports"> & {
  endpoints: discovery.Endpoint[] | null;
  ports?: discovery.EndpointPort[] | null;
};
export type NetworkPolicy = Stored<networking.NetworkPolicy>;
export type Ingress = Stored<networking.Ingress>;
export type IngressClass = Stored<networking.IngressClass>;
export type PersistentVolumeClaim = Stored<core.PersistentVolumeClaim>;
export type PersistentVolume = Stored<core.PersistentVolume>;
export type StorageClass = Stored<storage.StorageClass>;
/** Stored as autoscaling/v2; an autoscaling/v1 body is converted on the way in. */
export type HorizontalPodAutoscaler = Stored<autoscaling.HorizontalPodAutoscaler>;
/** apiregistration.k8s.io/v1: kubernetes-types has no such package, so the shape is here. */
export type APIService = Stored<{
  spec?: {
    service?: { namespace?: string; name?: string; port?: number };
    group?: string;
    version?: string;
    insecureSkipTLSVerify?: boolean;
    caBundle?: string;
    groupPriorityMinimum: number;
    versionPriority: number;
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
  };
}>;
export type CustomResourceDefinition = Stored<apiextensions.CustomResourceDefinition>;
export type JSONSchemaProps = apiextensions.JSONSchemaProps;
export type ValidatingWebhookConfiguration = Stored<admissionregistration.ValidatingWebhookConfiguration>;
export type MutatingWebhookConfiguration = Stored<admissionregistration.MutatingWebhookConfiguration>;
export type ValidatingWebhook = admissionregistration.ValidatingWebhook;

/**
 * Go marshals a zero metav1.Time as null, and `-o yaml` shows it (`lastProbeTime: null`);
 * kubernetes-types types those fields as optional strings, which have no null. The one cast
 * that lets kubesim store what the real apiserver serves.
 */
export const NULL_TIME = null as unknown as string;

/**
 * A pod from a caller that is not typed yet (src/kubectl's verbs read pods through untyped
 * descriptors until their part of issue 12). Functions that take one read it through
 * `podOf`, so their bodies are typed and the untyped door is visible in their signature.
 */
export type PodLike = Pod | KObject;

/** The pod behind a PodLike: callers pass pods they read from the pods resource. */
export function podOf(p: PodLike): Pod {
  return p as Pod;
}
