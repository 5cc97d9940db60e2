import { describe, expect, it } from "vitest";
import { ERR_FORMAT_WRONG, ERR_SUFFIX } from "../../golang/quantity.js";
import { strictDecode } from "./decode.js";
import { fieldTypeAt, schemaFor } from "./schema/kinds.js";
import { seed } from "./testutil.js";

const pod = (spec: unknown, metadata: unknown = { name: "p" }) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata,
  spec,
});
const svc = (spec: unknown) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec });

describe("strictDecode: unknown fields", () => {
  it("reports the learner's capitalised Ports with its list index", () => {
    expect(strictDecode(seed("interpod-pod1.alt-vishvanath-BADFIELD.yml"))).toEqual({
      unknownFields: ["spec.containers[0].Ports"],
    });
  });

  it("accepts every seed manifest that has no mistake", () => {
    for (const f of [
      "pods.yml",
      "deployhttpd.yml",
      "service.yml",
      "service-nodeport.yml",
      "service-loadbalancer.yml",
    ]) {
      expect(strictDecode(seed(f))).toEqual({ unknownFields: [] });
    }
  });

  it("lists several unknown fields in document order, at every depth", () => {
    const r = strictDecode({ ...pod({ containers: [{ name: "a", imagee: "x" }], foo: 1 }), extra: true });
    expect(r.unknownFields).toEqual(["spec.containers[0].imagee", "spec.foo", "extra"]);
  });

  it("does not look inside an unknown subtree", () => {
    const r = strictDecode({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", spec: { replicas: "1" } },
    });
    expect(r).toEqual({ unknownFields: ["metadata.spec"] });
  });

  it("is case-sensitive and knows the status blocks", () => {
    expect(strictDecode(pod({ Containers: [] })).unknownFields).toEqual(["spec.Containers"]);
    const withStatus = {
      ...pod({ containers: [] }),
      status: { phase: "Running", podIP: "10.0.0.1", qosClass: "BestEffort" },
    };
    expect(strictDecode(withStatus)).toEqual({ unknownFields: [] });
  });
});

describe("strictDecode: Go type errors", () => {
  it("a map where a list belongs", () => {
    expect(strictDecode(pod({ containers: { name: "a" } })).typeError).toBe(
      "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container",
    );
  });

  it("a string where an int32 belongs, naming the innermost struct and the index-free path", () => {
    expect(
      strictDecode(pod({ containers: [{ name: "a", ports: [{ containerPort: "80" }] }] })).typeError,
    ).toBe(
      "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    );
  });

  it("a fraction or an overflow is quoted with its number", () => {
    expect(strictDecode(pod({ containers: [{ ports: [{ containerPort: 80.5 }] }] })).typeError).toBe(
      "json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
    );
    expect(
      strictDecode(pod({ terminationGracePeriodSeconds: 3000000000, containers: [] })).typeError,
    ).toBeUndefined();
    expect(strictDecode(pod({ containers: [{ ports: [{ hostPort: 3000000000 }] }] })).typeError).toBe(
      "json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.containers.ports.hostPort of type int32",
    );
  });

  it("names Go's named string types", () => {
    expect(strictDecode(pod({ restartPolicy: 1, containers: [] })).typeError).toBe(
      "json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy",
    );
    expect(strictDecode(svc({ type: true })).typeError).toBe(
      "json: cannot unmarshal bool into Go struct field ServiceSpec.spec.type of type v1.ServiceType",
    );
  });

  it("an element of the wrong shape is reported against the list field", () => {
    expect(strictDecode(pod({ containers: ["nginx"] })).typeError).toBe(
      "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container",
    );
  });

  it("an env value must be a string", () => {
    expect(
      strictDecode(pod({ containers: [{ name: "a", env: [{ name: "PORT", value: 8080 }] }] })).typeError,
    ).toBe(
      "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string",
    );
  });

  it("intstr fields take an int or a string, and fail as an int32 otherwise", () => {
    expect(strictDecode(svc({ ports: [{ port: 80, targetPort: 8080 }] })).typeError).toBeUndefined();
    expect(strictDecode(svc({ ports: [{ port: 80, targetPort: "http" }] })).typeError).toBeUndefined();
    expect(strictDecode(svc({ ports: [{ port: 80, targetPort: { a: 1 } }] })).typeError).toBe(
      "json: cannot unmarshal object into Go struct field ServicePort.spec.ports.targetPort of type int32",
    );
    expect(
      strictDecode(pod({ containers: [{ livenessProbe: { httpGet: { port: true } } }] })).typeError,
    ).toBe(
      "json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32",
    );
  });

  it("quantities fail with apimachinery's own message, without a Go context", () => {
    expect(strictDecode(pod({ containers: [{ resources: { limits: { cpu: "abc" } } }] })).typeError).toBe(
      ERR_FORMAT_WRONG,
    );
    expect(strictDecode(pod({ containers: [{ resources: { limits: { memory: "1Gii" } } }] })).typeError).toBe(
      ERR_SUFFIX,
    );
    expect(
      strictDecode(pod({ containers: [{ resources: { limits: { cpu: 0.5, memory: "128Mi" } } }] })).typeError,
    ).toBeUndefined();
    expect(strictDecode(pod({ containers: [{ resources: { limits: "1" } }] })).typeError).toBe(
      "json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList",
    );
  });

  it("a type error wins over unknown fields, and the first one wins", () => {
    const r = strictDecode(pod({ containers: [{ name: "a", imagee: "x", ports: "80" }], restartPolicy: 1 }));
    expect(r).toEqual({
      unknownFields: [],
      typeError:
        "json: cannot unmarshal string into Go struct field Container.spec.containers.ports of type []v1.ContainerPort",
    });
  });

  it("a fatal (UnmarshalJSON) error wins over an earlier saved type error", () => {
    const r = strictDecode(svc({ ports: [{ port: "80", targetPort: 1.5 }] }));
    expect(r.typeError).toBe(
      "json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32",
    );
  });

  it("marks errors under the top-level metadata as kubectl's own (client-side)", () => {
    expect(strictDecode(pod({ containers: [] }, { name: "p", labels: { version: 1 } }))).toEqual({
      unknownFields: [],
      typeError:
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
      clientSide: true,
    });
    expect(
      strictDecode(pod({ containers: [] }, { name: "p", creationTimestamp: "yesterday" })).typeError,
    ).toBe('parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
  });

  it("template metadata errors go to the server", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { template: { metadata: { labels: { v: 2 } } } },
    };
    expect(strictDecode(d)).toEqual({
      unknownFields: [],
      typeError:
        "json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string",
    });
  });
});

describe("schema", () => {
  it("answers field types by path", () => {
    const podDef = schemaFor("v1", "Pod");
    expect(podDef?.name).toBe("Pod");
    expect(fieldTypeAt(podDef!, ["spec", "containers", "ports", "containerPort"])).toEqual({
      kind: "int",
      go: "int32",
    });
    expect(fieldTypeAt(schemaFor("v1", "Service")!, ["spec", "ports", "targetPort"])).toEqual({
      kind: "intOrString",
    });
    expect(fieldTypeAt(podDef!, ["spec", "nope"])).toBeUndefined();
    expect(schemaFor("v1", "ReplicationController")).toBeUndefined();
  });
});

describe("Secret data decoding", () => {
  it("refuses data that is not base64 where Go's decoder stops", () => {
    const secret = (data: unknown) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data });
    expect(strictDecode(secret({ a: "YWJj" })).typeError).toBeUndefined();
    expect(strictDecode(secret({ a: "abc" })).typeError).toBe("illegal base64 data at input byte 0");
    expect(strictDecode(secret({ a: "abcd!" })).typeError).toBe("illegal base64 data at input byte 4");
    expect(strictDecode(secret({ a: 5 })).typeError).toBe(
      "json: cannot unmarshal number into Go struct field Secret.data of type []uint8",
    );
  });
});
