// kube-apiserver's HTTP front door, as a client inside the cluster meets it on 6443 (or
// through the `kubernetes` Service): the filter chain in its real order (authentication,
// then authorization through the RBAC authorizer `kubectl auth can-i` uses), then the
// handlers: /version and the health checks, discovery, and GET/LIST of the served kinds as
// typed JSON. Pure over the API objects: the network layer carries bytes to and from here.
import type { KObject } from "../../api/types.js";
import {
  type FieldRequirement,
  FieldSelectorParseError,
  fieldSupported,
  matchesFields,
  parseFieldSelector,
} from "../fields.js";
import { matches, parseSelector, type Selector, SelectorParseError } from "../labels.js";
import { type Attributes, authorize, type UserInfo } from "../rbac/authorizer.js";
import { rbacObjectsOf } from "../rbac/objects.js";
import { RESOURCES, type ResourceType } from "../resources.js";
import type { ApiServer } from "../server.js";
import { authenticate } from "./authn.js";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from "./discovery.js";
import { AS_BUILT, encodeJson, kindType, type Shape, wantsPretty } from "./encode.js";
import * as st from "./status.js";

export interface RestRequest {
  method: string;
  /** The request target: path and query. */
  target: string;
  headers: [string, string][];
  body: string;
}

export interface RestResponse {
  status: number;
  /** Header names as Go canonicalises them, in the order Go writes an HTTP/1.1 answer. */
  headers: [string, string][];
  body: string;
}

export interface RestContext {
  api: ApiServer;
  nowMs: number;
  /** Where the server says it is reached (/api's serverAddressByClientCIDRs). */
  serverAddress: string;
  /** The audit ID and the flow-control UIDs: uuids from the caller's random source. */
  uuid(): string;
  /**
   * The user a trusted front end already authenticated (kubectl proxy presents the learner's
   * kubernetes-admin client certificate): no Authorization header is read.
   */
  user?: UserInfo;
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  503: "Service Unavailable",
};

export const reasonPhrase = (code: number) => STATUS_TEXT[code] ?? "";

/** What RequestInfoFactory makes of a request: a resource request or a plain path. */
interface RequestInfo {
  verb: string;
  path: string;
  resourceRequest: boolean;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

/** Subresources of a namespace object itself (/namespaces/NAME/status), not kinds in it. */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    verb: method.toLowerCase(),
    path,
    resourceRequest: false,
    group: "",
    version: "",
    namespace: "",
    resource: "",
    subresource: "",
    name: "",
  };
  let parts = path.split("/").filter((p) => p !== "");
  if (parts.length < 3 || (parts[0] !== "api" && parts[0] !== "apis")) return info;
  const prefix = parts[0];
  parts = parts.slice(1);
  if (prefix === "apis") {
    if (parts.length < 3) return info;
    info.group = parts[0];
    parts = parts.slice(1);
  }
  info.resourceRequest = true;
  info.version = parts[0];
  parts = parts.slice(1);
  if (parts[0] === "namespaces" && parts.length > 1) {
    info.namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
  }
  info.resource = parts[0] ?? "";
  info.name = parts[1] ?? "";
  info.subresource = parts[2] ?? "";
  const verbs: Record<string, string> = {
    POST: "create",
    GET: "get",
    HEAD: "get",
    PUT: "update",
    PATCH: "patch",
    DELETE: "delete",
  };
  info.verb = verbs[method] ?? "";
  // Any watch value but "false" or "0" (even an empty one) makes a list a watch.
  const w = query.get("watch");
  const watch = w !== null && !["false", "0"].includes(w.toLowerCase());
  if (!info.name && info.verb === "get") info.verb = watch ? "watch" : "list";
  if (!info.name && info.verb === "delete") info.verb = "deletecollection";
  return info;
}

function header(req: RestRequest, name: string): string | undefined {
  return req.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** Serves one request; the caller has already done TLS (see servingCert). */
export function serveRest(ctx: RestContext, req: RestRequest): RestResponse {
  const q = req.target.indexOf("?");
  const path = q < 0 ? req.target : req.target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : req.target.slice(q + 1));
  const pretty = wantsPretty(query, header(req, "User-Agent") ?? "");
  const audit: [string, string] = ["Audit-Id", ctx.uuid()];
  const before: [string, string][] = [audit, ["Cache-Control", "no-cache, private"]];
  const authn = ctx.user
    ? { ok: true as const, user: ctx.user }
    : authenticate(ctx.api, header(req, "Authorization"), ctx.nowMs);
  // Authentication fails before flow control: no flow-schema headers on a 401.
  if (!authn.ok) return respond(ctx, before, st.unauthorized(), AS_BUILT, pretty);
  // Flow control classifies every authenticated request before authorization runs.
  const flow: [string, string][] = [
    ["X-Kubernetes-Pf-Flowschema-Uid", ctx.uuid()],
    ["X-Kubernetes-Pf-Prioritylevel-Uid", ctx.uuid()],
  ];
  const info = requestInfo(req.method, path, query);
  const attrs = attributes(authn.user, info);
  const decision = authorize(rbacObjectsOf(ctx.api), attrs);
  // responsewriters.Forbidden is the one writer that adds nosniff to a JSON answer.
  if (!decision.allowed)
    return respond(ctx, [...before, ...flow], st.forbidden(attrs, decision.reason), AS_BUILT, pretty, true);
  const r = info.resourceRequest ? serveResource(ctx, info, query) : serveNonResource(ctx, info);
  if ("text" in r) {
    const headers: [string, string][] = [
      ...before,
      ["Content-Type", "text/plain; charset=utf-8"],
      ["X-Content-Type-Options", "nosniff"],
      ...flow,
    ];
    return finish(ctx, r.status ?? 200, headers, r.text);
  }
  return respond(ctx, [...before, ...flow], r.doc, r.shape, pretty || r.alwaysPretty === true);
}

function attributes(user: UserInfo, info: RequestInfo): Attributes {
  if (!info.resourceRequest) return { user, verb: info.verb, path: info.path };
  return {
    user,
    verb: info.verb,
    namespace: info.namespace,
    apiGroup: info.group,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
  };
}

type Served = { text: string; status?: number } | { doc: object; shape: Shape; alwaysPretty?: boolean };

/** Go's http.NotFound, what the mux answers for a path outside the API's groups. */
const NOT_FOUND: Served = { text: "404 page not found\n", status: 404 };
/** go-restful's answer to a method its route does not take. */
const NOT_ALLOWED: Served = { text: "405: Method Not Allowed", status: 405 };

function serveNonResource(ctx: RestContext, info: RequestInfo): Served {
  const p = info.path;
  const get = info.verb === "get" || info.verb === "head";
  const known = [
    "/healthz",
    "/livez",
    "/readyz",
    "/version",
    "/version/",
    "/api",
    "/api/",
    "/apis",
    "/apis/",
  ];
  if (!get) return known.includes(p) ? NOT_ALLOWED : NOT_FOUND;
  if (p === "/healthz" || p === "/livez" || p === "/readyz") return { text: "ok" };
  // /version answers through WriteRawJSON, which always indents.
  if (p === "/version" || p === "/version/")
    return { doc: VERSION_INFO, shape: AS_BUILT, alwaysPretty: true };
  if (p === "/api" || p === "/api/") return { doc: apiVersions(ctx.serverAddress), shape: AS_BUILT };
  if (p === "/apis" || p === "/apis/") return { doc: apiGroupList(), shape: AS_BUILT };
  const parts = p.split("/").filter((x) => x);
  if (parts[0] === "api" && parts.length === 2) {
    const list = apiResourceList("", parts[1]);
    if (list) return { doc: list, shape: AS_BUILT };
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const g = apiGroup(parts[1]);
    if (g) return { doc: g, shape: AS_BUILT };
  }
  if (parts[0] === "apis" && parts.length === 3) {
    const list = apiResourceList(parts[1], parts[2]);
    if (list) return { doc: list, shape: AS_BUILT };
  }
  return NOT_FOUND;
}

function resourceTypeOf(info: RequestInfo): ResourceType | undefined {
  return RESOURCES.find(
    (r) => r.group === info.group && r.version === info.version && r.plural === info.resource,
  );
}

/** The object as the server stores and returns it: TypeMeta set. */
function typed(r: ResourceType, o: KObject): KObject {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  return { ...o, kind: r.kind, apiVersion };
}

function serveResource(ctx: RestContext, info: RequestInfo, query: URLSearchParams): Served {
  const r = resourceTypeOf(info);
  // A group/version served with no such resource; or one not served at all.
  if (!r || (info.namespace && !r.namespaced && info.resource !== "namespaces"))
    return { doc: st.noSuchPath(), shape: AS_BUILT };
  if (info.subresource && info.subresource !== "status") return { doc: st.noSuchPath(), shape: AS_BUILT };
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const type = kindType(apiVersion, r.kind);
  if (info.verb === "get") {
    const ns = r.namespaced ? info.namespace : undefined;
    const o = ctx.api.get(r, ns, info.name);
    if (!o) return { doc: st.notFound(r.group, r.plural, info.name), shape: AS_BUILT };
    return { doc: typed(r, o), shape: type };
  }
  if (info.verb === "list") {
    let labels: Selector;
    let fields: FieldRequirement[];
    try {
      labels = parseSelector(query.get("labelSelector") ?? "");
      fields = parseFieldSelector(query.get("fieldSelector") ?? "");
    } catch (e) {
      if (e instanceof SelectorParseError || e instanceof FieldSelectorParseError)
        return { doc: st.badRequest(e.message), shape: AS_BUILT };
      throw e;
    }
    const bad = fields.find((f) => !fieldSupported(r, f.field));
    if (bad) return { doc: st.badRequest(`field label not supported: ${bad.field}`), shape: AS_BUILT };
    const ns = r.namespaced && info.namespace ? info.namespace : undefined;
    const items = ctx.api
      .list(r, ns)
      .filter((o) => matches(labels, o.metadata.labels) && matchesFields(r, fields, o))
      .map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    const doc = {
      kind: `${r.kind}List`,
      apiVersion,
      metadata: { resourceVersion: String(ctx.api.state.resourceVersion) },
      items,
    };
    return { doc, shape: listShape(type) };
  }
  // Writes and watches are authorized above but not served over this door.
  return { doc: st.methodNotAllowed(), shape: AS_BUILT };
}

function listShape(item: Shape): Shape {
  if (item === undefined || item === AS_BUILT || item.kind !== "struct") return undefined;
  return {
    kind: "struct",
    def: {
      name: `${item.def.name}List`,
      pkg: item.def.pkg,
      fields: {
        kind: { kind: "string", go: "string" },
        apiVersion: { kind: "string", go: "string" },
        metadata: { kind: "struct", def: { name: "ListMeta", pkg: "v1", fields: {} } },
        items: { kind: "list", items: item },
      },
    },
  };
}

function respond(
  ctx: RestContext,
  head: [string, string][],
  doc: object,
  shape: Shape,
  pretty: boolean,
  nosniff = false,
): RestResponse {
  const code = "code" in doc && typeof doc.code === "number" ? doc.code : 200;
  const headers: [string, string][] = [...head];
  // Go writes the header map sorted: Content-Type falls between Cache-Control and the X- ones.
  const at = headers.findIndex(([k]) => k.startsWith("X-"));
  const ct: [string, string][] = [["Content-Type", "application/json"]];
  if (nosniff) ct.push(["X-Content-Type-Options", "nosniff"]);
  headers.splice(at < 0 ? headers.length : at, 0, ...ct);
  return finish(ctx, code, headers, encodeJson(doc, shape, pretty));
}

function finish(ctx: RestContext, status: number, headers: [string, string][], body: string): RestResponse {
  return {
    status,
    headers: [
      ...headers,
      ["Date", new Date(ctx.nowMs).toUTCString()],
      ["Content-Length", String(Buffer.byteLength(body))],
    ],
    body,
  };
}

/**
 * A Status answer to a request a subresource handler (the pod and service proxies, which
 * live with the network above) failed, with the headers every answer of this server has.
 */
export function serveStatus(ctx: RestContext, req: RestRequest, doc: st.Status): RestResponse {
  const q = req.target.indexOf("?");
  const query = new URLSearchParams(q < 0 ? "" : req.target.slice(q + 1));
  const pretty = wantsPretty(query, header(req, "User-Agent") ?? "");
  const head: [string, string][] = [
    ["Audit-Id", ctx.uuid()],
    ["Cache-Control", "no-cache, private"],
    ["X-Kubernetes-Pf-Flowschema-Uid", ctx.uuid()],
    ["X-Kubernetes-Pf-Prioritylevel-Uid", ctx.uuid()],
  ];
  return respond(ctx, head, doc, AS_BUILT, pretty);
}
