// `kubesim diagnose ingress NAME`: what an Ingress routes where, and whether each of its
// rules answers from outside, tried for real through the ingress controller (the same curl
// and verdict as `kubesim trace`), with the Ingress's own problems (class, backends, TLS
// Secrets) as findings the printer words.

import type { KObject, Pod } from "../api/types.js";
import { INGRESSES, NODES, PODS, SERVICES, typedAs } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { hostPortMappings } from "../cni/portmap.js";
import { isIngressController } from "./diagnose-ingress.js";
import type { Reachability } from "./explain.js";
import { type IngressFinding, ingressFindings } from "./ingress-facts.js";
import type { Verdict } from "./trace.js";
import { tracedCurl } from "./tracedcurl.js";

export interface IngressExplanation {
  ingress: string;
  /** The Ingress's class and rules, one line each. */
  summary: string[];
  reach: Reachability[];
  /** What is wrong with the Ingress itself, whatever is requested. */
  findings: IngressFinding[];
}

/** An address and the ports that reach the controller's 80 and 443 there. */
interface Entry {
  ip: string;
  http: number;
  https: number;
}

/**
 * Where the controller takes requests from outside: its hostPorts on its node (kind's
 * manifest), else its Service's load-balancer address, else a node IP and the nodePorts.
 */
function entryAddress(c: Cluster): Entry | undefined {
  const pods = c.api.list(PODS).filter((p: Pod) => isIngressController(p) && p.status?.podIP);
  const nodeIP = (name: string) =>
    c.api.get(NODES, "", name)?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
  for (const p of pods) {
    const m = hostPortMappings(p).find((x) => x.hostPort === 80);
    const ip = nodeIP(p.spec.nodeName ?? "");
    if (m && ip) return { ip, http: 80, https: 443 };
  }
  for (const p of pods) {
    const svc = c.api
      .list(SERVICES, p.metadata.namespace)
      .find(
        (s) =>
          s.spec?.type !== "ClusterIP" &&
          s.spec?.selector &&
          Object.entries(s.spec.selector).every(([k, v]) => p.metadata.labels?.[k] === v),
      );
    const lb = svc?.status?.loadBalancer?.ingress?.[0]?.ip;
    if (lb) return { ip: lb, http: 80, https: 443 };
    const port = (n: number) => svc?.spec?.ports?.find((x) => x.port === n)?.nodePort;
    const ip = nodeIP(p.spec.nodeName ?? "");
    if (ip && port(80)) return { ip, http: port(80) ?? 80, https: port(443) ?? 443 };
  }
  return undefined;
}

/** One request as a learner would type it: https (-k) for a host the Ingress has TLS for. */
function attempt(
  c: Cluster,
  e: Entry,
  host: string,
  path: string,
  tls: boolean,
): { url: string; verdict: Verdict } {
  const port = tls ? e.https : e.http;
  const standard = port === (tls ? 443 : 80);
  const url = `${tls ? "https" : "http"}://${host || e.ip}${standard ? "" : `:${port}`}${path}`;
  const resolve = host ? ["--resolve", `${host}:${port}:${e.ip}`] : [];
  const argv = ["-s", "-o", "/dev/null", "--max-time", "5", ...(tls ? ["-k"] : []), ...resolve, url];
  const { trace } = tracedCurl(c, { kind: "outside" }, argv, c.rng.fork());
  return { url, verdict: trace?.verdict ?? { ok: false, cause: `curl could not use ${url}` } };
}

/** A path a request can use to hit the rule: its literal start (a regex path's, before any metacharacter). */
function samplePath(path: string): string {
  const literal = /^[^()[\]|$^*+?{}\\.]*/.exec(path)?.[0] ?? "";
  return literal.startsWith("/") ? literal : `/${literal}`;
}

export function explainIngress(c: Cluster, untyped: KObject): IngressExplanation {
  const ing = typedAs(INGRESSES, untyped);
  const name = `${ing.metadata.namespace}/${ing.metadata.name}`;
  const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.["kubernetes.io/ingress.class"];
  const summary = [`Ingress ${name}, class ${cls ?? "<none>"}`];
  const rules: { host: string; path: string }[] = [];
  const def = ing.spec?.defaultBackend?.service;
  if (def) summary.push(`default backend -> Service ${def.name}:${def.port?.number ?? def.port?.name}`);
  for (const r of ing.spec?.rules ?? [])
    for (const p of r.http?.paths ?? []) {
      const b = p.backend.service;
      summary.push(
        `rule ${r.host || "*"}${p.path || "/"} (${p.pathType}) -> Service ${b?.name}:${b?.port?.number ?? b?.port?.name}`,
      );
      rules.push({ host: r.host ?? "", path: samplePath(p.path || "/") });
    }
  if (!rules.length && def) rules.push({ host: "", path: "/" });
  const findings = ingressFindings(c, ing);
  const entry = entryAddress(c);
  const reach: Reachability[] = [];
  if (entry)
    for (const r of rules) {
      // A wildcard host is tried with a name under it.
      const host = r.host.startsWith("*.") ? `www${r.host.slice(1)}` : r.host;
      const tls = (ing.spec?.tls ?? []).some((t) => (t.hosts ?? []).includes(r.host));
      const a = attempt(c, entry, host, r.path, tls && !!r.host);
      reach.push({ from: "outside", url: a.url, verdict: a.verdict });
    }
  return { ingress: name, summary, reach, findings };
}
