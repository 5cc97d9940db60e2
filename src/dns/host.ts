// bind9's host (9.18): `host NAME [SERVER]`, `host -t TYPE NAME`, `host ADDR`. It searches
// like the C library, prints one sentence per record, and follows an A lookup with AAAA and
// MX lookups of the name the answer ended at.
import type { Answer, DnsData, ResolvConf, ToolOutput } from "./index.js";
import { chase, lookup } from "./nslookup.js";
import { type QType, reverseName } from "./records.js";

const SAYS: Record<string, string> = {
  A: "has address",
  AAAA: "has IPv6 address",
  CNAME: "is an alias for",
  PTR: "domain name pointer",
};
const RCODE_NUMBER = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

function noDot(name: string): string {
  return name.replace(/\.$/, "");
}

function say(a: Answer): string {
  return `${noDot(a.name)} ${SAYS[a.type] ?? `has ${a.type} record`} ${a.data}\n`;
}

/** `host ARGS...` from a pod (rc is its resolv.conf) or a node. Exit 1 when any lookup failed. */
export function host(data: DnsData | null, rc: ResolvConf, args: string[]): ToolOutput {
  let type: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-t" && args[i + 1]) type = args[++i].toUpperCase();
    else if (!args[i].startsWith("-")) rest.push(args[i]);
  }
  const [name = "", server] = rest;
  if (!name) return { stdout: "", stderr: "Usage: host [-t type] hostname [server]\n", exitCode: 1 };
  const ptr = reverseName(name);
  const defaults = type === undefined;
  const qtype = (type ?? (ptr ? "PTR" : "A")) as QType;
  const qname = ptr && !type ? ptr : name;
  const servers = server ? [server] : (rc.nameservers ?? [rc.nameserver]);
  for (const ns of servers) {
    const first = lookup(data, rc, ns, qname, qtype, true);
    if (!first) continue;
    let out = server ? `Using domain server:\nName: ${server}\nAddress: ${ns}#53\nAliases: \n\n` : "";
    let failed = false;
    const report = (l: NonNullable<ReturnType<typeof lookup>>, textname: string, explicit: boolean) => {
      if (l.resp.rcode !== "NOERROR") {
        const shown = l.resp.rcode === "NXDOMAIN" ? noDot(textname) : noDot(l.queried);
        out += `Host ${shown} not found: ${RCODE_NUMBER[l.resp.rcode]}(${l.resp.rcode})\n`;
        failed = true;
        return false;
      }
      for (const a of l.resp.answers) out += say(a);
      if (explicit && !l.resp.answers.length) out += `${noDot(l.queried)} has no ${qtype} record\n`;
      return true;
    };
    if (report(first, qname, !defaults) && defaults && qtype === "A") {
      const target = chase(first.queried, first.resp.answers);
      for (const t of ["AAAA", "MX"] as const) {
        const next = lookup(data, rc, ns, target, t, false);
        if (next) report(next, target, false);
      }
    }
    return { stdout: out, stderr: "", exitCode: failed ? 1 : 0 };
  }
  return { stdout: ";; connection timed out; no servers could be reached\n", stderr: "", exitCode: 1 };
}
