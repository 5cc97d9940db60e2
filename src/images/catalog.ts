// What kubesim knows about container images at the level the kubelet sees them: how big
// they are (pull time, the Pulled event's size), their canonical reference (status.image)
// and whether their main process stops promptly on SIGTERM. The network behaviour of each
// image (what it listens on and answers) belongs to the per-image modules. An entry may list
// the tags its repository publishes (tags.ts); a tag outside the list does not exist, and its
// pull fails as a real one would. An entry without a list takes any tag.
import { type CatalogTags, catalogTags } from "./tags.js";

export interface ImageInfo {
  /** Repository without registry or tag: "httpd", "registry.k8s.io/serve_hostname". */
  repo: string;
  sizeBytes: number;
  /** The main process exits on SIGTERM; false for shells, which as PID 1 ignore it. */
  stopsOnTerm: boolean;
  /** The tags the registry has for it: a list of tags.ts, or its own; absent: any tag is taken as real. */
  tags?: keyof CatalogTags | readonly string[];
}

const KNOWN: Record<string, Omit<ImageInfo, "repo">> = {
  httpd: { sizeBytes: 58132118, stopsOnTerm: true, tags: "httpd" },
  nginx: { sizeBytes: 72099501, stopsOnTerm: true, tags: "nginx" },
  ubuntu: { sizeBytes: 29754422, stopsOnTerm: false, tags: "ubuntu" },
  debian: { sizeBytes: 48493552, stopsOnTerm: false, tags: "debian" },
  busybox: { sizeBytes: 2155102, stopsOnTerm: false, tags: "busybox" },
  alpine: { sizeBytes: 3653068, stopsOnTerm: false, tags: "alpine" },
  python: { sizeBytes: 412345678, stopsOnTerm: true, tags: "python" },
  "curlimages/curl": { sizeBytes: 11036221, stopsOnTerm: false, tags: "curl" },
  "radial/busyboxplus": { sizeBytes: 4886247, stopsOnTerm: false, tags: "busyboxplus" },
  "nicolaka/netshoot": { sizeBytes: 201537634, stopsOnTerm: false, tags: "netshoot" },
  // serve_hostname catches SIGTERM, logs, and sleeps 60 s "awaiting pod deletion": the grace
  // period runs out first.
  "registry.k8s.io/serve_hostname": { sizeBytes: 2213459, stopsOnTerm: false, tags: "serveHostname" },
  "registry.k8s.io/e2e-test-images/agnhost": { sizeBytes: 51236543, stopsOnTerm: true, tags: "agnhost" },
  // The docs' DNS debugging pod: an estimate of jessie's layer and dnsutils'. `sleep` as PID 1
  // has no SIGTERM handler, so its pod waits out the grace period.
  "registry.k8s.io/e2e-test-images/jessie-dnsutils": { sizeBytes: 112_000_000, stopsOnTerm: false },
  "hashicorp/http-echo": { sizeBytes: 3543762, stopsOnTerm: true, tags: "httpEcho" },
  "registry.k8s.io/echoserver": { sizeBytes: 46199348, stopsOnTerm: true, tags: "echoserver" },
  "registry.k8s.io/pause": { sizeBytes: 320368, stopsOnTerm: true, tags: "pause" },
  // The docs' tutorial images. Sizes from kind pull events ("Image size: N bytes") where one was
  // found (bootcamp, redis, mongo); the round ones are estimates of the compressed layers.
  // node as PID 1 has no SIGTERM handler: the bootcamp pod waits out its grace period.
  "gcr.io/google-samples/kubernetes-bootcamp": { sizeBytes: 83642968, stopsOnTerm: false },
  "jocatalin/kubernetes-bootcamp": { sizeBytes: 83642968, stopsOnTerm: false },
  "gcr.io/google-samples/hello-app": { sizeBytes: 4_600_000, stopsOnTerm: true },
  "gcr.io/google-samples/hello-go-gke": { sizeBytes: 5_000_000, stopsOnTerm: true },
  "gcr.io/google-samples/hello-frontend": { sizeBytes: 71_000_000, stopsOnTerm: true },
  "registry.k8s.io/nginx-slim": { sizeBytes: 48_000_000, stopsOnTerm: true },
  // The docs' probe tutorial runs registry.k8s.io/busybox:1.27.2 (an old busybox build); the
  // size is an estimate of its one layer.
  "registry.k8s.io/busybox": {
    sizeBytes: 1_300_000,
    stopsOnTerm: false,
    tags: ["1.24", "1.27", "1.27.2", "latest"],
  },
  mongo: { sizeBytes: 327004046, stopsOnTerm: true },
  redis: { sizeBytes: 52458645, stopsOnTerm: true },
  // Estimates of the compressed layers: php:5-apache with index.php, and distroless.
  "registry.k8s.io/hpa-example": { sizeBytes: 138_000_000, stopsOnTerm: true },
  "registry.k8s.io/metrics-server/metrics-server": { sizeBytes: 19_500_000, stopsOnTerm: true },
  // Estimates of the compressed layers of ingress-nginx v1.12.1 and kube-webhook-certgen v1.4.4.
  "registry.k8s.io/ingress-nginx/controller": { sizeBytes: 107_000_000, stopsOnTerm: true },
  "registry.k8s.io/ingress-nginx/kube-webhook-certgen": { sizeBytes: 27_000_000, stopsOnTerm: true },
  // Estimates of the compressed layers of MetalLB v0.14.9's distroless images.
  "quay.io/metallb/controller": { sizeBytes: 28_000_000, stopsOnTerm: true },
  "quay.io/metallb/speaker": { sizeBytes: 52_000_000, stopsOnTerm: true },
};

export interface ImageRef {
  registry: string; // "docker.io"
  repo: string; // "library/httpd" for docker.io official images
  tag: string; // "latest" when none
  digest?: string;
}

/** Splits `docker.io/library/httpd:2.4`, `httpd`, `registry.k8s.io/pause:3.10@sha256:...`. */
export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = "latest";
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0];
  let registry = "docker.io";
  if (rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    registry = first;
    rest = rest.slice(first.length + 1);
  }
  if (registry === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  return { registry, repo: rest, tag, digest };
}

/** The short repository name kubesim's catalog uses. */
export function repoKey(ref: ImageRef): string {
  if (ref.registry === "docker.io") return ref.repo.replace(/^library\//, "");
  return `${ref.registry}/${ref.repo}`;
}

/** Older names the same images are still pulled by (k8s.gcr.io is frozen but serves). */
const OLD_NAMES: Record<string, string> = {
  "k8s.gcr.io/echoserver": "registry.k8s.io/echoserver",
  "gcr.io/google-containers/echoserver": "registry.k8s.io/echoserver",
  "gcr.io/google_containers/echoserver": "registry.k8s.io/echoserver",
  "k8s.gcr.io/serve_hostname": "registry.k8s.io/serve_hostname",
  "gcr.io/google_containers/serve_hostname": "registry.k8s.io/serve_hostname",
  "k8s.gcr.io/e2e-test-images/agnhost": "registry.k8s.io/e2e-test-images/agnhost",
  "k8s.gcr.io/pause": "registry.k8s.io/pause",
  "k8s.gcr.io/nginx-slim": "registry.k8s.io/nginx-slim",
  "k8s.gcr.io/busybox": "registry.k8s.io/busybox",
  "k8s.gcr.io/hpa-example": "registry.k8s.io/hpa-example",
  "gcr.io/google_containers/busybox": "registry.k8s.io/busybox",
  "gcr.io/google-containers/busybox": "registry.k8s.io/busybox",
  "gcr.io/google_containers/nginx-slim": "registry.k8s.io/nginx-slim",
  "gcr.io/google-containers/nginx-slim": "registry.k8s.io/nginx-slim",
  // GKE's docs now pull hello-app from Artifact Registry; it is the same image.
  "us-docker.pkg.dev/google-samples/containers/gke/hello-app": "gcr.io/google-samples/hello-app",
};

/** The repository key an image is known by today (k8s.gcr.io/echoserver → registry.k8s.io/...). */
export function currentRepo(key: string): string {
  return OLD_NAMES[key] ?? key;
}

export function imageInfo(image: string): ImageInfo | undefined {
  const key = currentRepo(repoKey(parseImage(image)));
  const k = KNOWN[key];
  return k ? { repo: key, ...k } : undefined;
}

const TAG_SETS = new WeakMap<readonly string[], Set<string>>();

/**
 * Whether the registry has the image's tag: false for a catalogued repository whose tag list
 * lacks it (busybox:nosuch, nginx:1.14.9), undefined when kubesim cannot tell (an image it
 * does not know, or an entry without a list). A digest names the content, so it is taken.
 */
export function tagExists(image: string): boolean | undefined {
  const ref = parseImage(image.trim());
  const listed = imageInfo(image.trim())?.tags;
  const tags = typeof listed === "string" ? catalogTags()[listed] : listed;
  if (!tags || ref.digest) return undefined;
  let set = TAG_SETS.get(tags);
  if (!set) {
    set = new Set(tags);
    TAG_SETS.set(tags, set);
  }
  return set.has(ref.tag);
}

/** `docker.io/library/httpd:latest`, as containerd reports status.image. */
export function canonicalImage(image: string): string {
  const r = parseImage(image);
  return `${r.registry}/${r.repo}:${r.tag}`;
}
