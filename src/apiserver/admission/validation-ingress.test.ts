import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { strictDecode } from "./decode.js";
import { admit } from "./testutil.js";
import { formatFieldError } from "./validation/errors.js";
import { validate } from "./validation/index.js";

const ing = (spec: object, annotations?: Record<string, string>): KObject =>
  ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "i", ...(annotations ? { annotations } : {}) },
    spec,
  }) as KObject;
const ic = (spec: object): KObject =>
  ({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "c" }, spec }) as KObject;
const messages = (o: KObject) => {
  const a = admit(o);
  // IngressClass is cluster-scoped: testutil's admit gives every kind but two a namespace.
  if (a.kind === "IngressClass") delete a.metadata.namespace;
  return validate(a).map(formatFieldError);
};
const svc = (name: string, port: object) => ({ service: { name, port } });

describe("Ingress admission", () => {
  it("stores an empty load balancer status and generation 1", () => {
    const a = admit(ing({ defaultBackend: svc("web", { number: 80 }) }));
    expect(a.status).toEqual({ loadBalancer: {} });
    expect(a.metadata.generation).toBe(1);
  });

  it("needs rules or a default backend", () => {
    expect(messages(ing({}))).toEqual([
      "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified",
    ]);
  });

  it("checks each backend's service name and port", () => {
    expect(
      messages(
        ing({
          defaultBackend: svc("", {}),
          rules: [
            {
              http: {
                paths: [
                  { path: "/", pathType: "Prefix", backend: svc("a", { number: 70000 }) },
                  { path: "/", pathType: "Prefix", backend: svc("a", { name: "HTTP_" }) },
                ],
              },
            },
          ],
        }),
      ),
    ).toEqual([
      "spec.defaultBackend.service.name: Required value",
      "spec.defaultBackend: Required value: port name or number is required",
      "spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.rules[0].http.paths[1].backend.service.port.name: Invalid value: "HTTP_": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.rules[0].http.paths[1].backend.service.port.name: Invalid value: "HTTP_": must contain at least one letter (a-z)',
    ]);
  });

  it("refuses a class annotation that disagrees with ingressClassName", () => {
    expect(
      messages(
        ing(
          { ingressClassName: "nginx", defaultBackend: svc("a", { number: 80 }) },
          { "kubernetes.io/ingress.class": "x" },
        ),
      ),
    ).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "x": must match `ingressClassName` when both are specified',
    ]);
  });

  it("decodes strictly, quoting the Go types", () => {
    expect(
      strictDecode(
        ing({ rules: [{ http: { paths: [{ backend: { service: { port: { number: "80" } } } }] } }] }) as any,
      ).typeError,
    ).toBe(
      "json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.rules.http.paths.backend.service.port.number of type int32",
    );
  });
});

describe("IngressClass admission", () => {
  it("defaults a parameters scope to Cluster", () => {
    const a = admit(ic({ controller: "k8s.io/x", parameters: { kind: "K", name: "n" } }));
    expect(a.spec.parameters.scope).toBe("Cluster");
    expect(messages(ic({ controller: "k8s.io/x", parameters: { kind: "K", name: "n" } }))).toEqual([]);
  });

  it("checks the controller and parameters", () => {
    expect(messages(ic({}))).toEqual(["spec.controller: Required value"]);
    expect(messages(ic({ controller: "nginx" }))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(
      messages(ic({ controller: "k8s.io/x", parameters: { kind: "K", name: "a/b", scope: "Namespace" } })),
    ).toEqual([
      "spec.parameters.name: Invalid value: \"a/b\": may not contain '/'",
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
  });
});
