// admissionregistration.k8s.io/v1 Validating- and MutatingWebhookConfiguration, as the Go
// structs of k8s.io/api v1.32 see them (package v1, so decode errors say `v1.ValidatingWebhook`).
// A rule's apiGroups/apiVersions/resources/scope are the inlined Rule struct.
import { bytes, i32, list, named, str, strList, struct } from "./dsl.js";
import { labelSelector, typeMetaFields } from "./meta.js";

const clientConfig = struct("WebhookClientConfig", {
  url: str,
  service: struct("ServiceReference", { namespace: str, name: str, path: str, port: i32 }),
  caBundle: bytes,
});

const rule = struct("RuleWithOperations", {
  operations: list(named("OperationType")),
  apiGroups: strList,
  apiVersions: strList,
  resources: strList,
  scope: named("ScopeType"),
});

const webhookFields = {
  name: str,
  clientConfig,
  rules: list(rule),
  failurePolicy: named("FailurePolicyType"),
  matchPolicy: named("MatchPolicyType"),
  namespaceSelector: labelSelector,
  objectSelector: labelSelector,
  sideEffects: named("SideEffectClass"),
  timeoutSeconds: i32,
  admissionReviewVersions: strList,
  matchConditions: list(struct("MatchCondition", { name: str, expression: str })),
};

export const validatingWebhookConfiguration = struct("ValidatingWebhookConfiguration", {
  ...typeMetaFields,
  webhooks: list(struct("ValidatingWebhook", webhookFields)),
});

export const mutatingWebhookConfiguration = struct("MutatingWebhookConfiguration", {
  ...typeMetaFields,
  webhooks: list(
    struct("MutatingWebhook", { ...webhookFields, reinvocationPolicy: named("ReinvocationPolicyType") }),
  ),
});
