// kubeadm's static pods for kind's config: the flags follow the cluster's settings and come
// sorted by name (ArgumentsToCommand), kind's feature gates reach the three components that
// take them, and the mirror pods carry the kubelet's annotations and no service account.
import type { Container } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { type ControlPlaneFacts, staticPods } from "./static-pods.js";

const facts = (extra: Partial<ControlPlaneFacts> = {}): ControlPlaneFacts => ({
  node: "lab-control-plane2",
  nodeUid: "uid-1",
  ip: "172.18.0.5",
  cluster: "lab",
  podSubnet: "10.200.0.0/16",
  serviceSubnet: "10.100.0.0/16",
  hash: (c) => `hash-of-${c}`,
  seen: "2026-11-27T09:59:38.4261Z",
  ...extra,
});

const commandOf = (f: ControlPlaneFacts, component: string): string[] => {
  const pod = staticPods(f).find((p) => p.metadata.labels?.component === component);
  if (!pod) throw new Error(`no static pod ${component}`);
  return (pod.spec as { containers: Container[] }).containers[0].command ?? [];
};

describe("kubeadm's static pods", () => {
  it("take the node, the subnets and the cluster name, flags sorted after the binary", () => {
    const f = facts();
    const api = commandOf(f, "kube-apiserver");
    expect(api[0]).toBe("kube-apiserver");
    const names = api.slice(1).map((a) => a.slice(2, a.indexOf("=")));
    expect(names).toEqual([...names].sort());
    expect(api).toContain("--advertise-address=172.18.0.5");
    expect(api).toContain("--service-cluster-ip-range=10.100.0.0/16");
    expect(api).toContain("--runtime-config=");
    const kcm = commandOf(f, "kube-controller-manager");
    expect(kcm).toEqual(
      expect.arrayContaining([
        "--cluster-cidr=10.200.0.0/16",
        "--cluster-name=lab",
        "--service-cluster-ip-range=10.100.0.0/16",
      ]),
    );
    expect(commandOf(f, "etcd")).toContain("--initial-cluster=lab-control-plane2=https://172.18.0.5:2380");
  });

  it("give a joining control plane's etcd the members already there, and state existing", () => {
    const first = commandOf(facts(), "etcd");
    expect(first).toContain("--initial-cluster=lab-control-plane2=https://172.18.0.5:2380");
    expect(first.some((a) => a.startsWith("--initial-cluster-state"))).toBe(false);
    const joined = commandOf(
      facts({ etcdMembers: [{ name: "lab-control-plane", ip: "172.18.0.3" }] }),
      "etcd",
    );
    expect(joined).toContain(
      "--initial-cluster=lab-control-plane=https://172.18.0.3:2380,lab-control-plane2=https://172.18.0.5:2380",
    );
    expect(joined).toContain("--initial-cluster-state=existing");
    // Sorted by flag name, as ArgumentsToCommand sorts: initial-cluster before initial-cluster-state.
    const names = joined.slice(1).map((a) => a.slice(2, a.indexOf("=")));
    expect(names).toEqual([...names].sort());
    expect(names.indexOf("initial-cluster")).toBe(names.indexOf("initial-cluster-state") - 1);
  });

  it("pass kind's featureGates and runtimeConfig on, sorted as kind writes them", () => {
    const f = facts({
      featureGates: { SidecarContainers: true, InPlacePodVerticalScaling: false },
      runtimeConfig: { "api/alpha": "false", "batch/v2alpha1": "true" },
    });
    const gates = "--feature-gates=InPlacePodVerticalScaling=false,SidecarContainers=true";
    for (const c of ["kube-apiserver", "kube-controller-manager", "kube-scheduler"])
      expect(commandOf(f, c)).toContain(gates);
    expect(commandOf(f, "etcd").some((a) => a.startsWith("--feature-gates"))).toBe(false);
    expect(commandOf(f, "kube-apiserver")).toContain("--runtime-config=api/alpha=false,batch/v2alpha1=true");
  });

  it("are mirror pods: the kubelet's annotations, owned by the node, no service account", () => {
    for (const pod of staticPods(facts())) {
      const component = pod.metadata.labels?.component ?? "";
      expect(pod.metadata.name).toBe(`${component}-lab-control-plane2`);
      expect(pod.metadata.annotations).toMatchObject({
        "kubernetes.io/config.hash": `hash-of-${component}`,
        "kubernetes.io/config.mirror": `hash-of-${component}`,
        "kubernetes.io/config.seen": "2026-11-27T09:59:38.4261Z",
        "kubernetes.io/config.source": "file",
      });
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Node", name: "lab-control-plane2" });
      expect((pod.spec as { serviceAccountName?: string }).serviceAccountName).toBeUndefined();
    }
  });
});
