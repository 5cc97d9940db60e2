// Docker image reference parsing, as k8s.io/kubernetes/pkg/util/parsers.ParseImageName
// does it (distribution/reference normalized names). Only the tag matters for defaulting
// imagePullPolicy, but a reference that does not parse has no tag at all.

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64 = /^[a-f0-9]{64}$/;

export interface ImageRef {
  /** Fully qualified repository, e.g. "docker.io/library/nginx". */
  repository: string;
  tag: string;
  digest: string;
}

/** Undefined when the reference does not parse (kubelet would report InvalidImageName). */
export function parseImageRef(image: string): ImageRef | undefined {
  if (image.length === 0 || HEX64.test(image)) return undefined;
  let name = image;
  let digest = "";
  const at = name.indexOf("@");
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = "";
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const slash = name.indexOf("/");
  let domain = "docker.io";
  let rest = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first) {
      domain = first;
      rest = name.slice(slash + 1);
    }
  }
  if (!DOMAIN.test(domain) || rest.toLowerCase() !== rest) return undefined;
  if (!rest.split("/").every((c) => PATH_COMPONENT.test(c))) return undefined;
  if (domain === "docker.io" && !rest.includes("/")) rest = `library/${rest}`;
  const repository = `${domain}/${rest}`;
  if (repository.length > 255) return undefined;
  return { repository, tag, digest };
}

/** SetDefaults_Container: Always for ":latest" or no tag (and no digest), else IfNotPresent. */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  const ref = parseImageRef(image);
  if (!ref) return "IfNotPresent";
  const tag = ref.tag === "" && ref.digest === "" ? "latest" : ref.tag;
  return tag === "latest" ? "Always" : "IfNotPresent";
}
