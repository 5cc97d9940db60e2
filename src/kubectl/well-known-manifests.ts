// `kubectl apply -f URL` without a network: the manifests kind's and the Kubernetes docs'
// guides apply, shipped under assets/manifests/ (provenance in assets/README.md) and read
// from kubesim's own installation. Any other URL fails as kubectl does when the host cannot
// be looked up; kubesim opens no socket for either.
import * as fs from "node:fs";
import * as path from "node:path";

/** Each URL a guide uses, and the shipped copy of the document it serves. */
export const WELL_KNOWN_MANIFESTS: Record<string, string> = {
  "https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml":
    "kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml",
  "https://kind.sigs.k8s.io/examples/ingress/usage.yaml": "kind.sigs.k8s.io/examples/ingress/usage.yaml",
  "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml":
    "ingress-nginx/controller-v1.12.1/deploy.yaml",
  // "latest" is pinned to the release kubesim ships (metrics-server's model is v0.7.2's).
  "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml":
    "metrics-server/v0.7.2/components.yaml",
  "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml":
    "metrics-server/v0.7.2/components.yaml",
  "https://raw.githubusercontent.com/metallb/metallb/v0.14.9/config/manifests/metallb-native.yaml":
    "metallb/v0.14.9/metallb-native.yaml",
  "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml":
    "gateway-api/v1.2.1/standard-install.yaml",
  "https://kind.sigs.k8s.io/examples/loadbalancer/usage.yaml":
    "kind.sigs.k8s.io/examples/loadbalancer/usage.yaml",
  "https://kind.sigs.k8s.io/examples/loadbalancer/metallb-config.yaml":
    "kind.sigs.k8s.io/examples/loadbalancer/metallb-config.yaml",
};

const DIR = path.join("assets", "manifests");

function assetsDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, DIR))) return path.join(dir, DIR);
    if (path.dirname(dir) === dir) throw new Error(`kubesim: ${DIR} is missing from this installation`);
  }
}

/**
 * The document a URL serves, or kubectl's error for a host it cannot reach (Go's url.Error,
 * which kubectl prints as "Unable to connect to the server: ..."; the resolver is the
 * systemd-resolved stub most Linux machines use).
 */
export function readURL(url: string): string {
  const rel = WELL_KNOWN_MANIFESTS[url];
  if (rel) return fs.readFileSync(path.join(assetsDir(), rel), "utf8");
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    // kubectl only takes http(s):// prefixes as URLs; the whole text stands in for the host
  }
  throw new Error(`Unable to connect to the server: dial tcp: lookup ${host} on 127.0.0.53:53: no such host`);
}
