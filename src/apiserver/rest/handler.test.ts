// The API server's REST door: who a request is (anonymous, a ServiceAccount token, a bad
// token), what RBAC lets it do (the real 403 texts), and what it gets back (discovery, typed
// JSON in Go's field order, pretty for curl and wget, Status objects for failures).
import { describe, expect, it } from "vitest";
import type { KObject } from "../../api/types.js";
import { bootstrap } from "../../cluster/bootstrap.js";
import { Cluster } from "../../cluster/cluster.js";
import { Rng } from "../../util/rng.js";
import { createObject } from "../admit.js";
import { PODS, SERVICEACCOUNTS } from "../resources.js";
import { mintToken } from "../tokens.js";
import { encodeJson } from "./encode.js";
import { type RestResponse, serveRest } from "./handler.js";

const ENV = { KUBESIM_NOW: "2026-11-27T10:00:00Z" };
const NOW = Date.parse(ENV.KUBESIM_NOW);

function cluster(): Cluster {
  const b = bootstrap({ name: "t", nodes: 2, seed: 1, timeScale: 1, loadBalancer: false }, ENV);
  const c = new Cluster({ state: b.state, objects: b.objects }, ENV);
  if (!c.api.get(SERVICEACCOUNTS, "default", "default"))
    c.api.insert({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: "default" },
    });
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  } as unknown as KObject;
  createObject(c, pod, "default");
  return c;
}

function tokenFor(
  c: Cluster,
  opts: { bound?: boolean; expirationSeconds?: number; now?: number } = {},
): string {
  const sa = c.api.mustGet(SERVICEACCOUNTS, "default", "default");
  const pod = c.api.mustGet(PODS, "default", "web");
  return mintToken({
    namespace: "default",
    serviceAccount: { name: "default", uid: sa.metadata.uid ?? "" },
    ...(opts.bound === false ? {} : { pod: { name: "web", uid: pod.metadata.uid ?? "" } }),
    ...(opts.expirationSeconds ? { expirationSeconds: opts.expirationSeconds } : {}),
    now: Math.floor((opts.now ?? NOW) / 1000),
    jti: "11111111-2222-4333-a444-555555555555",
  }).token;
}

function get(c: Cluster, target: string, headers: [string, string][] = []): RestResponse {
  const rng = Rng.forKey("test");
  return serveRest(
    { api: c.api, nowMs: NOW, serverAddress: "172.18.0.2:6443", uuid: () => rng.uuid() },
    { method: "GET", target, headers: [["User-Agent", "curl/8.11.1"], ...headers], body: "" },
  );
}

const json = (r: RestResponse) => JSON.parse(r.body);
const bearer = (t: string): [string, string] => ["Authorization", `Bearer ${t}`];

describe("serveRest: public endpoints and discovery", () => {
  it("answers /version and the health checks to anyone", () => {
    const c = cluster();
    const v = get(c, "/version");
    expect(v.status).toBe(200);
    expect(json(v).gitVersion).toBe("v1.32.2");
    expect(v.body.endsWith("}")).toBe(true);
    for (const p of ["/healthz", "/livez", "/readyz"]) {
      const r = get(c, p);
      expect([r.status, r.body]).toEqual([200, "ok"]);
      expect(r.headers).toContainEqual(["Content-Type", "text/plain; charset=utf-8"]);
    }
  });

  it("forbids discovery to anonymous users, with the path in the message", () => {
    const r = get(cluster(), "/api");
    expect(r.status).toBe(403);
    expect(json(r)).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
      reason: "Forbidden",
      details: {},
      code: 403,
    });
  });

  it("serves /api, /apis and the resource lists to an authenticated user", () => {
    const c = cluster();
    const auth = [bearer(tokenFor(c))];
    expect(json(get(c, "/api", auth)).serverAddressByClientCIDRs[0].serverAddress).toBe("172.18.0.2:6443");
    const groups = json(get(c, "/apis", auth)).groups.map((g: { name: string }) => g.name);
    expect(groups.indexOf("apps")).toBeLessThan(groups.indexOf("batch"));
    const v1 = json(get(c, "/api/v1", auth));
    expect(v1.apiVersion).toBeUndefined();
    const pods = v1.resources.find((r: { name: string }) => r.name === "pods");
    expect(pods).toMatchObject({ kind: "Pod", shortNames: ["po"], storageVersionHash: "xPOwRZ+Yhw8=" });
    const apps = json(get(c, "/apis/apps/v1", auth));
    expect(apps.apiVersion).toBe("v1");
    expect(apps.resources.find((r: { name: string }) => r.name === "deployments").storageVersionHash).toBe(
      "8aSe+NMegvE=",
    );
    // Outside the API's groups the mux says Go's 404; inside a served group version, a Status.
    expect(get(c, "/apis/nope.example.com", auth)).toMatchObject({
      status: 404,
      body: "404 page not found\n",
    });
    // Authorization runs first: an unknown resource is forbidden like any other...
    expect(json(get(c, "/api/v1/foos", auth)).reason).toBe("Forbidden");
    c.api.insert({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "sa-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "default", namespace: "default" }],
    } as unknown as KObject);
    // ...and, once allowed, not found.
    expect(json(get(c, "/api/v1/foos", auth))).toMatchObject({
      message: "the server could not find the requested resource",
      reason: "NotFound",
      details: {},
      code: 404,
    });
  });
});

describe("serveRest: authentication and authorization", () => {
  it("lets a pod's token in as its ServiceAccount, which RBAC forbids to list pods", () => {
    const c = cluster();
    const r = get(c, "/api/v1/namespaces/default/pods", [bearer(tokenFor(c))]);
    expect(r.status).toBe(403);
    expect(json(r).message).toBe(
      'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(json(r).details).toEqual({ kind: "pods" });
  });

  it("names the object, the group and the cluster scope in a 403", () => {
    const c = cluster();
    const anon = json(get(c, "/api/v1/namespaces/default/pods/web"));
    expect(anon.message).toBe(
      'pods "web" is forbidden: User "system:anonymous" cannot get resource "pods" in API group "" in the namespace "default"',
    );
    const deploy = json(get(c, "/apis/apps/v1/deployments"));
    expect(deploy.message).toBe(
      'deployments.apps is forbidden: User "system:anonymous" cannot list resource "deployments" in API group "apps" at the cluster scope',
    );
    expect(deploy.details).toEqual({ group: "apps", kind: "deployments" });
  });

  it("refuses a token it did not sign, an expired one, and one whose pod is gone (401)", () => {
    const c = cluster();
    expect(get(c, "/version", [bearer("nonsense")]).status).toBe(401);
    const t = tokenFor(c);
    const forged = `${t.split(".").slice(0, 2).join(".")}.AAAA`;
    expect(json(get(c, "/version", [bearer(forged)]))).toMatchObject({ reason: "Unauthorized", code: 401 });
    const old = tokenFor(c, { bound: false, expirationSeconds: 600, now: NOW - 3600_000 });
    expect(get(c, "/version", [bearer(old)]).status).toBe(401);
    c.api.remove(c.api.mustGet(PODS, "default", "web"));
    expect(get(c, "/version", [bearer(t)]).status).toBe(401);
  });

  it("serves lists and objects once a RoleBinding grants view", () => {
    const c = cluster();
    c.api.insert({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "default-view", namespace: "default" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "default", namespace: "default" }],
    } as unknown as KObject);
    const auth = [bearer(tokenFor(c))];
    const list = get(c, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", auth);
    expect(list.status).toBe(200);
    const doc = json(list);
    expect(Object.keys(doc)).toEqual(["kind", "apiVersion", "metadata", "items"]);
    expect(doc.kind).toBe("PodList");
    expect(doc.metadata.resourceVersion).toBe(String(c.api.state.resourceVersion));
    expect(doc.items.map((p: KObject) => p.metadata.name)).toEqual(["web"]);
    expect(doc.items[0].kind).toBeUndefined();
    expect(json(get(c, "/api/v1/namespaces/default/pods?labelSelector=app%3Dother", auth)).items).toEqual([]);
    const one = json(get(c, "/api/v1/namespaces/default/pods/web", auth));
    expect(Object.keys(one).slice(0, 3)).toEqual(["kind", "apiVersion", "metadata"]);
    expect(json(get(c, "/api/v1/namespaces/default/pods/nope", auth))).toMatchObject({
      message: 'pods "nope" not found',
      reason: "NotFound",
      details: { name: "nope", kind: "pods" },
      code: 404,
    });
    expect(get(c, "/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx", auth).status).toBe(400);
  });
});

describe("encodeJson", () => {
  it("indents with two spaces and no newline when pretty, one compact line otherwise", () => {
    const doc = { kind: "X", b: { z: 1, a: [] } };
    expect(encodeJson(doc, undefined, true)).toBe(
      '{\n  "b": {\n    "a": [],\n    "z": 1\n  },\n  "kind": "X"\n}',
    );
    expect(encodeJson(doc, undefined, false)).toBe('{"b":{"a":[],"z":1},"kind":"X"}\n');
  });

  it("escapes HTML-significant characters as Go does", () => {
    expect(encodeJson({ a: "<b>&" }, undefined, false)).toBe('{"a":"\\u003cb\\u003e\\u0026"}\n');
  });

  it("serves compact JSON to a client that is not a human's tool", () => {
    const c = cluster();
    const rng = Rng.forKey("t");
    const r = serveRest(
      { api: c.api, nowMs: NOW, serverAddress: "172.18.0.2:6443", uuid: () => rng.uuid() },
      { method: "GET", target: "/version", headers: [["User-Agent", "kubectl/v1.32.2"]], body: "" },
    );
    // /version is written raw and always indented; a Status follows the client.
    expect(r.body.startsWith("{\n")).toBe(true);
    const s = serveRest(
      { api: c.api, nowMs: NOW, serverAddress: "172.18.0.2:6443", uuid: () => rng.uuid() },
      { method: "GET", target: "/api", headers: [["User-Agent", "kubectl/v1.32.2"]], body: "" },
    );
    expect(s.body.endsWith("}\n")).toBe(true);
    expect(s.body.split("\n")).toHaveLength(2);
  });
});
