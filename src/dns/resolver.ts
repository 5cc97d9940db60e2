// The stub resolver behind curl, wget and ping in a container: glibc's getaddrinfo with
// `hosts: files dns` — /etc/hosts first, then res_search over the search list, ndots deciding
// whether the name as given is tried before or after the search domains.
import { isIP } from "node:net";
import { nodeResolvConf } from "./files.js";
import type { DnsData, Rcode, Resolution, ResolvConf } from "./index.js";
import { exchange } from "./records.js";

/** The names res_search queries for `name`, in order. */
export function searchCandidates(name: string, rc: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)]; // absolute: no search
  const dots = (name.match(/\./g) ?? []).length;
  const searched = rc.search.map((d) => `${name}.${d}`);
  // With at least ndots dots the name is tried as is first; otherwise after the search list.
  return dots >= rc.ndots ? [name, ...searched] : [...searched, name];
}

/** Names in a hosts file: "localhost" and the pod's own hostname are found here, not in DNS. */
function fromHostsFile(hostsFile: string, name: string): string[] {
  const want = name.toLowerCase();
  const out: string[] = [];
  for (const line of hostsFile.split("\n")) {
    const [ip, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
    if (isIP(ip) === 4 && names.some((n) => n.toLowerCase() === want) && !out.includes(ip)) out.push(ip);
  }
  return out;
}

const DEFAULT_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";

/**
 * Resolve a host name as a client in a pod (or on a node) does. `data` null stands for a
 * resolver that knows no cluster names; so does a pod whose nameserver is not CoreDNS
 * (`dnsPolicy: Default`). `hostsFile` is the container's /etc/hosts (renderHostsFile).
 */
export function resolve(
  data: DnsData | null,
  rc: ResolvConf | null,
  host: string,
  hostsFile = DEFAULT_HOSTS,
): Resolution {
  const tries: Resolution["tries"] = [];
  const name = host.trim();
  if (isIP(name)) return { ok: true, address: name, addresses: [name], tries, canonical: name };
  if (!name || name.includes("..") || name === ".")
    return { ok: false, addresses: [], tries, error: "EAI_NONAME" };
  const local = fromHostsFile(hostsFile, name.replace(/\.$/, ""));
  if (local.length) return { ok: true, address: local[0], addresses: local, tries, canonical: name };
  const conf = rc ?? nodeResolvConf();
  const servers = conf.nameservers ?? [conf.nameserver];
  let nodata = false;
  let servfail = false;
  let external = false;
  for (const candidate of searchCandidates(name, conf)) {
    // Each nameserver in turn until one answers; none answering ends the search (TRY_AGAIN).
    const resp = servers.map((s) => exchange(data, s, candidate, "A")).find((r) => r !== null) ?? null;
    if (!resp) {
      return {
        ok: false,
        addresses: [],
        tries,
        error: "EAI_AGAIN",
        timedOut: true,
        ...(external ? { external } : {}),
      };
    }
    external ||= resp.external === true;
    const rcode: Rcode = resp.rcode;
    tries.push({ name: candidate, rcode });
    const addresses = resp.answers.filter((a) => a.type === "A").map((a) => a.data);
    if (rcode === "NOERROR" && addresses.length) {
      const cname = [...resp.answers].reverse().find((a) => a.type === "CNAME");
      const canonical = (cname ? cname.data : candidate).replace(/\.$/, "");
      return {
        ok: true,
        address: addresses[0],
        addresses,
        tries,
        canonical,
        ...(external ? { external } : {}),
      };
    }
    if (rcode === "NOERROR") nodata = true;
    if (rcode === "SERVFAIL") servfail = true;
  }
  // res_search reports NO_DATA over TRY_AGAIN over HOST_NOT_FOUND.
  const error = nodata ? "EAI_NODATA" : servfail ? "EAI_AGAIN" : "EAI_NONAME";
  return { ok: false, addresses: [], tries, error, ...(external ? { external } : {}) };
}
