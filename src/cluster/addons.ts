// The objects kubeadm and kind create beside the system pods: the CoreDNS ConfigMap that
// holds kubeadm's Corefile (the one learners read with `kubectl -n kube-system get cm
// coredns -o yaml`), and the ServiceAccounts the system pods run as. Their uids come from a
// random source of their own, so every name and address generated after them stays where
// it was before they existed.
import type { ConfigMap, Draft, KObject, ServiceAccount } from "../api/types.js";
import type { ApiServer } from "../apiserver/server.js";
import { Rng } from "../util/rng.js";
import { kubectlApplied } from "./kubectl-applied.js";

/**
 * kubeadm v1.32's Corefile for the cluster domain cluster.local (cmd/kubeadm/app/phases/
 * addons/dns/manifests.go): since kubernetes#128359 (v1.32) the cache plugin no longer
 * caches the cluster's own zone, so answers follow Services and pods at once, as kubesim's
 * resolver does.
 */
export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** The CoreDNS pods' config-volume: the ConfigMap's Corefile at /etc/coredns/Corefile. */
export const COREDNS_CONFIG_VOLUME = {
  volume: {
    name: "config-volume",
    configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] },
  },
  mount: { name: "config-volume", mountPath: "/etc/coredns", readOnly: true },
};

/** Service accounts of the system pods: kubeadm's coredns and kube-proxy, kind's kindnet and local-path-provisioner. */
const SERVICE_ACCOUNTS: [string, string][] = [
  ["kube-system", "coredns"],
  ["kube-system", "kindnet"],
  ["kube-system", "kube-proxy"],
  ["local-path-storage", "local-path-provisioner-service-account"],
];

/**
 * Inserts the addon objects, then `more` (the workloads' ConfigMaps) from the same source;
 * `admit` defaults an object as the apiserver would before it is stored.
 */
export function addAddonObjects(api: ApiServer, admit: (o: KObject) => KObject, more: KObject[] = []): void {
  const rng = new Rng({ rng: 0x6b756265 });
  const corefile: Draft<ConfigMap> = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "coredns", namespace: "kube-system" },
    data: { Corefile: COREFILE },
  };
  api.insert(admit(corefile as KObject), rng);
  for (const [namespace, name] of SERVICE_ACCOUNTS) {
    const sa: Draft<ServiceAccount> = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name, namespace },
    };
    // kind applies its storage manifest, service account included.
    api.insert(
      admit(namespace === "local-path-storage" ? kubectlApplied(sa as KObject) : (sa as KObject)),
      rng,
    );
  }
  for (const o of more) api.insert(admit(o), rng);
}
