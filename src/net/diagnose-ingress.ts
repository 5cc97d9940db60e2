// The verdict on a request an ingress controller answered: its 404 (no rule, or an Ingress
// it does not serve) and 503 (a backend without Service, port or ready endpoint) are
// failures whose causes are findings (ingress-facts.ts); a TLS handshake that got the fake
// certificate because a tls Secret is missing is one too.
import type { Pod } from "../api/types.js";
import { INGRESSES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { parseImage, repoKey } from "../images/index.js";
import { CONTROLLER_REPO } from "../images/ingress-nginx/index.js";
import type { Verdict } from "./diagnose-svc.js";
import { controllerFinding, type IngressFinding, ingressFindings, requestFindings } from "./ingress-facts.js";
import type { NetAttempt, Network } from "./network.js";

export function isIngressController(pod: Pod): boolean {
  return (pod.spec?.containers ?? []).some((c) => repoKey(parseImage(c.image ?? "")) === CONTROLLER_REPO);
}

/** The missing tls Secret of a served Ingress covering this host, if any. */
function missingTlsSecret(c: Cluster, host: string): IngressFinding | undefined {
  const bare = host.replace(/:\d+$/, "").toLowerCase();
  for (const ing of c.api.list(INGRESSES)) {
    if (!(ing.spec?.tls ?? []).some((t) => (t.hosts ?? []).includes(bare))) continue;
    const f = ingressFindings(c, ing).find((x) => x.kind === "tls-secret-missing" && x.hosts.includes(bare));
    if (f) return f;
  }
  return undefined;
}

export function ingressVerdict(
  net: Network,
  pod: Pod,
  a: NetAttempt,
  target: { host: string; port: number },
): Verdict | undefined {
  if (!isIngressController(pod)) return undefined;
  const r = a.response;
  if (!r) {
    // The connection was made but no request went over it: a TLS handshake the client refused.
    const tls = missingTlsSecret(net.c, target.host);
    return tls ? { ok: false, ingress: [tls] } : undefined;
  }
  if (r.status !== 404 && r.status !== 503) return undefined;
  const req = r.request ?? { host: target.host, path: "/", tls: false };
  const findings = requestFindings(net.c, req.host, req.path);
  return findings.length ? { ok: false, ingress: findings } : undefined;
}

/**
 * A connection refused on port 80 or 443 of a node (or of the controller pod behind its
 * hostPort) while Ingresses exist: no ingress controller runs, or it is not ready yet.
 */
export function ingressRefused(net: Network, port: number, pod?: Pod): Verdict | undefined {
  if (port !== 80 && port !== 443) return undefined;
  if (pod && !isIngressController(pod)) return undefined;
  if (!net.c.api.list(INGRESSES).length) return undefined;
  const f = controllerFinding(net.c);
  return f ? { ok: false, ingress: [f] } : undefined;
}
