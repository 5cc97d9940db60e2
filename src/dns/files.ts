// The name-resolution files of a pod: /etc/resolv.conf as the kubelet computes it
// (pkg/kubelet/network/dns) and containerd writes it (parseDNSOptions), and /etc/hosts as the
// kubelet writes it (ensureHostsFile in pkg/kubelet/kubelet_pods.go).
import { type Pod, type PodLike, podOf } from "../api/types.js";
import type { ResolvConf } from "./index.js";

/**
 * The nameserver in a kind node's /etc/resolv.conf: kind's entrypoint replaces Docker's
 * embedded DNS (127.0.0.11) with the node network's gateway so that pods with
 * `dnsPolicy: Default` can reach it too.
 */
export const NODE_RESOLVER = "172.18.0.1";

/** A kind node's resolver: Docker's embedded DNS writes `options ndots:0` and no search list here. */
export function nodeResolvConf(): ResolvConf {
  return { search: [], nameserver: NODE_RESOLVER, ndots: 0, options: ["ndots:0"] };
}

// kubelet's limits (validation.MaxDNSSearchPaths, MaxDNSSearchListChars, MaxDNSNameservers).
const MAX_SEARCH = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_NAMESERVERS = 3;

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** ndots from the options, as glibc reads it: the last `ndots:N` wins, capped at 15; 1 without one. */
function ndotsOf(options: string[]): number {
  let n = 1;
  for (const o of options) {
    const m = o.match(/^ndots:(\d+)$/);
    if (m) n = Math.min(15, Number(m[1]));
  }
  return n;
}

/** Later options replace earlier ones of the same name (kubelet's mergeDNSOptions). */
function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const map = new Map<string, string>();
  for (const o of base) {
    const i = o.indexOf(":");
    map.set(i < 0 ? o : o.slice(0, i), i < 0 ? "" : o.slice(i + 1));
  }
  for (const o of extra) if (o.name) map.set(o.name, o.value ?? "");
  // kubelet rebuilds the list from a Go map, so its order varies between pods; insertion
  // order is one of the orders a real pod can show.
  return [...map].map(([k, v]) => (v ? `${k}:${v}` : k));
}

function fitSearch(search: string[]): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const s of search) {
    if (out.length === MAX_SEARCH || chars + s.length + (out.length ? 1 : 0) > MAX_SEARCH_CHARS) break;
    chars += s.length + (out.length ? 1 : 0);
    out.push(s);
  }
  return out;
}

/**
 * The resolver configuration the kubelet hands to the runtime for a pod. `ClusterFirst` on a
 * hostNetwork pod falls back to the node's file, as the kubelet does; `ClusterFirstWithHostNet`
 * is how a hostNetwork pod gets the cluster DNS.
 */
export function podResolvConf(
  untyped: PodLike,
  /** The kubelet's clusterDNS: kube-dns's ClusterIP, the service range's tenth address. */
  clusterDNS: string,
  clusterDomain = "cluster.local",
  node: ResolvConf = nodeResolvConf(),
): ResolvConf {
  const pod = podOf(untyped);
  const spec: Partial<Pod["spec"]> = pod.spec ?? {};
  const policy = spec.dnsPolicy ?? "ClusterFirst";
  const ns = pod.metadata.namespace ?? "default";
  const nodeSearch = node.search;
  const nodeOptions = node.options ?? (node.ndots === 1 ? [] : [`ndots:${node.ndots}`]);
  let servers: string[];
  let search: string[];
  let options: string[];
  if (policy === "None") {
    [servers, search, options] = [[], [], []];
  } else if (policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !spec.hostNetwork)) {
    servers = [clusterDNS];
    search = [`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...nodeSearch];
    options = ["ndots:5"];
  } else {
    servers = node.nameservers ?? [node.nameserver];
    search = [...nodeSearch];
    options = [...nodeOptions];
  }
  const cfg = spec.dnsConfig;
  if (cfg) {
    servers = unique([...servers, ...(cfg.nameservers ?? [])]);
    search = unique([...search, ...(cfg.searches ?? [])]);
    options = mergeOptions(options, cfg.options ?? []);
  }
  servers = servers.slice(0, MAX_NAMESERVERS);
  search = fitSearch(search);
  // Nothing at all to write: containerd copies the node's file instead.
  if (!servers.length && !search.length && !options.length) return { ...node };
  return { search, nameserver: servers[0] ?? "", nameservers: servers, ndots: ndotsOf(options), options };
}

/**
 * /etc/resolv.conf as containerd writes it: search, nameservers, options, each line only when
 * it has something. A configuration with nothing at all makes containerd copy the node's file.
 */
export function renderResolvConf(rc: ResolvConf): string {
  const servers = rc.nameservers ?? (rc.nameserver ? [rc.nameserver] : []);
  const options = rc.options ?? (rc.ndots === 1 ? [] : [`ndots:${rc.ndots}`]);
  if (!rc.search.length && !servers.length && !options.length) return renderResolvConf(nodeResolvConf());
  let out = "";
  if (rc.search.length) out += `search ${rc.search.join(" ")}\n`;
  for (const s of servers) out += `nameserver ${s}\n`;
  if (options.length) out += `options ${options.join(" ")}\n`;
  return out;
}

/**
 * The pod's hostname and DNS domain as the kubelet generates them (GeneratePodHostNameAndDomain):
 * spec.hostname or the pod name, cut to 63 characters without a trailing - or . (the kernel's
 * 64-byte nodename with its NUL); the domain `SUBDOMAIN.NS.svc.CLUSTER_DOMAIN` when the pod
 * names a subdomain, else empty.
 */
export function podHostnameAndDomain(
  untyped: PodLike,
  clusterDomain = "cluster.local",
): { hostname: string; domain: string } {
  const pod = podOf(untyped);
  const name = pod.spec?.hostname || pod.metadata.name || "";
  const hostname = name.length > 63 ? name.slice(0, 63).replace(/[-.]+$/, "") : name;
  const sub = pod.spec?.subdomain;
  const domain = sub ? `${sub}.${pod.metadata.namespace ?? "default"}.svc.${clusterDomain}` : "";
  return { hostname, domain };
}

/** The kernel's nodename holds 64 characters (kubelet's util.GetNodenameForKernel). */
const FQDN_MAX = 64;

/**
 * The hostname the pod's containers see (uname's nodename, `hostname`, $HOSTNAME, /etc/hostname):
 * the node's for a hostNetwork pod (the kubelet leaves the sandbox's hostname empty and
 * containerd takes the host's), else the pod's, or its FQDN with setHostnameAsFQDN and a
 * subdomain. An FQDN over 64 characters is the kubelet's error: the sandbox is never created.
 */
export function kernelHostname(
  untyped: PodLike,
  clusterDomain = "cluster.local",
): { ok: true; hostname: string } | { ok: false; error: string } {
  const pod = podOf(untyped);
  if (pod.spec?.hostNetwork) return { ok: true, hostname: pod.spec.nodeName ?? "" };
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  if (!domain || pod.spec?.setHostnameAsFQDN !== true) return { ok: true, hostname };
  const fqdn = `${hostname}.${domain}`;
  if (fqdn.length > FQDN_MAX)
    return {
      ok: false,
      error: `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (${FQDN_MAX} characters is the max, ${fqdn.length} characters requested)`,
    };
  return { ok: true, hostname: fqdn };
}

/** The kernel hostname, or the pod's own name where the pod could not have started (no sandbox). */
export function containerHostname(pod: PodLike, clusterDomain = "cluster.local"): string {
  const k = kernelHostname(pod, clusterDomain);
  return k.ok ? k.hostname : podHostnameAndDomain(pod, clusterDomain).hostname;
}

function hostAliases(pod: Pod): string {
  const aliases = pod.spec?.hostAliases ?? [];
  if (!aliases.length) return "";
  return `\n# Entries added by HostAliases.\n${aliases.map((a) => `${a.ip}\t${(a.hostnames ?? []).join("\t")}\n`).join("")}`;
}

/**
 * A kind node's /etc/hosts, written by Docker: its defaults, then the node's own IPv4 and IPv6
 * addresses (kind's network is dual-stack, fc00:f853:ccd:e793::/64, numbered like the IPv4 one).
 */
function nodeHostsFile(nodeName: string, nodeIP: string | undefined): string {
  let out =
    "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
  if (nodeIP) {
    out += `${nodeIP}\t${nodeName}\n`;
    const last = nodeIP.split(".")[3];
    if (nodeIP.startsWith("172.18.0.")) out += `fc00:f853:ccd:e793::${last}\t${nodeName}\n`;
  }
  return out;
}

/** /etc/hosts of a pod's containers, as the kubelet writes it. */
export function renderHostsFile(untyped: PodLike, clusterDomain = "cluster.local"): string {
  const pod = podOf(untyped);
  if (pod.spec?.hostNetwork) {
    return (
      "# Kubernetes-managed hosts file (host network).\n" +
      nodeHostsFile(pod.spec.nodeName ?? "", pod.status?.hostIP) +
      hostAliases(pod)
    );
  }
  let out =
    "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
  const { hostname, domain } = podHostnameAndDomain(pod, clusterDomain);
  const ips = pod.status?.podIPs?.length
    ? pod.status.podIPs.map((p) => p.ip)
    : pod.status?.podIP
      ? [pod.status.podIP]
      : [];
  for (const ip of ips) {
    out += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  return out + hostAliases(pod);
}
