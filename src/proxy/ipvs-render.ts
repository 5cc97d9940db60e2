// `ipvsadm -Ln` as ipvsadm 1.31 prints the kernel's IPVS table: services sorted
// as libipvs compares them (protocol number, then address, then port, each a C int difference
// of unsigned values), each followed by its real servers in the same order.
import type { IpvsRules, RealServer, VirtualServer } from "./ipvs.js";

const PROTO_NUMBER: Record<VirtualServer["protocol"], number> = { TCP: 6, UDP: 17, SCTP: 132 };

function ipNumber(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

/** `(int)(a - b)` for two uint32 values: what ipvs_cmp_services computes (wrapping, as in C). */
function cDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function compareServices(a: VirtualServer, b: VirtualServer): number {
  return (
    PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] ||
    cDiff(ipNumber(a.ip), ipNumber(b.ip)) ||
    a.port - b.port
  );
}

function compareDests(a: RealServer, b: RealServer): number {
  return cDiff(ipNumber(a.ip), ipNumber(b.ip)) || a.port - b.port;
}

const HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n";

/** The connection counts ipvsadm shows per real server; InActConn: closed, not yet expired. */
export interface IpvsCounts {
  active?: (vs: VirtualServer, d: RealServer) => number;
  inactive?: (vs: VirtualServer, d: RealServer) => number;
}

/** `ipvsadm -Ln`: each virtual server, then its real servers (always Masq: kube-proxy NATs). */
export function renderIpvsadm(rules: Pick<IpvsRules, "services">, counts: IpvsCounts = {}): string {
  let out = `${HEADER}Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n`;
  for (const vs of [...rules.services].sort(compareServices)) {
    out += `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}${vs.persistent ? ` persistent ${vs.persistent}` : ""}\n`;
    for (const d of [...vs.dests].sort(compareDests)) {
      const active = String(counts.active?.(vs, d) ?? 0);
      const inactive = String(counts.inactive?.(vs, d) ?? 0);
      out += `  -> ${`${d.ip}:${d.port}`.padEnd(28)} ${"Masq".padEnd(7)} ${String(d.weight).padEnd(6)} ${active.padEnd(10)} ${inactive.padEnd(10)}\n`;
    }
  }
  return out;
}
