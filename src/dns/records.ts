// CoreDNS as kubeadm (and kind) configure it: the `kubernetes` plugin for cluster.local and the
// reverse zones (`pods insecure`, `ttl 30`, `fallthrough in-addr.arpa ip6.arpa`), `loadbalance`,
// and `forward . /etc/resolv.conf` for everything else. The lookup rules follow CoreDNS's
// parseRequest / findServices / findPods / serviceRecordForIP and plugin/backend_lookup.go.
import { isIP } from "node:net";
import { NODE_RESOLVER } from "./files.js";
import type { Answer, DnsData, DnsResponse, Soa } from "./index.js";
import { fromReverse, upstream } from "./upstream.js";
import { clusterIPs, type Index, isClusterDnsServer, isHeadless, key, type Port, viewOf } from "./zone.js";

export { reverseName } from "./upstream.js";
export { isClusterDnsServer } from "./zone.js";

/** kubeadm's Corefile: `ttl 30`; the SOA's minimum is the same value. */
export const TTL = 30;

/** CoreDNS's msg.Service: an address or a name, with the port and the name SRV targets. */
interface Rec {
  host: string;
  port: number;
  target: string;
}

/** Types a question may carry; CoreDNS holds no MX, TXT or NS records under the services. */
export type QType = Answer["type"] | "MX" | "TXT" | "NS" | "SOA" | "ANY";

function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

function bare(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/**
 * The SOA of a negative answer. Its serial is read when shown (dig's authority section):
 * inferring it scans every Service, slice and pod, which a resolver walking its search list
 * through NXDOMAINs (`curl web.default`) never looks at.
 */
function soa(ix: Index): Soa {
  return {
    name: `${ix.domain}.`,
    ttl: TTL,
    mname: `ns.dns.${ix.domain}.`,
    rname: `hostmaster.${ix.domain}.`,
    get serial() {
      return ix.serial;
    },
    refresh: 7200,
    retry: 1800,
    expire: 86400,
    minimum: TTL,
  };
}

const NAME_ERROR = "nxdomain" as const;
type Found = Rec[] | typeof NAME_ERROR;

/** CoreDNS's Records for a name inside the zone: parseRequest, then findPods or findServices. */
function records(ix: Index, name: string): Found {
  const base = name === ix.domain ? "" : name.slice(0, -(ix.domain.length + 1));
  if (base === "" || base === "svc" || base === "pod") return []; // apex queries are NODATA
  const segs = base.split(".");
  let last = segs.length - 1;
  const podOrSvc = segs[last--];
  if (podOrSvc !== "svc" && podOrSvc !== "pod") return NAME_ERROR;
  const ns = segs[last--];
  if (!ix.namespaces.has(ns)) return NAME_ERROR;
  const service = last >= 0 ? segs[last--] : "";
  let endpoint = "";
  let port = "*";
  let protocol = "*";
  if (last === 0) endpoint = segs[0];
  else if (last === 1) [port, protocol] = [segs[0].replace(/^_/, ""), segs[1].replace(/^_/, "")];
  else if (last > 1) return NAME_ERROR; // too long to be a record
  if (service === "") return []; // an existing namespace: NODATA
  if (podOrSvc === "pod") {
    // `pods insecure`: any dashed IP answers, with no check that such a pod exists.
    const ip =
      (service.match(/-/g) ?? []).length === 3 && !service.includes("--")
        ? service.replace(/-/g, ".")
        : service.replace(/-/g, ":");
    if (!isIP(ip)) return NAME_ERROR;
    return [{ host: ip, port: 0, target: `${service}.${ns}.pod.${ix.domain}.` }];
  }
  const svc = ix.services.get(key(service, ns));
  if (!svc) return NAME_ERROR;
  const svcName = `${service}.${ns}.svc.${ix.domain}.`;
  const matchPort = (p: Port) =>
    (port === "*" || p.name.toLowerCase() === port) &&
    (protocol === "*" || p.protocol.toLowerCase() === protocol);
  if (svc.spec?.type === "ExternalName") {
    if (endpoint || !svc.spec.externalName || isIP(svc.spec.externalName)) return NAME_ERROR;
    return [{ host: svc.spec.externalName, port: 0, target: svcName }];
  }
  if (isHeadless(svc) || endpoint) {
    const out: Rec[] = [];
    for (const set of ix.endpoints.get(key(service, ns)) ?? []) {
      for (const a of set.addresses) {
        if (endpoint && a.name !== endpoint) continue;
        for (const p of set.ports) {
          if (p.port !== -1 && !matchPort(p)) continue;
          out.push({ host: a.ip, port: p.port, target: `${a.name}.${svcName}` });
        }
      }
    }
    return out.length ? out : NAME_ERROR;
  }
  const out: Rec[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const p = { name: sp.name ?? "", port: sp.port, protocol: sp.protocol ?? "TCP" };
    if (!matchPort(p)) continue;
    for (const ip of clusterIPs(svc)) out.push({ host: ip, port: p.port, target: svcName });
  }
  return out.length ? out : NAME_ERROR;
}

function inZone(ix: Index, name: string): boolean {
  return name === ix.domain || name.endsWith(`.${ix.domain}`);
}

/** plugin.A / plugin.AAAA: addresses, and CNAMEs chased inside the zone or upstream. */
function addressAnswers(
  ix: Index,
  qname: string,
  family: 4 | 6,
  recs: Rec[],
  depth: number,
): { answers: Answer[]; external: boolean } {
  const answers: Answer[] = [];
  const seen = new Set<string>();
  let external = false;
  for (const r of recs) {
    const kind = isIP(r.host);
    if (kind === 0) {
      const target = fqdn(r.host);
      if (bare(target) === bare(qname) || depth > 7) continue; // a CNAME loop, or too long a chain
      const cname: Answer = { name: fqdn(qname), type: "CNAME", ttl: TTL, data: target };
      const t = bare(target);
      if (inZone(ix, t)) {
        const next = records(ix, t);
        if (next === NAME_ERROR) continue;
        const rest = addressAnswers(ix, target, family, next, depth + 1);
        if (rest.answers.length) answers.push(cname, ...rest.answers);
        external ||= rest.external;
      } else {
        // The target is looked up through the whole server, so via `forward`; what comes back
        // (nothing, in a simulation without the Internet) follows the CNAME.
        const up = upstream(target);
        answers.push(cname, ...up.answers);
        external ||= up.external === true;
      }
    } else if (kind === family && !seen.has(r.host)) {
      seen.add(r.host);
      answers.push({ name: fqdn(qname), type: family === 4 ? "A" : "AAAA", ttl: TTL, data: r.host });
    }
  }
  return { answers, external };
}

/** plugin.SRV: weights split 100 among the targets; targets' addresses go to the additional section. */
function srvAnswers(qname: string, recs: Rec[]): { answers: Answer[]; additional: Answer[] } {
  // SRV for ExternalName services is not implemented in CoreDNS: they are dropped first.
  const internal = recs.filter((r) => isIP(r.host) !== 0);
  const total = 100 * internal.length;
  const answers: Answer[] = [];
  const additional: Answer[] = [];
  const dup = new Set<string>();
  for (const r of internal) {
    if (r.port === -1) continue;
    const weight = Math.max(1, Math.floor((100 / total) * 100));
    if (!dup.has(`${r.target} ${r.port}`)) {
      dup.add(`${r.target} ${r.port}`);
      answers.push({ name: fqdn(qname), type: "SRV", ttl: TTL, data: `0 ${weight} ${r.port} ${r.target}` });
    }
    if (!dup.has(`${r.target} ${r.host}`)) {
      dup.add(`${r.target} ${r.host}`);
      additional.push({ name: r.target, type: isIP(r.host) === 6 ? "AAAA" : "A", ttl: TTL, data: r.host });
    }
  }
  return { answers, additional };
}

function shuffled(answers: Answer[], shuffle?: (n: number) => number): Answer[] {
  if (!shuffle) return answers;
  // The loadbalance plugin shuffles address records and leaves CNAMEs first.
  const head = answers.filter((a) => a.type !== "A" && a.type !== "AAAA");
  const addrs = answers.filter((a) => a.type === "A" || a.type === "AAAA");
  for (let i = addrs.length - 1; i > 0; i--) {
    const j = shuffle(i + 1);
    [addrs[i], addrs[j]] = [addrs[j], addrs[i]];
  }
  return [...head, ...addrs];
}

/** CoreDNS's answer to one question, as kubeadm's Corefile configures it. */
export function query(
  data: DnsData,
  name: string,
  type: QType,
  shuffle?: (n: number) => number,
): DnsResponse {
  const ix = viewOf(data);
  const n = bare(name);
  const qname = fqdn(name);
  if (n.endsWith(".in-addr.arpa") || n.endsWith(".ip6.arpa")) {
    if (type !== "PTR") return upstream(name);
    const ip = fromReverse(n);
    const ptr = ip ? ptrTargets(ix, ip) : [];
    if (!ptr.length) return upstream(name); // `fallthrough in-addr.arpa ip6.arpa`
    return {
      rcode: "NOERROR",
      authoritative: true,
      answers: ptr.map((t) => ({ name: qname, type: "PTR", ttl: TTL, data: t })),
    };
  }
  if (!inZone(ix, n)) return upstream(name);
  const nodata = (): DnsResponse => ({
    rcode: "NOERROR",
    answers: [],
    authoritative: true,
    authority: [soa(ix)],
  });
  if (n === `ns.dns.${ix.domain}`) {
    // CoreDNS names itself in its SOA and answers for that name with the kube-dns address.
    const kubeDns = ix.services.get(key("kube-dns", "kube-system"));
    const ips = type === "A" && kubeDns ? clusterIPs(kubeDns) : [];
    if (!ips.length) return nodata();
    return {
      rcode: "NOERROR",
      authoritative: true,
      answers: ips.map((ip) => ({ name: qname, type: "A", ttl: TTL, data: ip })),
    };
  }
  const recs = records(ix, n);
  if (recs === NAME_ERROR)
    return { rcode: "NXDOMAIN", answers: [], authoritative: true, authority: [soa(ix)] };
  let answers: Answer[] = [];
  let additional: Answer[] = [];
  let external = false;
  if (type === "A" || type === "AAAA") {
    const got = addressAnswers(ix, qname, type === "A" ? 4 : 6, recs, 0);
    answers = shuffled(got.answers, shuffle);
    external = got.external;
  } else if (type === "SRV") {
    ({ answers, additional } = srvAnswers(qname, recs));
  } else if (type === "CNAME") {
    const first = recs[0];
    if (first && isIP(first.host) === 0)
      answers = [{ name: qname, type: "CNAME", ttl: TTL, data: fqdn(first.host) }];
  }
  // PTR for a forward name has no records: NODATA, like every other type CoreDNS cannot answer
  // (SOA and NS at the apex, which CoreDNS does answer, are not modelled).
  if (!answers.length) return { ...nodata(), ...(external ? { external } : {}) };
  return {
    rcode: "NOERROR",
    answers,
    authoritative: true,
    ...(additional.length ? { additional } : {}),
    ...(external ? { external } : {}),
  };
}

/** serviceRecordForIP: a ClusterIP names its Service; else every endpoint with that address. */
function ptrTargets(ix: Index, ip: string): string[] {
  const svc = ix.svcByIp.get(ip);
  if (svc) return [`${svc.metadata.name}.${svc.metadata.namespace ?? "default"}.svc.${ix.domain}.`];
  const out: string[] = [];
  for (const set of ix.epByIp.get(ip) ?? []) {
    for (const a of set.addresses) {
      const t = `${a.name}.${set.svc}.${set.ns}.svc.${ix.domain}.`;
      if (a.ip === ip && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/**
 * One UDP exchange with a nameserver, from a pod or a node. CoreDNS answers on the kube-dns
 * ClusterIP and its pods' IPs; the node's resolver (kind's Docker gateway) knows no cluster
 * names; any other address is unreachable in the simulation: null, the client times out.
 */
export function exchange(
  data: DnsData | null,
  server: string,
  name: string,
  type: QType,
  shuffle?: (n: number) => number,
): DnsResponse | null {
  if (data && isClusterDnsServer(data, server))
    return data.unreachable ? null : query(data, name, type, shuffle);
  if (server === NODE_RESOLVER) return upstream(name);
  return null;
}
