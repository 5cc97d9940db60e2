// Entry point for `kubectl describe` output, byte-for-byte as kubectl v1.32 prints it.
import type { KObject } from "../../api/types.js";
import { apiVersionOf, BY_KIND, CSRS, typedAs } from "../../apiserver/resources.js";
import { describeHpa } from "./autoscaling.js";
import { describeCertificateSigningRequest } from "./certificates.js";
import { describeConfigMap, describeSecret, describeServiceAccount } from "./config.js";
import { describeCronJob } from "./cronjob.js";
import { describeDaemonSet } from "./daemonset.js";
import { describeDeployment } from "./deployment.js";
import { describeEndpointSlice, describeEndpoints } from "./endpoints.js";
import { describeGeneric } from "./generic.js";
import { byteCompare } from "./helpers.js";
import { describeIngress, describeIngressClass } from "./ingress.js";
import { describeJob } from "./job.js";
import { describeNamespace } from "./namespace.js";
import { describeNetworkPolicy } from "./networkpolicy.js";
import { describeNode } from "./node.js";
import { describePod } from "./pod.js";
import { describeLimitRange, describeResourceQuota } from "./policy.js";
import { describeBinding, describeRole } from "./rbac.js";
import { describeReplicaSet } from "./replicaset.js";
import { describeService } from "./service.js";
import { describeStatefulSet } from "./statefulset.js";
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from "./storage.js";

export { humanDuration } from "./helpers.js";

export interface DescribeInput {
  obj: KObject; // the object described (a full API object as a real cluster returns it)
  events: KObject[]; // core/v1 Events whose involvedObject is this object (caller filters by uid; you sort as kubectl does)
  related: KObject[]; // Service: its EndpointSlices (label kubernetes.io/service-name=<svc>); Deployment: ReplicaSets of its namespace (you select those matching the selector whose controller ownerReference uid is the deployment's, like kubectl); ReplicaSet: Pods of its namespace (you select by the RS selector); Node: pods on that node (non-terminal), all namespaces; ServiceAccount: the Secrets of its namespace; others: []
  now: Date; // the cluster clock, for ages ("Age", "(lasts 5s)", event ages)
}

/** Whether an object is of a kind a CRD serves, even one sharing a built-in kind's name. */
function isCustomKind(obj: KObject): boolean {
  const r = BY_KIND.get(obj.kind);
  return !r || apiVersionOf(r) !== obj.apiVersion;
}

// The API server lists objects in etcd key order, i.e. by namespace then name; kubectl's unstable
// sorts start from that order, so it decides how equal-time events come out.
function listOrder(items: KObject[]): KObject[] {
  return [...items].sort(
    (a, b) =>
      byteCompare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
      byteCompare(a.metadata.name ?? "", b.metadata.name ?? ""),
  );
}

// For a node kubectl runs two event queries, by the node's uid (controllers) and by its name
// (the kubelet), and concatenates the results.
function nodeEvents(node: KObject, events: KObject[]): KObject[] {
  const byUid = events.filter((e) => e.involvedObject?.uid === node.metadata.uid);
  const byName = events.filter((e) => e.involvedObject?.uid === node.metadata.name && !byUid.includes(e));
  return [...listOrder(byUid), ...listOrder(byName)];
}

/**
 * The whole text kubectl prints for one object, ending in "\n". For a Node, `events` should hold
 * the events whose involvedObject.uid is the node's uid or its name (kubelet events use the name).
 */
export function describeObject(input: DescribeInput): string {
  const { obj, related } = input;
  const now = input.now.getTime() * 1000;
  const events = listOrder(input.events);
  // CRDs and the kinds they serve have no describer of their own in kubectl.
  if (obj.kind === "CustomResourceDefinition" || isCustomKind(obj)) return describeGeneric(obj, events, now);
  switch (obj.kind) {
    case "Pod":
      return describePod(obj, events, now);
    case "Service": {
      const slices = related.filter(
        (s) =>
          s.kind !== "Endpoints" &&
          s.metadata.namespace === obj.metadata.namespace &&
          s.metadata.labels?.["kubernetes.io/service-name"] === obj.metadata.name,
      );
      return describeService(obj, listOrder(slices), events, now);
    }
    case "Deployment":
      return describeDeployment(obj, related, events, now);
    case "ReplicaSet":
      return describeReplicaSet(obj, related, events, now);
    case "StatefulSet":
      return describeStatefulSet(obj, related, events, now);
    case "ControllerRevision":
      return describeGeneric(obj, events, now);
    case "Job":
      return describeJob(obj, events, now);
    case "CronJob":
      return describeCronJob(obj, events, now);
    case "Lease":
    case "ValidatingWebhookConfiguration":
    case "MutatingWebhookConfiguration":
      return describeGeneric(obj, events, now);
    case "DaemonSet":
      return describeDaemonSet(obj, related, events, now);
    case "Node": {
      const pods = related.filter(
        (p) =>
          p.spec?.nodeName === obj.metadata.name &&
          p.status?.phase !== "Succeeded" &&
          p.status?.phase !== "Failed",
      );
      const lease = related.find(
        (l) =>
          l.kind === "Lease" &&
          l.metadata.namespace === "kube-node-lease" &&
          l.metadata.name === obj.metadata.name,
      );
      return describeNode(obj, listOrder(pods), nodeEvents(obj, input.events), now, lease);
    }
    case "Namespace":
      return describeNamespace(
        obj,
        related.filter((o) => o.kind === "ResourceQuota"),
        related.filter((o) => o.kind === "LimitRange"),
      );
    case "Endpoints":
      return describeEndpoints(obj, events, now);
    case "EndpointSlice":
      return describeEndpointSlice(obj, events, now);
    case "NetworkPolicy":
      return describeNetworkPolicy(obj);
    case "Ingress":
      return describeIngress(obj, related, events, now);
    case "IngressClass":
      return describeIngressClass(obj, events, now);
    case "ConfigMap":
      return describeConfigMap(obj, events, now);
    case "Secret":
      return describeSecret(obj);
    case "ServiceAccount":
      return describeServiceAccount(
        obj,
        related.filter((s) => s.kind === "Secret"),
        events,
        now,
      );
    case "LimitRange":
      return describeLimitRange(obj);
    case "HorizontalPodAutoscaler":
      return describeHpa(obj, events, now);
    case "ResourceQuota":
      return describeResourceQuota(obj);
    case "PersistentVolumeClaim":
      return describePersistentVolumeClaim(
        obj,
        related.filter((p) => p.kind === "Pod"),
        events,
        now,
      );
    case "PersistentVolume":
      return describePersistentVolume(obj, events, now);
    case "Role":
    case "ClusterRole":
      return describeRole(obj);
    case "RoleBinding":
    case "ClusterRoleBinding":
      return describeBinding(obj);
    case "StorageClass":
      return describeStorageClass(obj, events, now);
    case "CertificateSigningRequest":
      return describeCertificateSigningRequest(typedAs(CSRS, obj), events, now);
    default:
      throw new Error(`describe: no describer for kind ${obj.kind}`);
  }
}
