// The API object shapes kubesim stores and serves. They are the real Kubernetes
// types (kubernetes-types), so an object here looks exactly like one from a cluster.
import type { ObjectMeta, OwnerReference } from "kubernetes-types/meta/v1";

export type { DaemonSet, Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
export type { Endpoints, Event, Namespace, Node, Pod, Service } from "kubernetes-types/core/v1";
export type { EndpointSlice } from "kubernetes-types/discovery/v1";
export type { ObjectMeta, OwnerReference };

/** kubernetes-types marks server-set fields readonly; the apiserver is the one that sets them. */
export type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** Any API object: what the store holds and what printers receive. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [field: string]: any;
}
