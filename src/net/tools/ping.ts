// ping, as iputils (Debian, Ubuntu, kind nodes) or busybox prints it. ICMP reaches pods and
// nodes; a ClusterIP is only a kube-proxy rule for TCP/UDP/SCTP ports, so nothing answers it.
import { commitEffects } from "../../cluster/effects.js";
import type { CommandContext } from "../../shell/index.js";
import type { Vantage } from "../connect.js";
import { Network } from "../network.js";
import { collectPingTrace, takeTraceFlag } from "../trace.js";
import type { ClusterRef } from "./index.js";

/** Whether anything answers ICMP echo at ip: pods and nodes do; a ClusterIP is no interface. */
export function answersPing(net: Network, ip: string): boolean {
  const topo = net.plane.topo;
  const from = net.from;
  const node = topo.nodeByIP(ip);
  const pod = topo.isPodIP(ip) ? topo.podByIP(ip) : undefined;
  return (
    ip.startsWith("127.") ||
    (from.kind !== "outside" && (!!node || !!pod)) ||
    (from.kind === "outside" && !!node)
  );
}

export function pingCommand(ctx: CommandContext, ref: ClusterRef, from: Vantage): number {
  const busybox = ctx.userland === "busybox";
  const { trace, rest: args } = takeTraceFlag(ctx.argv.slice(1));
  let count = 4;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c") count = Number(args[++i]);
    else if (args[i].startsWith("-c")) count = Number(args[i].slice(2));
    else if (args[i] === "-W" || args[i] === "-w" || args[i] === "-i") i++;
    else if (!args[i].startsWith("-")) target = args[i];
  }
  if (!target) {
    ctx.io.stderr(
      busybox
        ? "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n"
        : "ping: usage error: Destination address required\n",
    );
    return busybox ? 1 : 2;
  }
  const net = new Network(ref.c, from);
  const res = net.resolve(target);
  if (!res.ok) {
    ctx.io.stderr(
      busybox ? `ping: bad address '${target}'\n` : `ping: ${target}: Name or service not known\n`,
    );
    if (trace) ctx.io.stderr(ref.traceText(collectPingTrace(net, target, undefined, false)));
    return busybox ? 1 : 2;
  }
  const ip = res.ip;
  const topo = net.plane.topo;
  const node = topo.nodeByIP(ip);
  const pod = topo.isPodIP(ip) ? topo.podByIP(ip) : undefined;
  const reachable = answersPing(net, ip);
  const srcNode = from.kind === "node" ? from.node : from.kind === "pod" ? from.pod.spec.nodeName : undefined;
  const dstNode = node?.name ?? pod?.spec.nodeName;
  const ttl = ip.startsWith("127.") || srcNode === dstNode ? 64 : 62;
  const start = net.rng.position;
  const times = Array.from({ length: count }, () => 0.05 + net.rng.int(90) / 1000);
  ctx.io.stdout(
    busybox ? `PING ${target} (${ip}): 56 data bytes\n` : `PING ${target} (${ip}) 56(84) bytes of data.\n`,
  );
  if (reachable) {
    for (const [i, t] of times.entries()) {
      ctx.io.stdout(
        busybox
          ? `64 bytes from ${ip}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms\n`
          : `64 bytes from ${ip}: icmp_seq=${i + 1} ttl=${ttl} time=${t.toFixed(3)} ms\n`,
      );
    }
  }
  const received = reachable ? count : 0;
  const loss = Math.round(((count - received) / count) * 100);
  ctx.io.stdout(`\n--- ${target} ping statistics ---\n`);
  if (busybox) {
    ctx.io.stdout(`${count} packets transmitted, ${received} packets received, ${loss}% packet loss\n`);
    if (received) {
      const avg = times.reduce((a, b) => a + b, 0) / count;
      ctx.io.stdout(
        `round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)} ms\n`,
      );
    }
  } else {
    ctx.io.stdout(
      `${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${(count - 1) * 1000 + 3}ms\n`,
    );
    if (received) {
      const avg = times.reduce((a, b) => a + b, 0) / count;
      const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / count);
      ctx.io.stdout(
        `rtt min/avg/max/mdev = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)}/${mdev.toFixed(3)} ms\n`,
      );
    }
  }
  // The times are ping's output: they stay drawn, so the next ping prints others.
  commitEffects(ref.c, [...net.effects(), { kind: "draws", from: start, to: net.rng.position, keep: true }]);
  if (trace) ctx.io.stderr(ref.traceText(collectPingTrace(net, target, ip, reachable)));
  return received ? 0 : 1;
}
