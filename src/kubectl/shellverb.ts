// kubesim shell [--node NAME]: a root prompt on a node, the course's VM shell in one place:
// curl, ping, ip, iptables-save, nslookup against the node's own resolver, and `kubectl`
// (all of kubesim) work there. Each line runs in its own transaction.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { NODES } from "../apiserver/resources.js";
import type { Session } from "../cluster/session.js";
import { nodeDirEntries } from "../kubelet/mounts.js";
import { DataPlane } from "../net/connect.js";
import { tablesFor } from "../net/proxy-modes.js";
import { proxyMode } from "../net/published.js";
import { type ClusterRef, nodeCommands } from "../net/tools/index.js";
import { nodePortIPs } from "../net/tools/node-addrs.js";
import { nodeFiles, nodeInterfaceIPs, nodeToolCommands } from "../net/tools/node-tools.js";
import type { Trace } from "../net/trace.js";
import { renderTraceText } from "../printers/trace.js";
import { type ProxyMode, renderIptablesSave } from "../proxy/index.js";
import { type CommandContext, type CommandImpl, Shell, type ShellIO, Vfs } from "../shell/index.js";
import type { VfsJSON } from "../shell/vfs.js";
import type { Ctx } from "./cli.js";
import { run } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { conntrackCommands } from "./shell-conntrack.js";
import { HELP } from "./shellverb.help.js";
import { vfsFiles } from "./userfiles.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { firstNode } from "./util/vantage.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ShellFlags extends GlobalOpts {
  node?: string;
}

/** The node to open a shell on (the control plane unless --node), and the shell's session there. */
class ShellOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ShellFlags,
  ) {}

  complete(): void {}

  validate(): void {
    // Whether --node names a node is the cluster's to say, as run reads it.
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const s = session(ctx, o);
    const { node, disk, ip, mode } = await s.view((c) => {
      const name = o.node ?? firstNode(c);
      const obj = c.api.get(NODES, undefined, name);
      if (!obj) throw notFound(NODES, name);
      const ip = obj.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "";
      return { node: name, disk: nodeDirEntries(c, name), ip, mode: proxyMode(c.state.settings) };
    });
    const shell = this.nodeShell(s, node, disk, ip, mode);
    const io: ShellIO = { stdout: (t) => ctx.io.out(t), stderr: (t) => ctx.io.err(t) };
    let status: number;
    if (ctx.interactive) status = await ctx.interactive(shell);
    else status = await shell.runScript(ctx.io.readStdin(), io);
    if (status !== 0) throw new CliError("", status);
  }

  /** A root shell on the node: its network tools, and kubectl that is kubesim itself. */
  private nodeShell(
    s: Session,
    node: string,
    disk: VfsJSON["entries"],
    ip: string,
    mode: ProxyMode | "none",
  ): Shell {
    const { ctx } = this;
    const ref = { c: undefined, traceText: (t: Trace) => renderTraceText(t) } as unknown as ClusterRef;
    // kubectl inside the node shell is kubesim itself, on the same cluster and home.
    const kubectl: CommandImpl = async (cx: CommandContext) => {
      let out = "";
      let err = "";
      const code = await run(cx.argv.slice(1), {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
        readStdin: () => cx.stdin,
        env: { ...ctx.io.env, KUBESIM_CLUSTER: s.clusterName() },
        stdoutIsTTY: cx.isTTY,
        // Paths typed here (-f, --output, check FILE) are the node's files, never the host's.
        files: vfsFiles(cx.fs, () => cx.cwd),
      });
      cx.io.stdout(out);
      cx.io.stderr(err);
      return code;
    };
    const iptablesSave: CommandImpl = (cx) => {
      const rules = tablesFor(new DataPlane(ref.c), node, nodePortIPs(ref.c, node));
      const table = cx.argv.includes("-t") ? cx.argv[cx.argv.indexOf("-t") + 1] : undefined;
      cx.io.stdout(
        renderIptablesSave(rules.nat, {
          date: ref.c.clock.now(),
          filter: table === "nat" ? undefined : rules.filter,
        }),
      );
      return 0;
    };
    const fs = Vfs.fromFiles({ "/etc/hostname": `${node}\n`, "/root/.bashrc": "", ...nodeFiles(node, ip) }, [
      "/tmp",
    ]);
    // What pods wrote to the node's directories (hostPath, local-path volumes), as of now;
    // what is written here stays in this session.
    const base = fs.toJSON();
    for (const [path, e] of Object.entries(disk).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const parts = path.split("/").filter(Boolean);
      for (let i = 1; i < parts.length; i++)
        base.entries[`/${parts.slice(0, i).join("/")}`] ??= { dir: true, mode: 0o755, mtime: 0 };
      base.entries[path] = e;
    }
    fs.load(base);
    // Each cluster-facing command runs in its own transaction, so kubectl typed here (which
    // opens its own) never waits on a lock this shell holds.
    const inTx =
      (impl: CommandImpl): CommandImpl =>
      (cx) =>
        s.transact(
          async (c) => {
            ref.c = c;
            return impl(cx);
          },
          // A line prints as it runs, as on a real node.
          { stream: true },
        );
    const tools = nodeToolCommands(ref, node, mode);
    const commands = nodeCommands(ref, node, new Map([["iptables-save", iptablesSave], ...tools]));
    for (const name of [
      "curl",
      "wget",
      "nslookup",
      "dig",
      "host",
      "ping",
      "ip",
      "iptables-save",
      "hostname",
      ...tools.keys(),
    ]) {
      const impl = commands.get(name);
      if (impl) commands.set(name, inTx(impl));
    }
    for (const [name, impl] of conntrackCommands(s, ref, node, inTx)) commands.set(name, impl);
    commands.set("kubectl", kubectl);
    return new Shell({
      commands,
      path: ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"],
      env: {
        HOME: "/root",
        HOSTNAME: node,
        PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      },
      fs,
      hostname: node,
      shellName: "bash",
      cwd: "/root",
      hooks: {
        sleep: async (seconds: number) => {
          await s.transact((c) => {
            if (c.clock.fixed) c.state.clock.offsetMs += seconds * 1000;
          });
        },
        now: () => (ref.c ? ref.c.clock.now() : new Date()),
        // hostname runs in its own transaction (above), so -I reads the cluster as of its line.
        interfaceIPs: () => (ref.c ? nodeInterfaceIPs(ref, node) : [ip]),
      },
    });
  }
}

export function registerShell(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("shell")), HELP)
    .description("Open a root shell on a node (default: the control plane)")
    .option("--node <name>", "The node")
    .action((flags: ShellFlags) => runVerb(new ShellOptions(ctx, flags)));
}
