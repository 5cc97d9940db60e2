// kubectl port-forward: real listening sockets on the host (127.0.0.1 and ::1 by default)
// whose connections are served by the simulated pod, as the kubelet's portforward dials
// localhost:PORT inside the pod's network namespace. Each connection takes a short look at
// the state (HTTP requests and RESP commands a locked transaction each, so the server's log
// lines are kept); nothing is held while idle, so other kubesim commands run meanwhile.

import * as net from "node:net";
import type { Command } from "commander";
import type { Pod, Service } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import { PODS, SERVICES } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { commitEffects } from "../cluster/effects.js";
import { commandForwarded, dialInPod, serveForwarded } from "../net/forward.js";
import { sha256 } from "../util/digest.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { HELP } from "./portforward.help.js";
import { podForObject } from "./util/attachable-pod.js";
import { parseDuration } from "./util/flags.js";
import {
  type ForwardedPort,
  type ListenAddress,
  parseAddresses,
  parsePorts,
  podPorts,
  servicePorts,
} from "./util/forward-ports.js";
import { closeAll, joinHostPort, listen } from "./util/listen.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import {
  headerOf,
  keepsAlive,
  looksLikeHttp,
  readCommand,
  readRequest,
  writeReply,
  writeResponse,
} from "./util/wire.js";

interface PortForwardOpts extends GlobalOpts {
  address?: string[];
  podRunningTimeout?: string;
}

/** What the forward is bound to: a pod by uid, so a new pod of the same name is another pod. */
interface Target {
  ns: string;
  name: string;
  uid: string;
}

/** klog's header, as kubectl's error lines start: `E1207 06:30:00.123456   12345 `. */
function klogHeader(env: NodeJS.ProcessEnv): string {
  // The client's own wall clock (KUBESIM_NOW in tests), to the microsecond as klog prints it.
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000;
  const d = new Date(Date.parse(env.KUBESIM_NOW ?? "") || Date.now());
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000 + micros, 6)} ${String(process.pid).padStart(7)}`;
}

/** The pod sandbox's id and network namespace containerd names in its errors. */
function sandboxOf(uid: string): { id: string; netns: string } {
  const id = sha256(`sandbox/${uid}`).toString("hex");
  const h = sha256(`netns/${uid}`).toString("hex");
  return {
    id,
    netns: `/var/run/netns/cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
  };
}

/** containerd's refusal, through the kubelet's error stream, as client-go logs it. */
function refusedLine(env: NodeJS.ProcessEnv, t: Target, port: ForwardedPort): string {
  const sb = sandboxOf(t.uid);
  const r = port.remote;
  const msg = `an error occurred forwarding ${port.local} -> ${r}: error forwarding port ${r} to pod ${sb.id}, uid : failed to execute portforward in network namespace "${sb.netns}": failed to connect to localhost:${r} inside namespace "${sb.id}", IPv4: dial tcp4 127.0.0.1:${r}: connect: connection refused IPv6 dial tcp6 [::1]:${r}: connect: connection refused `;
  return `${klogHeader(env)} portforward.go:413] "Unhandled Error" err="${msg.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"\n`;
}

function alive(c: Cluster, t: Target): Pod | undefined {
  const pod = c.api.get(PODS, t.ns, t.name);
  if (!pod || pod.metadata.uid !== t.uid || pod.status?.phase !== "Running") return undefined;
  return pod;
}

class PortForwardOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: PortForwardOpts,
  ) {}

  complete(args: string[]): void {
    if (args.length < 2)
      throw usageError("port-forward", "TYPE/NAME and list of ports are required for port-forward");
    this.args = args;
    const t = this.flags.podRunningTimeout ?? "1m0s";
    const ms = parseDuration(t);
    if (ms === undefined)
      throw new CliError(
        `Error: invalid argument "${t}" for "--pod-running-timeout" flag: time: invalid duration "${t}"\nSee 'kubectl port-forward --help' for usage.`,
      );
    if (ms <= 0) throw usageError("port-forward", "--pod-running-timeout must be higher than zero");
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    const ns = namespaceOf(o);
    const [arg, ...portArgs] = this.args;
    const { target, ports } = await s.view((c) => {
      const name = podForObject(c, arg, ns).name;
      const pod = c.api.get(PODS, ns, name);
      if (!pod) throw notFound(PODS, name);
      const slash = arg.indexOf("/");
      const kind = slash < 0 ? "" : arg.slice(0, slash).toLowerCase();
      const svc = ["svc", "service", "services"].includes(kind)
        ? (c.api.get(SERVICES, ns, arg.slice(slash + 1)) as Service)
        : undefined;
      const translated = svc ? servicePorts(portArgs, svc, pod) : podPorts(portArgs, pod);
      if (translated.length < 1) throw new CliError("error: at least 1 PORT is required for port-forward");
      if (pod.status?.phase !== "Running")
        throw new CliError(
          `error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ""}`,
        );
      return {
        target: { ns, name: pod.metadata.name, uid: pod.metadata.uid ?? "" },
        ports: translated,
      };
    });
    const addresses = parseAddresses(
      (o.address ?? ["localhost"]).flatMap((a) => a.split(",")),
      (x) => net.isIP(x),
    );
    await new Forwarder(ctx, s, target, addresses, parsePorts(ports)).run();
  }
}

/** The listeners and their connections, until interrupted or the pod is lost. */
class Forwarder {
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private lost!: () => void;
  private readonly lostPromise = new Promise<"lost">((r) => {
    this.lost = () => r("lost");
  });

  constructor(
    private readonly ctx: Ctx,
    private readonly s: ReturnType<typeof session>,
    private readonly target: Target,
    private readonly addresses: ListenAddress[],
    private readonly ports: ForwardedPort[],
  ) {}

  async run(): Promise<void> {
    const { ctx } = this;
    let any = false;
    for (const port of this.ports) {
      const errors: string[] = [];
      const fails = { all: 0, any: 0 };
      const oks = { all: 0, any: 0 };
      for (const a of this.addresses) {
        const fp = port;
        const r = await listen(a.address, port.local, a.network, (sock) => this.accept(sock, fp));
        if (r.ok) {
          port.local = r.port;
          this.servers.push(r.server);
          oks[a.failureMode]++;
          ctx.io.out(`Forwarding from ${joinHostPort(a.address, r.port)} -> ${port.remote}\n`);
        } else {
          errors.push(`unable to create listener: Error ${r.error}`);
          fails[a.failureMode]++;
        }
      }
      if ((oks.all === 0 && fails.all > 0) || fails.any > 0)
        ctx.io.err(
          `Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(" ")}]\n`,
        );
      else any = true;
    }
    if (!any) {
      await closeAll(this.servers, this.sockets);
      throw new CliError(
        `error: unable to listen on any of the requested ports: [${this.ports.map((p) => `{${p.local} ${p.remote}}`).join(" ")}]`,
      );
    }
    const watch = setInterval(() => {
      this.s
        .view((c) => alive(c, this.target))
        .then(
          (pod) => {
            if (!pod) this.lost();
          },
          () => this.lost(),
        );
    }, 2000);
    const how = await Promise.race([
      this.lostPromise,
      ctx.io.untilInterrupted?.() ?? Promise.resolve("SIGINT" as const),
    ]);
    clearInterval(watch);
    await closeAll(this.servers, this.sockets);
    if (how === "lost") throw new CliError("error: lost connection to pod");
    if (how === "SIGTERM") throw new CliError("", 143);
  }

  /**
   * One local connection: the kubelet dials the pod's port at once; then bytes flow. A client
   * that speaks first (HTTP, redis-cli) has the dial checked with its first exchange, in the
   * same transaction; one that waits has it checked by a lock-free read after a moment.
   */
  private accept(sock: net.Socket, port: ForwardedPort): void {
    this.sockets.add(sock);
    sock.on("close", () => this.sockets.delete(sock));
    sock.on("error", () => sock.destroy());
    this.ctx.io.out(`Handling connection for ${port.local}\n`);
    let spoke = false;
    const timer = setTimeout(() => {
      if (spoke) return;
      this.s
        .view((c) => {
          const pod = alive(c, this.target);
          return pod ? dialInPod(c, pod, port.remote).kind : "gone";
        })
        .then(
          (dial) => {
            if (dial !== "ok") this.fail(sock, port, dial);
          },
          () => this.fail(sock, port, "gone"),
        );
    }, 100);
    this.pump(sock, port, () => {
      spoke = true;
      clearTimeout(timer);
    });
  }

  /** The kubelet's dial failed (refused: containerd's error on the error stream) or the pod is gone. */
  private fail(sock: net.Socket, port: ForwardedPort, why: "refused" | "gone"): void {
    sock.destroy();
    if (why === "refused") this.ctx.io.err(refusedLine(this.ctx.io.env, this.target, port));
    this.lost();
  }

  /** Reads requests off the socket and answers each from the model, one at a time. */
  private pump(sock: net.Socket, port: ForwardedPort, spoke: () => void): void {
    let buf: Buffer = Buffer.alloc(0);
    let busy = false;
    // The first bytes decide what the client speaks for the whole connection: HTTP, or a
    // line protocol (RESP, or anything nc sends) that a RESP server reads as commands.
    let mode: "http" | "resp" | undefined;
    const step = async () => {
      if (busy) return;
      busy = true;
      try {
        while (buf.length && !sock.destroyed) {
          mode ??= looksLikeHttp(buf) ? "http" : "resp";
          const more = await this.exchange(buf, port, sock, mode);
          if (more === undefined) break;
          buf = more;
        }
      } finally {
        busy = false;
      }
    };
    sock.on("data", (d: Buffer) => {
      spoke();
      buf = Buffer.concat([buf, d]);
      void step();
    });
  }

  /** One request (HTTP) or command (RESP) from `buf`: the bytes left, or undefined to wait for more. */
  private async exchange(
    buf: Buffer,
    port: ForwardedPort,
    sock: net.Socket,
    mode: "http" | "resp",
  ): Promise<Buffer | undefined> {
    const http = mode === "http" ? readRequest(buf) : "bad";
    const resp = http === "bad" ? readCommand(buf) : undefined;
    if (http === undefined || (http === "bad" && resp === undefined)) return undefined;
    const answer = await this.s.transact((c) => {
      const pod = alive(c, this.target);
      if (!pod) return { kind: "gone" as const };
      const dial = dialInPod(c, pod, port.remote);
      if (dial.kind !== "ok") return { kind: "refused" as const };
      if (http !== "bad") {
        const res = serveForwarded(dial, {
          method: http.req.method,
          path: http.req.target,
          headers: http.req.headers,
          body: http.req.body,
          clientIP: "127.0.0.1",
          clientPort: sock.remotePort,
          host: headerOf(http.req.headers, "Host") ?? "",
          version: http.req.version,
        });
        commitEffects(c, dial.network.effects());
        return res ? { kind: "http" as const, res } : { kind: "close" as const };
      }
      if (resp === "bad" || resp === undefined) return { kind: "close" as const };
      const reply = resp.argv.length ? commandForwarded(dial, resp.argv) : undefined;
      commitEffects(c, dial.network.effects());
      return reply ? { kind: "resp" as const, reply } : { kind: "close" as const };
    });
    if (answer.kind === "gone" || answer.kind === "refused") {
      this.fail(sock, port, answer.kind);
      return Buffer.alloc(0);
    }
    if (answer.kind === "close") {
      sock.end();
      return Buffer.alloc(0);
    }
    if (answer.kind === "resp" && resp && resp !== "bad") {
      sock.write(writeReply(answer.reply));
      return resp.rest;
    }
    if (answer.kind === "http" && http && http !== "bad") {
      sock.write(writeResponse(answer.res, http.req.method));
      if (!keepsAlive(http.req, answer.res)) {
        sock.end();
        return Buffer.alloc(0);
      }
      return http.rest;
    }
    return Buffer.alloc(0);
  }
}

export function registerPortForward(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("port-forward")), HELP)
    .description("Forward one or more local ports to a pod")
    .argument("[args...]")
    .option(
      "--address <addresses>",
      "Addresses to listen on (comma separated)",
      (v: string, p?: string[]) => [...(p ?? []), v],
    )
    .option("--pod-running-timeout <duration>", "How long to wait until at least one pod is running", "1m0s")
    .action((args: string[], flags: PortForwardOpts) => runVerb(new PortForwardOptions(ctx, flags), args));
}
