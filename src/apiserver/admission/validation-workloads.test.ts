import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { applyDefaults } from "./defaults.js";
import { prepareForUpdate } from "./strategy.js";
import { admit, exampleObject, seed } from "./testutil.js";
import { formatFieldError, formatInvalid } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const messages = (o: KObject, old?: KObject) => validate(o, old).map(formatFieldError);
const svc = (spec: object, name = "web") =>
  admit({ apiVersion: "v1", kind: "Service", metadata: { name }, spec } as KObject);
const template = (labels: object = { app: "web" }, spec: object = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
});
const deploy = (spec: object, kind = "Deployment") =>
  admit({ apiVersion: "apps/v1", kind, metadata: { name: "web" }, spec } as KObject);

describe("services", () => {
  it("the seed services are valid", () => {
    for (const f of [
      "service.yml",
      "service-nodeport.yml",
      "service-loadbalancer.yml",
      "service-clusterip.alt-sandeepdasari-BUGGY.yml",
    ]) {
      expect(messages(admit(seed(f)))).toEqual([]);
    }
  });

  it("names are DNS-1035 labels", () => {
    expect(messages(svc({ ports: [{ port: 80 }] }, "1web"))).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it("ports: range, names when several, duplicates, protocol, targetPort", () => {
    const ports = [
      { port: 0 },
      { port: 80, targetPort: 70000 },
      { name: "http", port: 80, protocol: "HTTP" },
      { name: "http", port: 80 },
    ];
    expect(messages(svc({ ports, selector: { app: "web" } }))).toEqual([
      "spec.ports[0].name: Required value",
      "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.ports[1].name: Required value",
      "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[3].name: Duplicate value: "http"',
      'spec.ports[3]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
    expect(messages(svc({ ports: [] }))).toEqual(["spec.ports: Required value"]);
    expect(messages(svc({ ports: [{ port: 80, targetPort: "8080" }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    ]);
  });

  it("type values and nodePort on ClusterIP", () => {
    expect(messages(svc({ type: "Nodeport", ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    const e = validate(svc({ ports: [{ port: 80, nodePort: 30080 }] }));
    expect(formatInvalid("Service", "web", e)).toBe(
      "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  it("selector labels, externalTrafficPolicy and ExternalName", () => {
    expect(
      messages(svc({ ports: [{ port: 80 }], selector: { app: "my web" }, externalTrafficPolicy: "Local" })),
    ).toEqual([
      `spec.selector: Invalid value: "my web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ]);
    expect(messages(svc({ type: "ExternalName" }))).toEqual(["spec.externalName: Required value"]);
  });

  it("clusterIP may not change on update", () => {
    const old = exampleObject("Service", "demoservice");
    const next = applyDefaults(seed("service.yml"), { randomSuffix: () => "x", operation: "update" });
    next.metadata.namespace = "default";
    next.spec.clusterIP = "10.96.0.50";
    prepareForUpdate(next, old);
    expect(formatInvalid("Service", "demoservice", validate(next, old))).toBe(
      'The Service "demoservice" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.50"}: may not change once set',
    );
    const same = applyDefaults(seed("service.yml"), { randomSuffix: () => "x", operation: "update" });
    same.metadata.namespace = "default";
    prepareForUpdate(same, old);
    expect(messages(same, old)).toEqual([]);
  });
});

describe("deployments, replicasets, daemonsets", () => {
  it("the seed deployments are valid", () => {
    expect(messages(admit(seed("deployhttpd.yml")))).toEqual([]);
  });

  it("selector is required and must match the template labels", () => {
    expect(formatInvalid("Deployment", "web", validate(deploy({ template: template({ name: "x" }) })))).toBe(
      'The Deployment "web" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"name":"x"}: `selector` does not match template `labels`',
    );
    expect(
      messages(deploy({ selector: { matchLabels: { app: "web" } }, template: template({ app: "api" }) })),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
    expect(
      messages(deploy({ selector: { matchLabels: { app: "web" } }, template: { spec: template().spec } })),
    ).toEqual([
      "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
    ]);
    expect(messages(deploy({ selector: {}, template: template() }))).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
  });

  it("matchExpressions are checked and used", () => {
    const sel = { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] };
    expect(messages(deploy({ selector: sel, template: template() }))).toEqual([]);
    const bad = { matchExpressions: [{ key: "app", operator: "Equals", values: ["web"] }] };
    expect(messages(deploy({ selector: bad, template: template() }))).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"web"}}}}: invalid label selector',
    ]);
  });

  it("replicas, restartPolicy and strategy", () => {
    const spec = {
      replicas: -1,
      selector: { matchLabels: { app: "web" } },
      template: template({ app: "web" }, { restartPolicy: "Never" }),
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "120%" } },
    };
    expect(messages(deploy(spec))).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    ]);
    const recreate = {
      selector: { matchLabels: { app: "web" } },
      template: template(),
      strategy: { type: "Recreate", rollingUpdate: {} },
    };
    expect(messages(deploy(recreate))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it("selector is immutable on update", () => {
    const old = deploy({ selector: { matchLabels: { app: "web" } }, template: template() });
    const next = structuredClone(old);
    next.spec.selector.matchLabels = { app: "api" };
    next.spec.template.metadata.labels = { app: "api" };
    expect(formatInvalid("Deployment", "web", validate(next, old))).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    const scaled = structuredClone(old);
    scaled.spec.replicas = 5;
    expect(messages(scaled, old)).toEqual([]);
  });

  it("replicasets share the deployment wording; daemonsets have their own", () => {
    expect(messages(deploy({ template: template() }, "ReplicaSet"))).toEqual([
      "spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(messages(deploy({ template: template() }, "DaemonSet"))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    const ds = {
      selector: { matchLabels: { app: "web" } },
      template: template(),
      updateStrategy: { rollingUpdate: { maxUnavailable: 0 } },
    };
    expect(messages(deploy(ds, "DaemonSet"))).toEqual([
      "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
    ]);
  });
});

describe("namespaces, nodes, endpoints, slices, events", () => {
  it("namespace names are DNS-1123 labels", () => {
    expect(
      messages(admit({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev.team" } } as KObject)),
    ).toEqual([
      `metadata.name: Invalid value: "dev.team": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it("the example cluster objects are valid", () => {
    for (const [kind, name] of [
      ["Node", "kind-worker"],
      ["Namespace", "default"],
      ["Endpoints", "demoservice"],
      ["EndpointSlice", "demoservice-8xkzq"],
      ["Event", "testpod.187b2c4d5e6f8100"],
      ["ReplicaSet", "mydeployments-5d9c7b8f64"],
      ["Pod", "mydeployments-5d9c7b8f64-x7kqz"],
    ]) {
      expect(messages(exampleObject(kind, name))).toEqual([]);
    }
  });

  it("endpoint addresses and ports", () => {
    const ep = admit({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "e" },
      subsets: [
        {
          addresses: [{ ip: "127.0.0.1" }, { ip: "10.0.0.300" }],
          ports: [{ port: 80 }, { port: 81, name: "b" }],
        },
      ],
    } as KObject);
    expect(messages(ep)).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].addresses[1].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[1].ip: Invalid value: "10.0.0.300": must be a valid IP address',
      "subsets[0].ports[0].name: Required value",
    ]);
  });
});
