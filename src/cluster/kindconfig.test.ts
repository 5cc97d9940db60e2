import { describe, expect, it } from "vitest";
import { KindConfigError, parseKindConfig, validateKindConfig, withKindDefaults } from "./kindconfig.js";

const HEAD = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n";

function problem(text: string, name = "kind"): string | undefined {
  try {
    const c = withKindDefaults(parseKindConfig(text), name);
    return validateKindConfig(c);
  } catch (e) {
    if (e instanceof KindConfigError) return e.message;
    throw e;
  }
}

describe("kind config decoding", () => {
  it("accepts kind's ingress guide config", () => {
    const text = `${HEAD}nodes:
- role: control-plane
  kubeadmConfigPatches:
  - |
    kind: InitConfiguration
    nodeRegistration:
      kubeletExtraArgs:
        node-labels: "ingress-ready=true"
  extraPortMappings:
  - containerPort: 80
    hostPort: 80
    protocol: TCP
  - containerPort: 443
    hostPort: 443
    protocol: TCP
`;
    expect(problem(text)).toBeUndefined();
    expect(parseKindConfig(text).nodes?.[0].extraPortMappings?.[1].hostPort).toBe(443);
  });

  it("names the apiVersion or kind it does not know", () => {
    expect(problem("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\n")).toBe(
      "unknown apiVersion: kind.x-k8s.io/v1alpha3",
    );
    expect(problem("kind: Cluster\n")).toBe("unknown apiVersion: ");
    expect(problem("kind: Clutser\napiVersion: kind.x-k8s.io/v1alpha4\n")).toBe(
      "unknown kind Clutser for apiVersion: kind.x-k8s.io/v1alpha4",
    );
  });

  it("reports unknown fields and wrong scalars with their lines, as yaml.v3 does", () => {
    const text = `${HEAD}nodes:\n- role: worker\n  extraPortMapping: []\n- role: control-plane\nnetworking:\n  apiServerPort: abc\n  disableDefaultCNI: yes\nbogus: 1\n`;
    expect(problem(text)).toBe(
      "unable to decode config: yaml: unmarshal errors:\n" +
        "  line 5: field extraPortMapping not found in type v1alpha4.Node\n" +
        "  line 8: cannot unmarshal !!str `abc` into int32\n" +
        "  line 9: cannot unmarshal !!str `yes` into bool\n" +
        "  line 10: field bogus not found in type v1alpha4.Cluster",
    );
  });

  it("reports YAML syntax errors as kind's type sniff does", () => {
    expect(problem("kind: Cluster\n  apiVersion: x: y\n")).toMatch(
      /^could not determine kind \/ apiVersion for config: yaml: line 2: /,
    );
  });
});

describe("kind config validation", () => {
  it("wants a control plane", () => {
    expect(problem(`${HEAD}nodes:\n- role: worker\n`)).toBe("must have at least one control-plane node");
  });

  it("aggregates several problems in brackets, node problems nested", () => {
    const text = `${HEAD}networking:\n  podSubnet: 10.244.0.0\n  kubeProxyMode: userspace\nnodes:\n- role: master\n  extraPortMappings:\n  - containerPort: 70000\n    hostPort: 80\n  - containerPort: 80\n    hostPort: 80\n`;
    expect(problem(text)).toBe(
      '[invalid pod subnet failed to parse cidr value:"10.244.0.0" with error: invalid CIDR address: 10.244.0.0, ' +
        "invalid kubeProxyMode: userspace, " +
        'invalid configuration for node 0: ["master" is not a valid node role, invalid containerPort: invalid port number: 70000, ' +
        "invalid portMapping: port mapping with same listen address, port and protocol already configured: <nil>:80/], " +
        "must have at least one control-plane node]",
    );
  });

  it("checks the cluster name and the api server port", () => {
    expect(problem(`${HEAD}networking:\n  apiServerPort: 70000\n`, "My_Lab")).toBe(
      "['My_Lab' is not a valid cluster name, cluster names must match `^[a-z0-9.-]+$`, invalid apiServerPort: invalid port number: 70000]",
    );
  });

  it("accepts every kube-proxy mode kind knows and one subnet per family", () => {
    for (const m of ["iptables", "ipvs", "nftables", "none"])
      expect(problem(`${HEAD}networking:\n  kubeProxyMode: ${m}\n`)).toBeUndefined();
    expect(problem(`${HEAD}networking:\n  serviceSubnet: 10.96.0.0/16,10.97.0.0/16\n`)).toBe(
      "invalid service subnet only one CIDR allowed for single-stack networking",
    );
  });

  it("lets a wildcard listener and a specific one clash, but not two specific ones", () => {
    const pm = (a: string, b: string) =>
      `${HEAD}nodes:\n- role: control-plane\n  extraPortMappings:\n  - {containerPort: 80, hostPort: 8080, listenAddress: "${a}"}\n  - {containerPort: 81, hostPort: 8080, listenAddress: "${b}"}\n`;
    expect(problem(pm("127.0.0.1", "127.0.0.2"))).toBeUndefined();
    expect(problem(pm("127.0.0.1", "0.0.0.0"))).toBe(
      "invalid configuration for node 0: invalid portMapping: port mapping with same listen address, port and protocol already configured: 0.0.0.0:8080/",
    );
  });
});
