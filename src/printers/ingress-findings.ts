// The words for why a request through an Ingress fails (net/ingress-facts.ts finds the facts):
// each finding as a cause and a fix, in the terms a learner meets in `kubectl get ingress`,
// `kubectl describe` and ingress-nginx's own pages.
import type { BackendRef, IngressFinding, RuleRef } from "../net/ingress-facts.js";

const ref = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
const backend = (b: BackendRef) => `Service ${b.namespace}/${b.service} port ${b.port}`;
const rule = (r: RuleRef) => `Ingress ${ref(r.ingress)}'s rule ${r.host || "*"}${r.path} (${r.pathType})`;

function servedText(served: string[]): string {
  return served.length
    ? `the running controller serves class ${served.join(", ")}`
    : "no running controller serves any class";
}

/** Why a rule did not match: the host, the path, or the path type. */
function nearText(host: string, path: string, r: RuleRef): string {
  if (r.host && r.host !== host) return `the nearest is ${rule(r)}, for another host`;
  if (r.pathType === "Exact") return `the nearest is ${rule(r)}, which matches only ${r.path} itself`;
  if (r.pathType === "Prefix" && path.startsWith(r.path) && !path.startsWith(`${r.path.replace(/\/$/, "")}/`))
    return `the nearest is ${rule(r)}: Prefix matches whole path elements, so ${r.path} does not cover ${path}`;
  return `the nearest is ${rule(r)}`;
}

export function findingText(f: IngressFinding): { cause: string; fix: string } {
  switch (f.kind) {
    case "no-controller":
      return {
        cause:
          "no ingress controller runs in the cluster: an Ingress is only configuration, and nothing reads it or listens on ports 80 and 443",
        fix: "install one, as kind's guide does: kubesim apply -f https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml (on a cluster created with extraPortMappings for 80 and 443)",
      };
    case "controller-not-ready":
      return {
        cause: `the ingress controller pod ${ref(f.pod)} is not ready (${f.state}), so nothing serves the Ingresses yet`,
        fix: "kubesim wait --namespace ingress-nginx --for=condition=ready pod --selector=app.kubernetes.io/component=controller --timeout=90s",
      };
    case "class-unserved":
      return {
        cause: `Ingress ${ref(f.ingress)} has ingressClassName ${f.className}, ${f.classExists ? "an IngressClass whose controller is not running" : "but there is no IngressClass of that name"}; ${servedText(f.served)}, so it ignores this Ingress`,
        fix: f.served.length
          ? `set spec.ingressClassName: ${f.served[0]} (\`kubesim get ingressclass\` lists the classes)`
          : "install the controller that class belongs to",
      };
    case "no-class":
      return {
        cause: `Ingress ${ref(f.ingress)} names no class, and no IngressClass is marked default, so ${servedText(f.served)} and leaves this Ingress alone`,
        fix: f.served.length
          ? `set spec.ingressClassName: ${f.served[0]}, or make it the default: kubesim annotate ingressclass ${f.served[0]} ingressclass.kubernetes.io/is-default-class=true`
          : "set spec.ingressClassName to a class a running controller serves",
      };
    case "no-rule":
      return {
        cause: `no rule of the served Ingresses matches host ${f.host || "(none)"} and path ${f.path}, so ingress-nginx answers 404 from its default backend${f.nearest ? `; ${nearText(f.host, f.path, f.nearest)}` : ""}`,
        fix: f.nearest
          ? `request a host and path the rule covers, or add a rule for ${f.nearest.host ? `host ${f.host}` : "any host"} and path ${f.path} (pathType Prefix matches by path element, Exact only the path itself)`
          : "create an Ingress with a rule for this host and path",
      };
    case "service-missing":
      return {
        cause: `Ingress ${ref(f.backend.ingress)} sends to Service ${f.backend.namespace}/${f.backend.service}, which does not exist, so ingress-nginx has no upstream and answers 503${f.similar.length ? `; there is ${f.similar.join(", ")}` : ""}`,
        fix: f.similar.length
          ? `fix the backend's service name (${f.similar[0]}?) or create the Service`
          : `create Service ${f.backend.service} in namespace ${f.backend.namespace} (kubesim expose deployment NAME --name=${f.backend.service} --port=${f.backend.port})`,
      };
    case "service-port-missing":
      return {
        cause: `Ingress ${ref(f.backend.ingress)} sends to ${backend(f.backend)}, but the Service has no such port (its ports: ${f.ports.join(", ") || "none"}), so ingress-nginx answers 503`,
        fix: `use one of the Service's ports in the Ingress backend (a number in port.number, a name in port.name)`,
      };
    case "no-ready-endpoints":
      return {
        cause: `Ingress ${ref(f.backend.ingress)} sends to ${backend(f.backend)}, which has no ready endpoint, so ingress-nginx answers 503 Service Temporarily Unavailable: ${f.why.cause ?? ""}`,
        fix: f.why.fix ?? "",
      };
    case "tls-secret-missing":
      return {
        cause: `Ingress ${ref(f.ingress)} terminates TLS for ${f.hosts.join(", ") || "its hosts"} with Secret ${f.secret}, which does not exist in namespace ${f.ingress.namespace}, so ingress-nginx presents its "Kubernetes Ingress Controller Fake Certificate" and clients that verify reject it`,
        fix: `create it: kubesim create secret tls ${f.secret} --cert=CERT --key=KEY -n ${f.ingress.namespace}`,
      };
  }
}

/** Several findings in one cause and one fix, in the order found. */
export function findingsText(fs: IngressFinding[]): { cause: string; fix: string } {
  const parts = fs.map(findingText);
  return {
    cause: parts.map((p) => p.cause).join("; and "),
    fix: parts
      .map((p) => p.fix)
      .filter(Boolean)
      .join("; "),
  };
}
