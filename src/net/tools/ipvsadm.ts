// `ipvsadm` on a node whose kube-proxy runs in ipvs mode: -L/-l lists the IPVS table kube-proxy
// programmed there (-n numeric; kubesim always prints addresses and ports as numbers), -c the
// IPVS connection entries, which are the node's recent connections to a virtual server (the
// conntrack log), TIME_WAIT for two minutes after the client closed. The commands that change
// the table are kube-proxy's to run: kubesim says so.
import { compileIpvs, type RealServer, renderIpvsadm, type VirtualServer } from "../../proxy/index.js";
import type { CommandContext } from "../../shell/index.js";
import { DataPlane } from "../connect.js";
import { proxyInput } from "../proxy-modes.js";
import { type ConntrackEntry, conntrackEntries } from "./conntrack.js";
import type { ClusterRef } from "./index.js";
import { nodePortIPs } from "./node-addrs.js";

const TRY = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";

/** The entries that went through a virtual server: the packet arrived for it and was DNATed. */
function ipvsConnections(entries: ConntrackEntry[], services: VirtualServer[]): ConntrackEntry[] {
  const vip = new Set(services.map((s) => `${s.ip}:${s.port}`));
  return entries.filter(
    (e) => vip.has(`${e.flow.pre[1]}:${e.flow.pre[3]}`) && e.flow.post[1] !== e.flow.pre[1],
  );
}

/** print_conn: protocol, expiry as mm:ss, state, then client, virtual and real addresses. */
function connLine(e: ConntrackEntry): string {
  const [src, vip, sport, vport] = e.flow.pre;
  const [, dst, , dport] = e.flow.post;
  const state = e.record.end === "closed" ? "TIME_WAIT" : e.record.end === "timeout" ? "SYN_RECV" : "CLOSE";
  const mmss = `${String(Math.floor(e.left / 60)).padStart(2, "0")}:${String(e.left % 60).padStart(2, "0")}`;
  return `TCP ${mmss}  ${state.padEnd(11)} ${`${src}:${sport}`.padEnd(18)} ${`${vip}:${vport}`.padEnd(18)} ${dst}:${dport}\n`;
}

export function ipvsadmCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const args = ctx.argv.slice(1);
  let list = args.length === 0;
  let connections = false;
  for (const a of args) {
    if (a === "--list") list = true;
    else if (a === "--numeric" || a === "--exact") continue;
    else if (a === "--connection") connections = true;
    else if (/^-[LlncZ]+$/.test(a) && !a.includes("Z")) {
      if (/[Ll]/.test(a)) list = true;
      if (a.includes("c")) connections = true;
    } else if (a.startsWith("-") && /^-[AEDCadeRSZ]/.test(a)) {
      ctx.io.stderr(
        "ipvsadm: kubesim lists the IPVS table (-Ln, -Lnc) but does not change it: kube-proxy programs it from Services and EndpointSlices.\n",
      );
      return 1;
    } else {
      ctx.io.stderr(`ipvsadm: invalid option -- '${a.replace(/^-+/, "")}'\n${TRY}`);
      return 2;
    }
  }
  if (!list) {
    ctx.io.stderr(`ipvsadm: no command specified\n${TRY}`);
    return 2;
  }
  const plane = new DataPlane(ref.c);
  const rules = compileIpvs(proxyInput(plane, node), nodePortIPs(ref.c, node));
  const entries = ipvsConnections(
    conntrackEntries(ref.c.state.conntrack?.log ?? [], node, ref.c.clock.nowMs()),
    rules.services,
  );
  if (connections) {
    ctx.io.stdout(
      "IPVS connection entries\npro expire state       source             virtual            destination\n" +
        entries.map(connLine).join(""),
    );
    return 0;
  }
  // A connection the client closed is inactive (TIME_WAIT) until IPVS forgets it.
  const inactive = (vs: VirtualServer, d: RealServer) =>
    entries.filter(
      (e) =>
        e.flow.pre[1] === vs.ip &&
        e.flow.pre[3] === vs.port &&
        e.flow.post[1] === d.ip &&
        e.flow.post[3] === d.port,
    ).length;
  ctx.io.stdout(renderIpvsadm(rules, { inactive }));
  return 0;
}
