// Why a request through an Ingress fails, as facts: no ingress controller (or none ready), an
// Ingress no controller serves (its class names nobody's, or it has none and there is no
// default class), no rule for the request's host and path (with the nearest rule), a backend
// Service or port that does not exist, a Service without a ready endpoint (ingress-nginx's
// 503), a TLS Secret that is missing (its fake certificate). Read from the same objects and
// the same routing (images/ingress-nginx/router.ts) the controller model answers with;
// printers/ingress-findings.ts has the words.

import type { Ingress, KObject, Pod } from "../api/types.js";
import {
  ENDPOINTSLICES,
  INGRESSCLASSES,
  INGRESSES,
  PODS,
  SECRETS,
  SERVICES,
  typedAs,
} from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { parseImage, repoKey } from "../images/index.js";
import {
  type ControllerFlags,
  controllerFlags,
  servedIngresses,
} from "../images/ingress-nginx/controller.js";
import { CONTROLLER_REPO } from "../images/ingress-nginx/index.js";
import {
  type Backend,
  buildRoutes,
  type Location,
  matchLocation,
  matchServer,
} from "../images/ingress-nginx/router.js";
import { levenshtein } from "../util/edit-distance.js";
import { noEndpoints, type Verdict } from "./diagnose-svc.js";
import { type ObjectRef, refOf } from "./hops.js";

export interface BackendRef {
  ingress: ObjectRef;
  namespace: string;
  service: string;
  /** The port as the Ingress names it: a number or a port name. */
  port: string;
}

export type IngressFinding =
  /** No pod runs an ingress controller: nothing listens for Ingresses at all. */
  | { kind: "no-controller" }
  /** Controller pods exist, none is ready; `state` is the first one's waiting reason or phase. */
  | { kind: "controller-not-ready"; pod: ObjectRef; state: string }
  /** The Ingress names a class no running controller serves. */
  | { kind: "class-unserved"; ingress: ObjectRef; className: string; classExists: boolean; served: string[] }
  /** The Ingress names no class, and no default class or --watch-ingress-without-class takes it. */
  | { kind: "no-class"; ingress: ObjectRef; served: string[] }
  /** No served rule matches the request; the nearest one (same host first, then by path). */
  | { kind: "no-rule"; host: string; path: string; nearest?: RuleRef }
  | { kind: "service-missing"; backend: BackendRef; similar: string[] }
  | { kind: "service-port-missing"; backend: BackendRef; ports: string[] }
  /** The Service has no ready endpoint: why, as the Service diagnosis says it. */
  | { kind: "no-ready-endpoints"; backend: BackendRef; why: Verdict }
  /** A tls entry names a Secret that does not exist: ingress-nginx serves its fake certificate. */
  | { kind: "tls-secret-missing"; ingress: ObjectRef; hosts: string[]; secret: string };

export interface RuleRef {
  ingress: ObjectRef;
  host: string;
  path: string;
  pathType: string;
}

interface Controllers {
  pods: Pod[];
  flags: ControllerFlags[];
}

function controllerArgs(pod: Pod): string[] | undefined {
  for (const ctr of pod.spec?.containers ?? [])
    if (repoKey(parseImage(ctr.image ?? "")) === CONTROLLER_REPO)
      return [...(ctr.command ?? []), ...(ctr.args ?? [])];
  return undefined;
}

const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp &&
  (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

function controllers(c: Cluster): Controllers {
  const pods = c.api.list(PODS).filter((p) => controllerArgs(p));
  const flags = pods.filter(isReady).map((p) => controllerFlags(controllerArgs(p) ?? []));
  return { pods, flags };
}

function objects(c: Cluster): (kind: string) => KObject[] {
  return (kind) =>
    kind === "Ingress" ? c.api.list(INGRESSES) : kind === "IngressClass" ? c.api.list(INGRESSCLASSES) : [];
}

/** The controller-level finding: none installed, or none ready. */
export function controllerFinding(c: Cluster): IngressFinding | undefined {
  const { pods, flags } = controllers(c);
  if (!pods.length) return { kind: "no-controller" };
  if (flags.length) return undefined;
  const pod = pods[0];
  const waiting = (pod.status?.containerStatuses ?? []).map((s) => s.state?.waiting?.reason).find(Boolean);
  const state =
    waiting ?? (pod.status?.phase === "Running" ? "Running but not ready" : (pod.status?.phase ?? "Pending"));
  return { kind: "controller-not-ready", pod: refOf(pod), state };
}

/** The classes the ready controllers serve (their --ingress-class and IngressClasses naming their controller). */
function servedClasses(c: Cluster, flags: ControllerFlags[]): string[] {
  const classes = c.api.list(INGRESSCLASSES);
  const out = new Set<string>();
  for (const f of flags) {
    out.add(f.ingressClass);
    for (const k of classes) if (k.spec?.controller === f.controllerClass) out.add(k.metadata.name ?? "");
  }
  return [...out].sort();
}

/** Whether a ready controller serves the Ingress, and if not, why. */
export function classFinding(c: Cluster, ing: Ingress): IngressFinding | undefined {
  const { flags } = controllers(c);
  if (!flags.length) return undefined;
  if (servedIngresses(objects(c), flags[0]).some((i) => i.metadata.uid === ing.metadata.uid))
    return undefined;
  if (
    flags
      .slice(1)
      .some((f) => servedIngresses(objects(c), f).some((i) => i.metadata.uid === ing.metadata.uid))
  )
    return undefined;
  const served = servedClasses(c, flags);
  const className = ing.spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"];
  if (!className) return { kind: "no-class", ingress: refOf(ing), served };
  const classExists = !!c.api.get(INGRESSCLASSES, "", className);
  return { kind: "class-unserved", ingress: refOf(ing), className, classExists, served };
}

function backendRef(ing: ObjectRef, b: Backend): BackendRef {
  return {
    ingress: ing,
    namespace: b.namespace,
    service: b.service,
    port: String(b.port.number ?? b.port.name ?? ""),
  };
}

/** What is wrong with one backend: its Service, its port, its endpoints. */
export function backendFinding(c: Cluster, ing: ObjectRef, b: Backend): IngressFinding | undefined {
  const ref = backendRef(ing, b);
  const svc = c.api.get(SERVICES, b.namespace, b.service);
  if (!svc) {
    const similar = c.api
      .list(SERVICES, b.namespace)
      .map((s) => s.metadata.name ?? "")
      .filter((n) => levenshtein(n, b.service) <= Math.max(2, Math.floor(b.service.length / 3)))
      .slice(0, 3);
    return { kind: "service-missing", backend: ref, similar };
  }
  const ports = svc.spec?.ports ?? [];
  const sp = ports.find((p) => (b.port.number ? p.port === b.port.number : p.name === b.port.name));
  if (!sp)
    return {
      kind: "service-port-missing",
      backend: ref,
      ports: ports.map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))),
    };
  const ready = c.api
    .list(ENDPOINTSLICES, b.namespace)
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === b.service)
    .some((s) => (s.endpoints ?? []).some((e) => e.conditions?.ready !== false));
  if (!ready) return { kind: "no-ready-endpoints", backend: ref, why: noEndpoints(c, svc) };
  return undefined;
}

function backendsOf(ing: Ingress): Backend[] {
  const ns = ing.metadata.namespace ?? "default";
  const out: Backend[] = [];
  const add = (b: { service?: { name: string; port?: { number?: number; name?: string } } } | undefined) => {
    if (b?.service?.name)
      out.push({ namespace: ns, service: b.service.name, port: { ...(b.service.port ?? {}) } });
  };
  add(ing.spec?.defaultBackend);
  for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) add(p.backend);
  return out;
}

/** Everything wrong with one Ingress, request aside: controller, class, backends, TLS Secrets. */
export function ingressFindings(c: Cluster, ing: Ingress): IngressFinding[] {
  const ctl = controllerFinding(c);
  if (ctl) return [ctl];
  const out: IngressFinding[] = [];
  const cls = classFinding(c, ing);
  if (cls) out.push(cls);
  const seen = new Set<string>();
  for (const b of backendsOf(ing)) {
    const key = `${b.service}:${b.port.number ?? b.port.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const f = backendFinding(c, refOf(ing), b);
    if (f) out.push(f);
  }
  const ns = ing.metadata.namespace ?? "default";
  for (const t of ing.spec?.tls ?? [])
    if (t.secretName && !c.api.get(SECRETS, ns, t.secretName))
      out.push({
        kind: "tls-secret-missing",
        ingress: refOf(ing),
        hosts: t.hosts ?? [],
        secret: t.secretName,
      });
  return out;
}

/** Every rule of the given Ingresses as host, path and type. */
function rulesOf(ings: Ingress[]): RuleRef[] {
  return ings.flatMap((ing) =>
    (ing.spec?.rules ?? []).flatMap((r) =>
      (r.http?.paths ?? []).map((p) => ({
        ingress: refOf(ing),
        host: r.host ?? "",
        path: p.path || "/",
        pathType: p.pathType,
      })),
    ),
  );
}

/** The rule nearest to a request: the same host first, then the closest path. */
function nearestRule(rules: RuleRef[], host: string, path: string): RuleRef | undefined {
  const score = (r: RuleRef) => (r.host === host || !r.host ? 0 : 1000) + levenshtein(r.path, path);
  return [...rules].sort((a, b) => score(a) - score(b))[0];
}

/**
 * Why the controller answered a request for host+path with 404 or 503: the Ingress that
 * would have matched but is not served, the missing rule, or the matched backend's trouble.
 */
export function requestFindings(c: Cluster, host: string, path: string): IngressFinding[] {
  const ctl = controllerFinding(c);
  if (ctl) return [ctl];
  const { flags } = controllers(c);
  const served = flags.flatMap((f) => servedIngresses(objects(c), f));
  const uri = path.split("?")[0] || "/";
  const bare = host.replace(/:\d+$/, "").toLowerCase();
  const routes = buildRoutes(served);
  const m = matchLocation(matchServer(routes, bare), uri);
  const loc: Location | undefined =
    m.kind === "location"
      ? m.location
      : routes.defaultBackend && {
          path: "/",
          pathType: "Prefix",
          backend: routes.defaultBackend.backend,
          ingress: routes.defaultBackend.ingress,
          sslRedirect: false,
        };
  if (loc) {
    const f = backendFinding(c, loc.ingress, loc.backend);
    return f ? [f] : [];
  }
  // An Ingress nobody serves that has the rule: its class is the cause.
  const all = c.api.list(INGRESSES);
  const unserved = all.filter((i) => !served.some((s) => s.metadata.uid === i.metadata.uid));
  const alone = buildRoutes(unserved);
  const would = matchLocation(matchServer(alone, bare), uri);
  if (would.kind === "location") {
    const ing = c.api.get(INGRESSES, would.location.ingress.namespace, would.location.ingress.name);
    const f = ing && classFinding(c, ing);
    if (f) return [f];
  }
  return [
    {
      kind: "no-rule",
      host: bare,
      path: uri,
      nearest: nearestRule(rulesOf(served.map((i) => typedAs(INGRESSES, i))), bare, uri),
    },
  ];
}
