import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { validateValidatingWebhookConfiguration } from "./admission/validation/admissionregistration.js";
import { formatFieldError } from "./admission/validation/errors.js";
import type { AdmissionContext } from "./context.js";
import { StatusError } from "./errors.js";
import { CONFIGMAPS, NAMESPACES, PODS, type ResourceType } from "./resources.js";
import type { ApiServer } from "./server.js";
import { callWebhooks } from "./webhooks.js";

/** A context over a fixed set of objects: the webhook path only reads. */
function context(objects: KObject[], backend?: AdmissionContext["webhookBackend"]): AdmissionContext {
  const of = (r: ResourceType) => objects.filter((o) => o.kind === r.kind);
  const api = {
    all: of,
    get: (r: ResourceType, ns: string | undefined, name: string) =>
      of(r).find((o) => o.metadata.name === name && (!r.namespaced || o.metadata.namespace === ns)),
  } as unknown as ApiServer;
  return { api, rng: undefined as never, t: 0, ...(backend ? { webhookBackend: backend } : {}) };
}

const hook = (extra: object = {}) => ({
  name: "pods.policy.example.com",
  clientConfig: { service: { namespace: "policy", name: "hook", path: "/validate", port: 443 } },
  rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], scope: "*" }],
  failurePolicy: "Fail",
  namespaceSelector: {},
  objectSelector: {},
  sideEffects: "None",
  timeoutSeconds: 5,
  admissionReviewVersions: ["v1"],
  ...extra,
});

const config = (extra: object = {}): KObject =>
  ({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "policy" },
    webhooks: [hook(extra)],
  }) as KObject;

const svc: KObject = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "hook", namespace: "policy" },
  spec: { clusterIP: "10.96.0.50", ports: [{ name: "https", port: 443, targetPort: 8443 }] },
};
const endpoints: KObject = {
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "hook", namespace: "policy" },
  subsets: [
    {
      addresses: [{ ip: "10.244.0.9", targetRef: { kind: "Pod", namespace: "policy", name: "hook-pod" } }],
      ports: [{ name: "https", port: 8443 }],
    },
  ],
};
const hookPod: KObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "hook-pod", namespace: "policy" },
};
const ns = (name: string, labels?: Record<string, string>): KObject => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, ...(labels ? { labels } : {}) },
});
const pod = (labels?: Record<string, string>): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", ...(labels ? { labels } : {}) },
});

const createPod = (c: AdmissionContext, obj: KObject = pod()) =>
  callWebhooks(c, "validating", { operation: "CREATE", resource: PODS, object: obj });

function failure(fn: () => void): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("webhook calls", () => {
  it("fails a matching write when the Service has no ready endpoint, with the dial kind's apiserver makes", () => {
    const e = failure(() => createPod(context([config(), svc, ns("default")])));
    expect(e.reason).toBe("InternalError");
    expect(e.message).toBe(
      'Internal error occurred: failed calling webhook "pods.policy.example.com": failed to call webhook: Post "https://hook.policy.svc:443/validate?timeout=5s": dial tcp 10.96.0.50:443: connect: connection refused',
    );
  });

  it("skips an unreachable webhook whose failurePolicy is Ignore", () => {
    expect(() => createPod(context([config({ failurePolicy: "Ignore" }), ns("default")]))).not.toThrow();
  });

  it("names a missing Service, and calls a Service without path at /", () => {
    expect(failure(() => createPod(context([config(), ns("default")]))).message).toContain(
      ': service "hook" not found',
    );
    const noPath = config({ clientConfig: { service: { namespace: "policy", name: "hook", port: 443 } } });
    expect(failure(() => createPod(context([noPath, ns("default")]))).message).toContain(
      'Post "https://hook.policy.svc:443/?timeout=5s": service "hook" not found',
    );
  });

  it("admits through a ready endpoint, and reports what the pod behind it answers", () => {
    const objects = [config(), svc, endpoints, hookPod, ns("default")];
    expect(() => createPod(context(objects))).not.toThrow();
    const denying = context(objects, () => ({ denied: "no pods today" }));
    const e = failure(() => createPod(denying));
    expect([e.reason, e.message]).toEqual([
      "BadRequest",
      'admission webhook "pods.policy.example.com" denied the request: no pods today',
    ]);
    const refusing = context(objects, () => ({ refused: true }));
    expect(failure(() => createPod(refusing)).message).toContain(
      "dial tcp 10.96.0.50:443: connect: connection refused",
    );
  });

  it("is called only for writes its rules and selectors match", () => {
    const base = [svc, ns("default", { policy: "enforced" })];
    const down = (
      extra: object,
      obj: KObject = pod(),
      op: "CREATE" | "UPDATE" = "CREATE",
      r: ResourceType = PODS,
    ) => {
      const c = context([config(extra), ...base]);
      return () => callWebhooks(c, "validating", { operation: op, resource: r, object: obj });
    };
    expect(down({}, pod(), "UPDATE")).not.toThrow();
    expect(down({}, { ...pod(), kind: "ConfigMap" }, "CREATE", CONFIGMAPS)).not.toThrow();
    expect(
      down({ rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }] }),
    ).toThrow();
    expect(
      down({
        rules: [
          { operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], scope: "Cluster" },
        ],
      }),
    ).not.toThrow();
    expect(down({ namespaceSelector: { matchLabels: { policy: "enforced" } } })).toThrow();
    expect(down({ namespaceSelector: { matchLabels: { policy: "audit" } } })).not.toThrow();
    expect(down({ objectSelector: { matchLabels: { app: "web" } } })).not.toThrow();
    expect(down({ objectSelector: { matchLabels: { app: "web" } } }, pod({ app: "web" }))).toThrow();
    // A Namespace is matched by its own labels.
    const nsHook = {
      rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["namespaces"] }],
    };
    expect(
      down(
        { ...nsHook, namespaceSelector: { matchLabels: { team: "a" } } },
        ns("x", { team: "a" }),
        "CREATE",
        NAMESPACES,
      ),
    ).toThrow();
    expect(
      down({ ...nsHook, namespaceSelector: { matchLabels: { team: "a" } } }, ns("x"), "CREATE", NAMESPACES),
    ).not.toThrow();
  });

  it("never sends webhook configurations to webhooks", () => {
    const c = context([
      config({ rules: [{ operations: ["*"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }] }),
    ]);
    const r = {
      ...NAMESPACES,
      group: "admissionregistration.k8s.io",
      plural: "validatingwebhookconfigurations",
    };
    expect(() =>
      callWebhooks(c, "validating", { operation: "CREATE", resource: r, object: config() }),
    ).not.toThrow();
  });
});

describe("webhook configuration validation", () => {
  const errors = (extra: object) =>
    validateValidatingWebhookConfiguration(config(extra)).map((e) => formatFieldError(e));
  it("accepts a complete webhook", () => {
    expect(errors({})).toEqual([]);
  });
  it("reports the common mistakes with the apiserver's texts", () => {
    expect(errors({ name: "k8s.io", sideEffects: undefined, admissionReviewVersions: [] })).toEqual([
      'webhooks[0].name: Invalid value: "k8s.io": should be a domain with at least three segments separated by dots',
      "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
      "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
    ]);
    expect(errors({ failurePolicy: "other", clientConfig: {} })).toEqual([
      'webhooks[0].failurePolicy: Unsupported value: "other": supported values: "Fail", "Ignore"',
      "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
    ]);
    expect(
      errors({ clientConfig: { service: { namespace: "ns", name: "n", path: "/foo//bar/", port: 443 } } }),
    ).toEqual([
      'webhooks[0].clientConfig.service.path: Invalid value: "/foo//bar/": segment[1] may not be empty',
    ]);
    expect(
      errors({
        rules: [{ operations: ["CREATE"], apiGroups: ["a"], apiVersions: ["a"], resources: ["*/*", "a"] }],
      }),
    ).toEqual([
      'webhooks[0].rules[0].resources: Invalid value: []string{"*/*", "a"}: if \'*/*\' is present, must not specify other resources',
    ]);
  });
});
