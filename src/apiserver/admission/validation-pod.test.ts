import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { admit, seed } from "./testutil.js";
import { formatFieldError, formatInvalid, invalidStatusMessage } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QNAME =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const pod = (spec: object, metadata: object = { name: "testpod" }) =>
  admit({ apiVersion: "v1", kind: "Pod", metadata, spec } as KObject);
const messages = (o: KObject, old?: KObject) => validate(o, old).map(formatFieldError);
const c = (extra: object = {}) => ({ name: "c00", image: "httpd", ...extra });

describe("pods: what learners get wrong", () => {
  it("the seed pods are valid", () => {
    expect(messages(admit(seed("pods.yml")))).toEqual([]);
    expect(messages(admit(seed("pod-with-ports.yml")))).toEqual([]);
  });

  it("metadata.name must be a DNS-1123 subdomain", () => {
    expect(messages(pod({ containers: [c()] }, { name: "Test_Pod" }))).toEqual([
      `metadata.name: Invalid value: "Test_Pod": ${SUBDOMAIN_MSG}`,
    ]);
    expect(messages(pod({ containers: [c()] }, {}))).toEqual([
      "metadata.name: Required value: name or generateName is required",
    ]);
    expect(messages(pod({ containers: [c()] }, { name: "a".repeat(254) }))[0]).toBe(
      `metadata.name: Invalid value: "${"a".repeat(254)}": must be no more than 253 characters`,
    );
  });

  it("label keys and values", () => {
    expect(
      messages(
        pod(
          { containers: [c()] },
          { name: "p", labels: { "my app": "x", a: "-b-", "a/b/c": "x", "/x": "y" } },
        ),
      ),
    ).toEqual([
      'metadata.labels: Invalid value: "/x": prefix part must be non-empty',
      `metadata.labels: Invalid value: "-b-": ${LABEL_VALUE_MSG}`,
      `metadata.labels: Invalid value: "a/b/c": a qualified name ${QNAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      `metadata.labels: Invalid value: "my app": name part ${QNAME}`,
    ]);
    expect(messages(pod({ containers: [c()] }, { name: "p", labels: { a: "x".repeat(64) } }))[0]).toBe(
      `metadata.labels: Invalid value: "${"x".repeat(64)}": must be no more than 63 characters`,
    );
  });

  it("container name and image are required, names must be labels and unique", () => {
    expect(messages(pod({ containers: [{ image: "nginx" }, { name: "C01" }, c(), c()] }))).toEqual([
      "spec.containers[0].name: Required value",
      `spec.containers[1].name: Invalid value: "C01": ${LABEL_MSG}`,
      "spec.containers[1].image: Required value",
      'spec.containers[3].name: Duplicate value: "c00"',
    ]);
    expect(messages(pod({ containers: [] }))).toEqual(["spec.containers: Required value"]);
  });

  it("an init container may not reuse a container name", () => {
    expect(messages(pod({ initContainers: [c()], containers: [c()] }))).toEqual([
      'spec.initContainers[0].name: Duplicate value: "c00"',
    ]);
  });

  it("container ports: range, required, names, protocol, host port clashes", () => {
    const ports = [
      { containerPort: 0 },
      { containerPort: 70000, name: "HTTP" },
      { containerPort: 80, name: "web-server-port-1" },
      { containerPort: 81, name: "8080" },
      { containerPort: 82, protocol: "tcp" },
      { containerPort: 83, name: "a--b" },
    ];
    expect(messages(pod({ containers: [c({ ports })] }))).toEqual([
      "spec.containers[0].ports[0].containerPort: Required value",
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[1].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[2].name: Invalid value: "web-server-port-1": must be no more than 15 characters',
      'spec.containers[0].ports[3].name: Invalid value: "8080": must contain at least one letter (a-z)',
      'spec.containers[0].ports[4].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[5].name: Invalid value: "a--b": must not contain consecutive hyphens',
    ]);
    const twoOn8080 = [
      c({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
      c({ name: "c01", ports: [{ containerPort: 81, hostPort: 8080 }] }),
    ];
    expect(messages(pod({ containers: twoOn8080 }))).toEqual([
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ]);
  });

  it("restartPolicy, dnsPolicy and imagePullPolicy values", () => {
    expect(
      messages(
        pod({
          restartPolicy: "always",
          dnsPolicy: "Cluster",
          containers: [c({ imagePullPolicy: "IfNotExists" })],
        }),
      ),
    ).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "IfNotExists": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "always": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it("volume mounts must name a volume; volumes must be labels", () => {
    const spec = {
      volumes: [
        { name: "Data", emptyDir: {} },
        { name: "h", hostPath: { path: "/tmp/../etc" } },
      ],
      containers: [
        c({
          volumeMounts: [
            { name: "data", mountPath: "/data" },
            { name: "h", mountPath: "/data" },
          ],
        }),
      ],
    };
    expect(messages(pod(spec))).toEqual([
      `spec.volumes[0].name: Invalid value: "Data": ${LABEL_MSG}`,
      `spec.volumes[1].hostPath.path: Invalid value: "/tmp/../etc": must not contain '..'`,
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.containers[0].volumeMounts[1].name: Not found: "h"',
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
    expect(
      messages(pod({ volumes: [{ name: "v", emptyDir: {}, hostPath: { path: "/x" } }], containers: [c()] })),
    ).toEqual(["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]);
  });

  it("env, requests over limits and probes", () => {
    const ctr = c({
      env: [
        { name: "A=B", value: "1" },
        { value: "x" },
        { name: "X", value: "1", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      ],
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "500m", memory: "1Gi" } },
      livenessProbe: { tcpSocket: { port: 0 }, successThreshold: 2 },
      readinessProbe: { httpGet: { port: "http-port-number-x" } },
    });
    expect(messages(pod({ containers: [ctr] }))).toEqual([
      `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      "spec.containers[0].env[1].name: Required value",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
      "spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
      'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "http-port-number-x": must be no more than 15 characters',
    ]);
  });

  it("tolerations and node selector", () => {
    const spec = {
      containers: [c()],
      nodeSelector: { "disk type": "ssd" },
      tolerations: [
        { key: "k", operator: "Exist" },
        { operator: "Equal", value: "v" },
        { key: "a", operator: "Exists", value: "x" },
      ],
    };
    expect(messages(pod(spec))).toEqual([
      `spec.nodeSelector: Invalid value: "disk type": name part ${QNAME}`,
      'spec.tolerations[0].operator: Unsupported value: "Exist": supported values: "Equal", "Exists"',
      'spec.tolerations[1].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[2].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
    ]);
  });

  it("pod spec updates are forbidden apart from images and a few fields", () => {
    const old = pod({ containers: [c({ ports: [{ containerPort: 80 }] })] });
    const imageOnly = structuredClone(old);
    imageOnly.spec.containers[0].image = "httpd:2.4";
    expect(messages(imageOnly, old)).toEqual([]);
    const changed = structuredClone(old);
    changed.spec.containers[0].ports[0].containerPort = 8080;
    const [err, ...rest] = messages(changed, old);
    expect(rest).toEqual([]);
    expect(err.split("\n")[0]).toBe(
      "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    );
    expect(err).toContain("  core.PodSpec{\n- \tContainers: ");
    const added = structuredClone(old);
    added.spec.containers.push({ ...added.spec.containers[0], name: "c01" });
    expect(messages(added, old)).toEqual([
      "spec.containers: Forbidden: pod updates may not add or remove containers",
    ]);
  });
});

describe("formatting", () => {
  it("one cause on the first line, several as * lines", () => {
    const one = validate(pod({ containers: [c({ image: "" })] }));
    expect(formatInvalid("Pod", "testpod", one)).toBe(
      'The Pod "testpod" is invalid: spec.containers[0].image: Required value',
    );
    const two = validate(pod({ containers: [{ image: "" }] }));
    expect(formatInvalid("Pod", "testpod", two)).toBe(
      'The Pod "testpod" is invalid: \n* spec.containers[0].name: Required value\n* spec.containers[0].image: Required value',
    );
    expect(invalidStatusMessage("Pod", "", "testpod", two)).toBe(
      'Pod "testpod" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
  });

  it("renders values as Go does", () => {
    expect(formatFieldError({ type: "Invalid", field: "f", value: 'a"b\n', detail: "d" })).toBe(
      'f: Invalid value: "a\\"b\\n": d',
    );
    expect(formatFieldError({ type: "Invalid", field: "f", value: true, detail: "d" })).toBe(
      "f: Invalid value: true: d",
    );
    expect(formatFieldError({ type: "Invalid", field: "f", value: ["10.96.0.10"], detail: "d" })).toBe(
      'f: Invalid value: []string{"10.96.0.10"}: d',
    );
    expect(formatFieldError({ type: "Invalid", field: "f", value: { b: "2", a: "1" }, detail: "d" })).toBe(
      'f: Invalid value: map[string]string{"a":"1", "b":"2"}: d',
    );
    expect(formatFieldError({ type: "Invalid", field: "f", value: null, detail: "d" })).toBe(
      "f: Invalid value: null: d",
    );
    expect(formatFieldError({ type: "TooLong", field: "f", detail: "must have at most 5 bytes" })).toBe(
      "f: Too long: must have at most 5 bytes",
    );
  });
});
