// `ss -ltnp` on a kind node: the TCP sockets its daemons listen on, as iproute2 6.1 (Debian 12)
// prints them. kubeadm binds the scheduler and controller-manager to 127.0.0.1, etcd to
// loopback and the node's address, the kubelet's healthz to 127.0.0.1:10248 and kube-proxy's
// metrics to 127.0.0.1:10249; the kubelet's 10250, kube-proxy's healthz 10256 and the API
// server's 6443 are Go wildcard listeners (dual-stack, shown as `*`). Docker's embedded DNS
// listens on 127.0.0.11 in the node's namespace, owned by dockerd outside it, so ss names no
// process. hostPorts (the portmap plugin) and NodePorts (kube-proxy in iptables mode) are
// iptables rules, not sockets: they do not appear, as on a real node.
import { isRunning, processOf } from "../../kubelet/runtime.js";
import type { CommandContext } from "../../shell/index.js";
import { Rng } from "../../util/rng.js";
import { DataPlane } from "../connect.js";
import type { ClusterRef } from "./index.js";

interface Socket {
  proto: "tcp" | "udp";
  /** "127.0.0.1", or "*" for a dual-stack wildcard. */
  addr: string;
  port: number;
  /** Process name (comm, 15 characters at most), pid and fd; absent when ss cannot see the owner. */
  owner?: { comm: string; pid: number; fd: number };
}

/** A node's daemons with pids as a kind node's boot order gives them (systemd first, then containerd, kubelet). */
function nodeSockets(ref: ClusterRef, node: string): Socket[] {
  const plane = new DataPlane(ref.c);
  const n = plane.topo.node(node);
  if (!n) throw new Error(`kubesim: ss on unknown node ${node}`);
  const controlPlane = plane.topo.first()?.name === node;
  // Ports the kernel picked (containerd's CRI streaming server, Docker's DNS) and pids: fixed per node.
  const rng = Rng.forKey(`ss/${node}`);
  const ephemeral = () => 32768 + rng.int(28232);
  const pid = { containerd: 100 + rng.int(20), kubelet: 0, proxy: 0, etcd: 0, api: 0, cm: 0, sched: 0 };
  pid.kubelet = (controlPlane ? 600 : 190) + rng.int(60);
  pid.proxy = pid.kubelet + 150 + rng.int(80);
  pid.etcd = 380 + rng.int(40);
  pid.api = pid.etcd + 10 + rng.int(30);
  pid.cm = pid.etcd - 20 - rng.int(20);
  pid.sched = pid.cm + 3 + rng.int(10);
  const own = (comm: string, p: number, fd: number) => ({ comm, pid: p, fd });
  const tcp = (addr: string, port: number, owner?: Socket["owner"]): Socket => ({
    proto: "tcp",
    addr,
    port,
    owner,
  });
  const out: Socket[] = [
    tcp("127.0.0.11", ephemeral()),
    tcp("127.0.0.1", ephemeral(), own("containerd", pid.containerd, 11)),
    tcp("127.0.0.1", 10248, own("kubelet", pid.kubelet, 21)),
    tcp("127.0.0.1", 10249, own("kube-proxy", pid.proxy, 10)),
    tcp("*", 10250, own("kubelet", pid.kubelet, 22)),
    tcp("*", 10256, own("kube-proxy", pid.proxy, 9)),
  ];
  if (controlPlane) {
    out.push(
      tcp("127.0.0.1", 2379, own("etcd", pid.etcd, 8)),
      tcp(n.ip, 2379, own("etcd", pid.etcd, 9)),
      tcp(n.ip, 2380, own("etcd", pid.etcd, 7)),
      tcp("127.0.0.1", 2381, own("etcd", pid.etcd, 14)),
      tcp("127.0.0.1", 10257, own("kube-controller", pid.cm, 3)),
      tcp("127.0.0.1", 10259, own("kube-scheduler", pid.sched, 3)),
      tcp("*", 6443, own("kube-apiserver", pid.api, 3)),
    );
  }
  // A hostNetwork pod's server listens in the node's namespace: its sockets are the node's.
  const taken = new Set(out.map((s) => s.port));
  let next = 2000;
  for (const pod of plane.topo.hostNetworkPods(node)) {
    for (const ctr of pod.spec.containers ?? []) {
      if (!isRunning(pod, ctr.name)) continue;
      const proc = processOf(pod, ctr);
      const comm =
        (proc.description.split(" ")[0] ?? "").split("/").pop()?.replace(/:$/, "").slice(0, 15) ?? "";
      for (const l of proc.listeners) {
        if (taken.has(l.port) || l.protocol !== "TCP" || l.probeOnly) continue;
        taken.add(l.port);
        next += 7 + rng.int(40);
        out.push(tcp("*", l.port, own(comm, next, 3)));
      }
    }
  }
  // inet_diag dumps IPv4 sockets before IPv6 ones; within a family kubesim orders by port.
  const family = (s: Socket) => (s.addr === "*" ? 1 : 0);
  return out.sort((a, b) => family(a) - family(b) || a.port - b.port || (a.addr < b.addr ? -1 : 1));
}

interface Column {
  align: "left" | "right";
  ldelim: string;
  cells: string[];
}

/**
 * ss's render() without a terminal (compact output): each column as wide as its widest
 * cell plus its left delimiter, right-aligned address columns, and the Process column padded
 * like any other because an empty last column follows it.
 */
function render(cols: Column[]): string {
  const widths = cols.map((c, i) => {
    const max = Math.max(...c.cells.map((x) => x.length));
    return i > 0 && max ? max + c.ldelim.length : max;
  });
  const rows = cols[0].cells.length;
  let out = "";
  for (let r = 0; r < rows; r++) {
    let line = "";
    cols.forEach((c, i) => {
      const cell = c.cells[r];
      let printed = i > 0 ? c.ldelim.length : 0;
      line += i > 0 ? c.ldelim : "";
      if (c.align === "right") {
        const s = widths[i] - cell.length - printed;
        if (s > 0) {
          line += " ".repeat(s);
          printed += s;
        }
      }
      line += cell;
      printed += cell.length;
      if (c.align === "left" && widths[i] - printed > 0) line += " ".repeat(widths[i] - printed);
    });
    out += `${line}\n`;
  }
  return out;
}

/** ss options that select or describe sockets kubesim does not model (unix, raw, packet, details). */
const OTHER_SOCKETS = "xwd0SeomiKEZzbMr";

const USAGE = "Usage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n";

export function ssCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const flags = new Set<string>();
  for (const a of ctx.argv.slice(1)) {
    const long: Record<string, string> = {
      "--listening": "l",
      "--tcp": "t",
      "--numeric": "n",
      "--processes": "p",
      "--all": "a",
      "--udp": "u",
      "--no-header": "H",
    };
    if (long[a]) flags.add(long[a]);
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (OTHER_SOCKETS.includes(ch)) {
          ctx.io.stderr(`ss: kubesim models a node's TCP listeners (ss -ltnp); -${ch} is not modelled\n`);
          return 1;
        }
        if (!"ltnpauH46".includes(ch)) {
          ctx.io.stderr(`ss: invalid option -- '${ch}'\n${USAGE}`);
          return 255;
        }
        flags.add(ch);
      }
    } else {
      ctx.io.stderr(`ss: unrecognized option '${a}'\n${USAGE}`);
      return 255;
    }
  }
  // The node's daemons only listen: without -l (or -a) ss shows connected sockets, and none are modelled.
  const listening = flags.has("l") || flags.has("a");
  // kubesim models the TCP listeners; with -u alone there is no TCP socket to show.
  const sockets = listening && (flags.has("t") || !flags.has("u")) ? nodeSockets(ref, node) : [];
  const both = flags.has("u") && flags.has("t");
  const users = (s: Socket) =>
    flags.has("p") && s.owner ? ` users:(("${s.owner.comm}",pid=${s.owner.pid},fd=${s.owner.fd}))` : "";
  // None of these ports has a name in Debian's /etc/services, so -n changes nothing here.
  const port = (p: number) => String(p);
  const header = !flags.has("H");
  const h = (x: string) => (header ? [x] : []);
  const cols: Column[] = [];
  if (both || (!flags.has("t") && !flags.has("u")))
    cols.push({ align: "left", ldelim: "", cells: [...h("Netid"), ...sockets.map((s) => s.proto)] });
  // State is shown because -l asks for two states (LISTEN and UNCONN).
  cols.push({ align: "left", ldelim: " ", cells: [...h("State"), ...sockets.map(() => "LISTEN")] });
  cols.push({ align: "left", ldelim: " ", cells: [...h("Recv-Q"), ...sockets.map(() => "0     ")] });
  cols.push({ align: "left", ldelim: " ", cells: [...h("Send-Q"), ...sockets.map(() => "4096  ")] });
  cols.push({
    align: "right",
    ldelim: " ",
    cells: [...h("Local Address:"), ...sockets.map((s) => `${s.addr}:`)],
  });
  cols.push({ align: "left", ldelim: "", cells: [...h("Port"), ...sockets.map((s) => port(s.port))] });
  cols.push({
    align: "right",
    ldelim: " ",
    cells: [...h("Peer Address:"), ...sockets.map((s) => (s.addr === "*" ? "*:" : "0.0.0.0:"))],
  });
  cols.push({ align: "left", ldelim: "", cells: [...h("Port"), ...sockets.map(() => "*")] });
  cols.push({ align: "left", ldelim: "", cells: [...h("Process"), ...sockets.map(users)] });
  if (cols[0].cells.length) ctx.io.stdout(render(cols));
  return 0;
}
