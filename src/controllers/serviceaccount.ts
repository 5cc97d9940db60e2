// The serviceaccount controller and the root-ca-cert-publisher of kube-controller-manager:
// every active namespace gets a `default` ServiceAccount and the `kube-root-ca.crt`
// ConfigMap (the cluster CA bundle), and gets them back when they are deleted.
import type { ConfigMap, Draft, ServiceAccount } from "../api/types.js";
import { CONFIGMAPS, NAMESPACES, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";

export const ROOT_CA_NAME = "kube-root-ca.crt";

const DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A kind CA certificate's PEM shape (1107 bytes): the simulation never verifies it. */
function newCA(rng: Rng): string {
  let body = "MIIDBTCCAe2gAwIBAgIIR";
  while (body.length < 1044) body += B64[rng.int(64)];
  body += "==";
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** The cluster's CA bundle: whatever a published kube-root-ca.crt holds, else a new one. */
function caBundle(c: ControllerContext): string {
  for (const ns of ["kube-system", "default"]) {
    const ca = c.api.get(CONFIGMAPS, ns, ROOT_CA_NAME)?.data?.["ca.crt"];
    if (ca) return ca;
  }
  const ns = c.api.get(NAMESPACES, undefined, "kube-system") ?? c.api.all(NAMESPACES)[0];
  return newCA(Rng.forKey(`${ns?.metadata.uid ?? ""}/ca`));
}

export function syncServiceAccounts(c: ControllerContext): boolean {
  let changed = false;
  let ca: string | undefined;
  const namespaces = [...c.api.all(NAMESPACES)].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const ns of namespaces) {
    if (ns.metadata.deletionTimestamp) continue;
    const name = ns.metadata.name;
    if (!c.api.get(SERVICEACCOUNTS, name, "default")) {
      const sa: Draft<ServiceAccount> = {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace: name },
      };
      c.api.insert(sa, Rng.forKey(`${ns.metadata.uid}/sa/${c.api.state.resourceVersion}`));
      changed = true;
    }
    if (!c.api.get(CONFIGMAPS, name, ROOT_CA_NAME)) {
      ca ??= caBundle(c);
      const cm: Draft<ConfigMap> = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: ROOT_CA_NAME,
          namespace: name,
          annotations: { "kubernetes.io/description": DESCRIPTION },
        },
        data: { "ca.crt": ca },
      };
      c.api.insert(cm, Rng.forKey(`${ns.metadata.uid}/cm/${c.api.state.resourceVersion}`));
      changed = true;
    }
  }
  return changed;
}
