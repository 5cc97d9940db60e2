// The commands a shell finds where it runs, as functions over the model: the image's
// coreutils (src/shell), its network tools bound to the simulated network, its package
// manager, and on a node the node's own tools. Which ones exist follows the image (ubuntu
// has no curl until `apt install curl`), so a learner meets `command not found` where a
// real container would give it.
import { type KObject, podOf } from "../../api/types.js";
import type { Cluster } from "../../cluster/cluster.js";
import { commitEffects } from "../../cluster/effects.js";
import { nodeResolvConf } from "../../dns/files.js";
import { dig, host, nslookupBind, nslookupBusybox, podResolvConf } from "../../dns/index.js";
import type { ImageModel } from "../../images/types.js";
import { containerSpec, modelOf, runtimeOf } from "../../kubelet/runtime.js";
import { type CommandContext, type CommandImpl, nestedShell, standardCommands } from "../../shell/index.js";
import { clusterDNSIP } from "../../util/subnets.js";
import { versionBefore } from "../../util/version.js";
import { clientNet } from "../clientnet.js";
import { curl, wget } from "../clients/index.js";
import type { Vantage } from "../connect.js";
import { collectTrace, curlTarget, type Trace, takeTraceFlag } from "../trace.js";
import { agnhostCommand } from "./agnhost.js";
import { getentCommand } from "./getent.js";
import { ipCommand } from "./ip.js";
import { apkCommand, aptCommand } from "./packages.js";
import { pingCommand } from "./ping.js";
import { redisCliCommand } from "./redis-cli.js";

/** Gives commands the cluster of the transaction they run in (one per shell line). */
export interface ClusterRef {
  c: Cluster;
  /** Writes a `--trace` as text; the verb hands in the printer, since facts become words only in src/printers. */
  traceText(t: Trace): string;
}

function output(ctx: CommandContext, r: { stdout: string; stderr: string; exitCode: number }): number {
  if (r.stdout) ctx.io.stdout(r.stdout);
  if (r.stderr) ctx.io.stderr(r.stderr);
  return r.exitCode;
}

/** The network tools, for a vantage point, all resolved against the current transaction. */
function networkTools(
  ref: ClusterRef,
  from: () => Vantage,
  model: ImageModel | undefined,
): Map<string, CommandImpl> {
  const tools = new Map<string, CommandImpl>();
  const rc = () => {
    const v = from();
    return v.kind === "pod" ? podResolvConf(v.pod, clusterDNSIP(ref.c.api.serviceCIDR)) : nodeResolvConf();
  };
  const data = () => {
    const v = from();
    // A node's resolver (and a pod's with dnsPolicy Default) asks no CoreDNS; the tools decide by resolv.conf.
    return clientNet(ref.c, v).network.dnsData();
  };
  tools.set("curl", (ctx) => {
    const { net, network, version } = clientNet(ref.c, from());
    // --trace is kubesim's: curl's output stays as it is, the trace follows on stderr.
    const { trace, rest } = takeTraceFlag(ctx.argv.slice(1));
    const r = curl(rest, net, {
      version: model?.curlVersion ?? version,
      tty: ctx.isTTY,
      // --cacert and -d @file read the container's files.
      readFile: (p) => {
        const abs = ctx.path(p);
        return ctx.fs.exists(abs) && !ctx.fs.isDir(abs) ? ctx.fs.read(abs) : undefined;
      },
    });
    for (const w of r.writes ?? []) ctx.fs.write(ctx.path(w.path), w.content);
    commitEffects(ref.c, network.effects());
    const target = trace ? curlTarget(rest) : undefined;
    const traced = target ? ref.traceText(collectTrace(network, target)) : "";
    return output(ctx, { ...r, stderr: r.stderr + traced });
  });
  tools.set("wget", (ctx) => {
    const { net, network } = clientNet(ref.c, from());
    const r = wget(ctx.argv.slice(1), net, model?.wget ?? "busybox", {
      tty: ctx.isTTY,
      libc: model?.libc,
      busyboxVersion: model?.busyboxVersion,
    });
    for (const w of r.writes ?? []) ctx.fs.write(ctx.path(w.path), w.content);
    commitEffects(ref.c, network.effects());
    return output(ctx, r);
  });
  tools.set("nslookup", (ctx) => {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith("-"));
    const type = ctx.argv
      .find((a) => a.startsWith("-type=") || a.startsWith("-query="))
      ?.split("=")[1]
      ?.toUpperCase();
    const busybox = ctx.userland === "busybox";
    const release = model?.busyboxVersion;
    // Before 1.29 busybox's nslookup takes no options and at most HOST and SERVER.
    const old = busybox && release !== undefined && versionBefore(release, "1.29");
    if (!args[0] || (old && (ctx.argv.length > 3 || ctx.argv[1]?.startsWith("-")))) {
      ctx.io.stderr(busybox ? nslookupUsage(release) : "");
      return 1;
    }
    if (!busybox)
      return output(ctx, nslookupBind(data(), rc(), args[0], args[1], type ? { type: type as never } : {}));
    const hostsFile = ctx.fs.exists("/etc/hosts") ? ctx.fs.read("/etc/hosts") : undefined;
    return output(
      ctx,
      nslookupBusybox(data(), rc(), args[0], args[1], {
        ...(type ? { type: type as never } : {}),
        busyboxVersion: release,
        hostsFile,
      }),
    );
  });
  tools.set("dig", (ctx) =>
    output(ctx, dig(data(), rc(), ctx.argv.slice(1), { when: new Date(ref.c.clock.nowMs()) })),
  );
  tools.set("host", (ctx) => output(ctx, host(data(), rc(), ctx.argv.slice(1))));
  // glibc's getent; busybox has none, and alpine's (musl) is not modelled.
  if (model?.libc !== "musl") tools.set("getent", (ctx) => getentCommand(ctx, data(), rc()));
  tools.set("ping", (ctx) => pingCommand(ctx, ref, from()));
  tools.set("ip", (ctx) => ipCommand(ctx, ref, from()));
  tools.set("redis-cli", (ctx) => redisCliCommand(ctx, ref, from()));
  tools.set("agnhost", agnhostCommand);
  return tools;
}

/** busybox's usage text for nslookup, as the release has it. */
function nslookupUsage(release = "1.36.1"): string {
  if (versionBefore(release, "1.29"))
    return `BusyBox v${release} multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n`;
  return `BusyBox v${release} multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n`;
}

/** Everything `bash`/`sh` finds in a container of `pod`: the image's tools plus what was installed. */
export function containerCommands(
  ref: ClusterRef,
  pod: () => KObject,
  container: string,
): Map<string, CommandImpl> {
  // The shell runs in a container of the pod: exec checked that it exists.
  const model = modelOf(containerSpec(podOf(pod()), container)?.image ?? "");
  const all = new Map<string, CommandImpl>([
    ...standardCommands(),
    ...networkTools(ref, () => ({ kind: "pod", pod: pod(), container }), model),
  ]);
  // Installing puts the package's programs on the PATH of the running shell too.
  const onInstall = (cmds: string[]) => {
    for (const name of cmds) {
      const impl = all.get(name);
      if (impl) out.set(name, impl);
    }
  };
  if (model.packages?.manager === "apt") {
    all.set("apt", aptCommand(ref, pod, container, model, "apt", onInstall));
    all.set("apt-get", aptCommand(ref, pod, container, model, "apt-get", onInstall));
  }
  if (model.packages?.manager === "apk") all.set("apk", apkCommand(ref, pod, container, model, onInstall));
  if (model.shell === "bash") all.set("bash", nestedShell);
  if (model.shell) all.set("sh", nestedShell);
  // Debian's /bin/sh is dash: `dash -c` is the same shell.
  if (model.tools.includes("dash")) all.set("dash", nestedShell);
  const installed = new Set(runtimeOf(ref.c, pod(), container).installed ?? []);
  const present = new Set([...model.tools, ...installed, "apt", "apt-get", "apk", "bash", "sh"]);
  // Shell builtins exist regardless; external programs only if the image or an install has them.
  const out = new Map<string, CommandImpl>();
  for (const [name, impl] of all) if (present.has(name) || !EXTERNAL.has(name)) out.set(name, impl);
  return out;
}

/** Commands that are programs (not shell builtins): present only where the image ships them. */
const EXTERNAL = new Set([
  "curl",
  "wget",
  "nslookup",
  "dig",
  "host",
  "getent",
  "ping",
  "ip",
  "apt",
  "apt-get",
  "apk",
  "ps",
  "hostname",
  "redis-cli",
  "agnhost",
]);

/** A kind node (Debian 12): curl, ping, ip and iptables; no cluster DNS in its resolver. */
export function nodeCommands(
  ref: ClusterRef,
  node: string,
  extra: Map<string, CommandImpl>,
): Map<string, CommandImpl> {
  // A kind node has none of the images' own programs.
  const tools = networkTools(ref, () => ({ kind: "node", node }), undefined);
  for (const imageOnly of ["redis-cli", "agnhost"]) tools.delete(imageOnly);
  return new Map<string, CommandImpl>([
    ...standardCommands(),
    ...tools,
    ["bash", nestedShell],
    ["sh", nestedShell],
    ...extra,
  ]);
}
