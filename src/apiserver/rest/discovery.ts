// The API server's discovery documents and version: what /version, /api, /apis and each
// group/version list, as kube-apiserver v1.32 writes them (the shapes of apimachinery's
// APIVersions, APIGroupList, APIGroup and APIResourceList, fields in declaration order).
import { sha256 } from "../../util/digest.js";
import { RESOURCES, type ResourceType } from "../resources.js";

/** version.Info of the kube-apiserver kind's node image v1.32.2 runs. */
export const VERSION_INFO = {
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

/** The order kube-apiserver registers (and lists) its groups in; kubesim serves some of them. */
const GROUP_PRIORITY = [
  "apiregistration.k8s.io",
  "apps",
  "events.k8s.io",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "node.k8s.io",
  "discovery.k8s.io",
  "flowcontrol.apiserver.k8s.io",
];

const rank = (g: string) => {
  const i = GROUP_PRIORITY.indexOf(g);
  return i < 0 ? GROUP_PRIORITY.length : i;
};

/** The served groups besides the core one, in the server's order. */
export function servedGroups(
  resources: readonly ResourceType[] = RESOURCES,
): { name: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const r of resources) if (r.group && !seen.has(r.group)) seen.set(r.group, r.version);
  return [...seen]
    .map(([name, version]) => ({ name, version }))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** /api: the legacy group's versions and where clients reach the server. */
export function apiVersions(serverAddress: string) {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupOf(name: string, version: string) {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [gv], preferredVersion: gv };
}

/** /apis. */
export function apiGroupList(resources: readonly ResourceType[] = RESOURCES) {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: servedGroups(resources).map((g) => groupOf(g.name, g.version)),
  };
}

/** /apis/GROUP, or undefined for a group not served. */
export function apiGroup(name: string, resources: readonly ResourceType[] = RESOURCES) {
  const g = servedGroups(resources).find((x) => x.name === name);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...groupOf(g.name, g.version) } : undefined;
}

/** discovery.StorageVersionHash: the first 8 bytes of sha256("group/version/Kind"), base64. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return sha256(`${group}/${version}/${kind}`).subarray(0, 8).toString("base64");
}

/** Namespaces cannot be deleted as a collection; every other served kind can. */
const verbsOf = (r: ResourceType) =>
  r.plural === "namespaces" ? r.verbs.filter((v) => v !== "deletecollection") : r.verbs;

/** /api/v1 or /apis/GROUP/VERSION: the resources of one group version, sorted by name. */
export function apiResourceList(
  group: string,
  version: string,
  resources: readonly ResourceType[] = RESOURCES,
) {
  const rs = resources
    .filter((r) => r.group === group && r.version === version)
    .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  if (rs.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    // The legacy group's list carries no apiVersion; the named groups' do.
    ...(group ? { apiVersion: "v1" } : {}),
    groupVersion: group ? `${group}/${version}` : version,
    resources: rs.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
      storageVersionHash: storageVersionHash(group, version, r.kind),
    })),
  };
}
