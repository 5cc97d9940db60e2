// validate(obj, old?): the strategy Validate / ValidateUpdate of each served kind.
import type { KObject } from "../../../api/types.js";
import {
  validateMutatingWebhookConfiguration,
  validateValidatingWebhookConfiguration,
} from "./admissionregistration.js";
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateWorkloadUpdate } from "./apps.js";
import { validateHpa, validateHpaUpdate } from "./autoscaling.js";
import { validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from "./batch.js";
import {
  validateCertificateSigningRequest,
  validateCertificateSigningRequestUpdate,
} from "./certificates.js";
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from "./config.js";
import type { FieldError } from "./errors.js";
import {
  validateIngress,
  validateIngressClass,
  validateIngressClassUpdate,
  validateIngressUpdate,
} from "./ingress.js";
import { validateObjectMetaUpdate } from "./meta.js";
import { validateNetworkPolicy } from "./networking.js";
import {
  validateEndpointSlice,
  validateEndpoints,
  validateEvent,
  validateLease,
  validateNamespace,
  validateNode,
} from "./other.js";
import { validatePodCreate, validatePodUpdate } from "./pod.js";
import { validateLimitRange, validateResourceQuota } from "./policy.js";
import {
  validateBindingUpdate,
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from "./rbac.js";
import { validateService, validateServiceUpdate } from "./service.js";
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from "./statefulset.js";
import {
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
  validateStorageClass,
  validateStorageClassUpdate,
} from "./storage.js";

type Create = (o: KObject) => FieldError[];
type Update = (o: KObject, old: KObject) => FieldError[];

// Kinds whose update validation is their create validation plus the metadata update rules.
const withMetaUpdate =
  (create: Create): Update =>
  (o, old) => [
    ...validateObjectMetaUpdate(o.metadata, old.metadata),
    ...create(o).filter((e) => !e.field.startsWith("metadata.")),
  ];

const KINDS: Record<string, { create: Create; update: Update }> = {
  "v1/Pod": { create: validatePodCreate, update: validatePodUpdate },
  "v1/Service": { create: validateService, update: validateServiceUpdate },
  "v1/Namespace": {
    create: validateNamespace,
    // Namespace updates only check metadata (spec.finalizers changes go through /finalize).
    update: (o, old) => validateObjectMetaUpdate(o.metadata, old.metadata),
  },
  "v1/Node": { create: validateNode, update: withMetaUpdate(validateNode) },
  "v1/Endpoints": { create: validateEndpoints, update: withMetaUpdate(validateEndpoints) },
  "v1/Event": { create: validateEvent, update: validateEvent },
  "v1/ConfigMap": {
    create: validateConfigMap,
    update: (o, old) => [...withMetaUpdate(validateConfigMap)(o, old), ...validateConfigMapUpdate(o, old)],
  },
  "v1/Secret": {
    create: validateSecret,
    update: (o, old) => [...withMetaUpdate(validateSecret)(o, old), ...validateSecretUpdate(o, old)],
  },
  "v1/ServiceAccount": { create: validateServiceAccount, update: withMetaUpdate(validateServiceAccount) },
  "v1/LimitRange": { create: validateLimitRange, update: withMetaUpdate(validateLimitRange) },
  "v1/ResourceQuota": { create: validateResourceQuota, update: withMetaUpdate(validateResourceQuota) },
  "v1/PersistentVolumeClaim": {
    create: validatePersistentVolumeClaim,
    update: validatePersistentVolumeClaimUpdate,
  },
  "v1/PersistentVolume": { create: validatePersistentVolume, update: validatePersistentVolumeUpdate },
  "rbac.authorization.k8s.io/v1/Role": { create: validateRole, update: withMetaUpdate(validateRole) },
  "rbac.authorization.k8s.io/v1/ClusterRole": {
    create: validateClusterRole,
    update: withMetaUpdate(validateClusterRole),
  },
  "rbac.authorization.k8s.io/v1/RoleBinding": { create: validateRoleBinding, update: validateBindingUpdate },
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": {
    create: validateClusterRoleBinding,
    update: validateBindingUpdate,
  },
  "storage.k8s.io/v1/StorageClass": { create: validateStorageClass, update: validateStorageClassUpdate },
  "certificates.k8s.io/v1/CertificateSigningRequest": {
    create: validateCertificateSigningRequest,
    update: (o, old) => validateCertificateSigningRequestUpdate(o, old),
  },
  "apps/v1/Deployment": {
    create: validateDeployment,
    update: (o, old) => validateWorkloadUpdate("Deployment", o, old),
  },
  "apps/v1/ReplicaSet": {
    create: validateReplicaSet,
    update: (o, old) => validateWorkloadUpdate("ReplicaSet", o, old),
  },
  "apps/v1/DaemonSet": {
    create: validateDaemonSet,
    update: (o, old) => validateWorkloadUpdate("DaemonSet", o, old),
  },
  "apps/v1/StatefulSet": { create: validateStatefulSet, update: validateStatefulSetUpdate },
  "apps/v1/ControllerRevision": {
    create: validateControllerRevision,
    update: validateControllerRevisionUpdate,
  },
  "batch/v1/Job": { create: validateJob, update: validateJobUpdate },
  "batch/v1/CronJob": { create: validateCronJob, update: validateCronJobUpdate },
  "coordination.k8s.io/v1/Lease": { create: validateLease, update: withMetaUpdate(validateLease) },
  "discovery.k8s.io/v1/EndpointSlice": {
    create: validateEndpointSlice,
    update: withMetaUpdate(validateEndpointSlice),
  },
  "networking.k8s.io/v1/NetworkPolicy": {
    create: validateNetworkPolicy,
    update: withMetaUpdate(validateNetworkPolicy),
  },
  "networking.k8s.io/v1/Ingress": { create: validateIngress, update: validateIngressUpdate },
  "networking.k8s.io/v1/IngressClass": { create: validateIngressClass, update: validateIngressClassUpdate },
  "autoscaling/v2/HorizontalPodAutoscaler": { create: validateHpa, update: validateHpaUpdate },
  "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration": {
    create: validateValidatingWebhookConfiguration,
    update: withMetaUpdate(validateValidatingWebhookConfiguration),
  },
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": {
    create: validateMutatingWebhookConfiguration,
    update: withMetaUpdate(validateMutatingWebhookConfiguration),
  },
};

/**
 * Validates an object as the apiserver does before storing it. Pass `old` for an update.
 * Expects the object as it stands after applyDefaults and prepareForCreate/ForUpdate
 * (so with metadata.namespace set by the caller, and for a Service with its clusterIP
 * and nodePorts already allocated). Kinds that kubesim does not serve yield no errors.
 */
export function validate(obj: KObject, old?: KObject): FieldError[] {
  const k = KINDS[`${obj.apiVersion}/${obj.kind}`];
  if (!k) return [];
  return old ? k.update(obj, old) : k.create(obj);
}
