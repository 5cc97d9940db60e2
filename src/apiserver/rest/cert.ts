// The API server's serving certificate as kubeadm makes it for kind: CN kube-apiserver,
// signed by the cluster CA (CN kubernetes, the PEM every namespace's kube-root-ca.crt holds),
// with the names a client may use for it: the control-plane node, the `kubernetes` Service's
// names and ClusterIP, the node's address, and the localhost SANs kind adds.
import { kubernetesServiceIP } from "../../util/subnets.js";
import { CONFIGMAPS, NAMESPACES } from "../resources.js";
import type { ApiServer } from "../server.js";

export interface ServingCert {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ipAddresses: string[];
  caPem: string;
  notBefore: string;
  notAfter: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export function servingCert(api: ApiServer, node: { name: string; ip: string }): ServingCert {
  const caPem =
    api.get(CONFIGMAPS, "kube-system", "kube-root-ca.crt")?.data?.["ca.crt"] ??
    api.get(CONFIGMAPS, "default", "kube-root-ca.crt")?.data?.["ca.crt"] ??
    "";
  // kubeadm signs the certificate while it sets the cluster up, before kube-system exists.
  const created = api.get(NAMESPACES, undefined, "kube-system")?.metadata.creationTimestamp;
  const start = created ? Date.parse(created) - 5 * 60 * 1000 : 0;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    subject: "CN=kube-apiserver",
    issuer: "CN=kubernetes",
    dnsNames: [
      node.name,
      "kubernetes",
      "kubernetes.default",
      "kubernetes.default.svc",
      "kubernetes.default.svc.cluster.local",
      "localhost",
    ],
    // kubeadm's GetAPIServerVirtualIP: the service range's first address, whatever the Service says.
    ipAddresses: [kubernetesServiceIP(api.serviceCIDR), node.ip, "127.0.0.1"],
    caPem,
    notBefore: iso(start),
    notAfter: iso(start + YEAR_MS),
  };
}
