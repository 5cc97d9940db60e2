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

// Ingress and IngressClass (networking/v1). An IngressBackend's resource is a core
// TypedLocalObjectReference; IngressClass parameters have their own reference type.
const serviceBackend = struct("IngressServiceBackend", {
  name: str,
  port: struct("ServiceBackendPort", { name: str, number: i32 }),
});

const backend = struct("IngressBackend", {
  service: serviceBackend,
  resource: struct("TypedLocalObjectReference", { apiGroup: str, kind: str, name: str }),
});

const portStatus = struct("PortStatus", { port: i32, protocol: named("Protocol"), error: str });

export const ingress = struct("Ingress", {
  ...typeMetaFields,
  spec: struct("IngressSpec", {
    ingressClassName: str,
    defaultBackend: backend,
    tls: list(struct("IngressTLS", { hosts: strList, secretName: str })),
    rules: list(
      struct("IngressRule", {
        host: str,
        http: struct("HTTPIngressRuleValue", {
          paths: list(struct("HTTPIngressPath", { path: str, pathType: named("PathType"), backend })),
        }),
      }),
    ),
  }),
  status: struct("IngressStatus", {
    loadBalancer: struct("IngressLoadBalancerStatus", {
      ingress: list(
        struct("IngressLoadBalancerIngress", { ip: str, hostname: str, ports: list(portStatus) }),
      ),
    }),
  }),
});

export const ingressClass = struct("IngressClass", {
  ...typeMetaFields,
  spec: struct("IngressClassSpec", {
    controller: str,
    parameters: struct("IngressClassParametersReference", {
      apiGroup: str,
      kind: str,
      name: str,
      scope: str,
      namespace: str,
    }),
  }),
});
