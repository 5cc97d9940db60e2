// A test-only Kubernetes API front door for the real kubectl's `explain`: /version, discovery
// and /openapi/v3 (and /openapi/v2 as protobuf, for --output=plaintext-openapiv2), all made
// from kubesim's bundled schemas (assets/openapi-v1.32.json.gz). capture-explain.mjs runs the
// real kubectl against it; kubesim's own explain must print what kubectl prints from it.
// It listens on 127.0.0.1 only.
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { openapiV2Protobuf } from "./openapi-v2-proto.mjs";

const BUNDLE = path.join(import.meta.dirname, "..", "..", "assets", "openapi-v1.32.json.gz");

/** The served resources, as kubesim's src/apiserver/resources.ts serves them (gv kind plural scope shortnames). */
export const SERVED = `
v1 Endpoints endpoints N ep
v1 Event events N ev
v1 Namespace namespaces C ns
v1 Node nodes C no
v1 Pod pods N po
v1 Service services N svc
v1 ConfigMap configmaps N cm
v1 Secret secrets N -
v1 ServiceAccount serviceaccounts N sa
v1 LimitRange limitranges N limits
v1 PersistentVolumeClaim persistentvolumeclaims N pvc
v1 PersistentVolume persistentvolumes C pv
v1 ResourceQuota resourcequotas N quota
apps/v1 DaemonSet daemonsets N ds
apps/v1 Deployment deployments N deploy
apps/v1 ReplicaSet replicasets N rs
apps/v1 StatefulSet statefulsets N sts
apps/v1 ControllerRevision controllerrevisions N -
batch/v1 CronJob cronjobs N cj
batch/v1 Job jobs N -
coordination.k8s.io/v1 Lease leases N -
discovery.k8s.io/v1 EndpointSlice endpointslices N -
networking.k8s.io/v1 NetworkPolicy networkpolicies N netpol
rbac.authorization.k8s.io/v1 ClusterRoleBinding clusterrolebindings C -
rbac.authorization.k8s.io/v1 ClusterRole clusterroles C -
rbac.authorization.k8s.io/v1 RoleBinding rolebindings N -
rbac.authorization.k8s.io/v1 Role roles N -
storage.k8s.io/v1 StorageClass storageclasses C sc`
  .trim()
  .split("\n")
  .map((l) => {
    const [gv, kind, plural, scope, short] = l.split(/\s+/);
    const [group, version] = gv.includes("/") ? gv.split("/") : ["", gv];
    return { gv, group, version, kind, plural, namespaced: scope === "N", shortNames: short === "-" ? [] : [short] };
  });

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.2",
  gitCommit: "67a30c0adcf52bd3f56ff0893ce19966be12991f",
  gitTreeState: "clean",
  buildDate: "2025-02-12T21:19:47Z",
  goVersion: "go1.23.6",
  compiler: "gc",
  platform: "linux/amd64",
};

function groups(served) {
  const names = [...new Set(served.map((t) => t.group).filter(Boolean))];
  return names.map((name) => {
    const versions = [...new Set(served.filter((t) => t.group === name).map((t) => t.version))].map((version) => ({
      groupVersion: `${name}/${version}`,
      version,
    }));
    return { name, versions, preferredVersion: versions[0] };
  });
}

function resourceList(served, gv) {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: gv,
    resources: served.filter((t) => t.gv === gv).map((t) => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: VERBS,
      ...(t.shortNames.length && { shortNames: t.shortNames }),
    })),
  };
}

/** The /openapi/v3/<gv> document: the resources' paths (where kubectl finds each GVK) and the schemas. */
function v3Document(served, gv, schemas) {
  const prefix = gv === "v1" ? "/api/v1" : `/apis/${gv}`;
  const paths = {};
  for (const t of served.filter((t) => t.gv === gv)) {
    const p = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}` : `${prefix}/${t.plural}`;
    paths[p] = { get: { "x-kubernetes-group-version-kind": { group: t.group, kind: t.kind, version: t.version } } };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.2" }, paths, components: { schemas } };
}

/**
 * Serves until stopped; resolves to { port, close }. `extra` adds kinds of one's own (a
 * CustomResourceDefinition's, say): { group, version, kind, plural, namespaced, schema }.
 */
export function serve(port = 0, extra = []) {
  const bundle = JSON.parse(zlib.gunzipSync(fs.readFileSync(BUNDLE)).toString("utf8"));
  const served = [...SERVED];
  for (const e of extra) {
    const gv = e.group ? `${e.group}/${e.version}` : e.version;
    served.push({ gv, group: e.group, version: e.version, kind: e.kind, plural: e.plural, namespaced: e.namespaced, shortNames: [] });
    const gvk = { group: e.group, kind: e.kind, version: e.version };
    bundle.schemas[`${e.group || "core"}.${e.version}.${e.kind}`] = { ...e.schema, "x-kubernetes-group-version-kind": [gvk] };
  }
  const gvs = [...new Set(served.map((t) => t.gv))];
  let v2;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://oracle");
    const p = url.pathname.replace(/\/+$/, "");
    const json = (code, body) => {
      res.writeHead(code, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (process.env.ORACLE_LOG) process.stderr.write(`openapi-server: ${req.method} ${req.url}\n`);
    if (p === "/version") return json(200, VERSION);
    if (p === "/api") return json(200, { kind: "APIVersions", versions: ["v1"] });
    if (p === "/apis") return json(200, { kind: "APIGroupList", apiVersion: "v1", groups: groups(served) });
    if (p === "/openapi/v3") {
      const paths = {};
      for (const gv of gvs) {
        const key = gv === "v1" ? "api/v1" : `apis/${gv}`;
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=0` };
      }
      return json(200, { paths });
    }
    let m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(p);
    if (m) return json(200, v3Document(served, m[1] ?? m[2], bundle.schemas));
    if (p === "/openapi/v2") {
      v2 ??= openapiV2Protobuf(bundle.schemas);
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      return res.end(v2);
    }
    m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(p);
    if (m && gvs.includes(m[1] ?? m[2])) return json(200, resourceList(served, m[1] ?? m[2]));
    m = /^\/apis\/([^/]+)$/.exec(p);
    const group = m && groups(served).find((g) => g.name === m[1]);
    if (group) return json(200, { kind: "APIGroup", apiVersion: "v1", ...group });
    json(404, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server could not find the requested resource",
      reason: "NotFound",
      details: {},
      code: 404,
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      resolve({ port: typeof addr === "object" && addr ? addr.port : port, close: () => server.close() });
    });
  });
}
