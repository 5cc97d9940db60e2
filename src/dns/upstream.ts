// What lies beyond CoreDNS's `forward . /etc/resolv.conf`: the node's resolver (Docker's DNS on
// kind) and, behind it, the Internet, which the simulated network does not reach.
import { isIP } from "node:net";
import type { DnsResponse } from "./index.js";

function bare(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** The address a reverse name stands for, or "" when it is not a whole in-addr.arpa/ip6.arpa name. */
export function fromReverse(name: string): string {
  const v4 = name.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/);
  if (v4) {
    const ip = [v4[4], v4[3], v4[2], v4[1]].map(Number).join(".");
    return isIP(ip) === 4 ? ip : "";
  }
  const v6 = name.match(/^((?:[0-9a-f]\.){32})ip6\.arpa$/);
  if (!v6) return "";
  const hex = v6[1].replace(/\./g, "").split("").reverse().join("");
  return (hex.match(/.{4}/g) ?? []).join(":"); // 32 hex digits: always eight groups
}

/** The reverse-lookup name of an address: 10.96.0.10 → 10.0.96.10.in-addr.arpa. */
export function reverseName(ip: string): string | undefined {
  if (isIP(ip) === 4) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  if (isIP(ip) !== 6) return undefined;
  const [head, tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const hex = groups.map((g) => g.padStart(4, "0")).join("");
  return `${hex.split("").reverse().join(".")}.ip6.arpa`;
}

function isPrivate(ip: string): boolean {
  if (isIP(ip) === 6) return /^(fe80|fc|fd|0{4}:0{4}:0{4}:0{4}:0{4}:0{4}:0{4}:0{3}1)/.test(ip);
  const [a, b] = ip.split(".").map(Number);
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

// Top-level domains an upstream would recurse into. Every two-letter label is taken for a
// country-code TLD. Other labels ("default", "local", "svc", a namespace) do not exist in the
// root zone, so any resolver answers NXDOMAIN for them without leaving the host.
const TLDS = new Set(
  "com net org edu gov mil int info biz name pro mobi aero asia coop jobs museum tel travel app dev cloud xyz online site tech store blog page shop top club live news art space website fun io ai".split(
    " ",
  ),
);

/**
 * What CoreDNS's `forward` (or the node's own resolver) gets from upstream. Reverse names of
 * private addresses and names under non-existent TLDs are NXDOMAIN; real Internet names are
 * outside the simulated network, so the upstream fails and the answer is SERVFAIL.
 */
export function upstream(name: string): DnsResponse {
  const n = bare(name);
  const nx: DnsResponse = {
    rcode: "NXDOMAIN",
    answers: [],
    authoritative: false,
    recursionAvailable: true,
    forwarded: true,
  };
  const fail: DnsResponse = {
    rcode: "SERVFAIL",
    answers: [],
    authoritative: false,
    forwarded: true,
    external: true,
  };
  if (n.endsWith(".in-addr.arpa") || n.endsWith(".ip6.arpa")) {
    const ip = fromReverse(n);
    return ip && !isPrivate(ip) ? fail : nx;
  }
  if (n === "") return fail; // the root zone itself is on the Internet
  // A single label names no host anywhere (ICANN forbids dotless domains): NXDOMAIN, cached.
  if (!n.includes(".")) return nx;
  const tld = n.slice(n.lastIndexOf(".") + 1);
  return TLDS.has(tld) || /^[a-z]{2}$/.test(tld) ? fail : nx;
}
