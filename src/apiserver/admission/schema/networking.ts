// networking.k8s.io/v1 NetworkPolicy, as the Go structs of k8s.io/api v1.32 see it (the
// package is also named v1, so decode errors say `v1.NetworkPolicyPort`). NetworkPolicy
// has no status since v1.28 removed the unused NetworkPolicyStatus.
import { i32, intOrString, list, named, str, strList, struct } from "./dsl.js";
import { labelSelector, typeMetaFields } from "./meta.js";

const port = struct("NetworkPolicyPort", {
  protocol: named("Protocol"),
  port: intOrString,
  endPort: i32,
});

const peer = struct("NetworkPolicyPeer", {
  podSelector: labelSelector,
  namespaceSelector: labelSelector,
  ipBlock: struct("IPBlock", { cidr: str, except: strList }),
});

export const networkPolicy = struct("NetworkPolicy", {
  ...typeMetaFields,
  spec: struct("NetworkPolicySpec", {
    podSelector: labelSelector,
    ingress: list(struct("NetworkPolicyIngressRule", { ports: list(port), from: list(peer) })),
    egress: list(struct("NetworkPolicyEgressRule", { ports: list(port), to: list(peer) })),
    policyTypes: list(named("PolicyType")),
  }),
});
