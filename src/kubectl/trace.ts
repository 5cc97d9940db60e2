// kubesim trace [--from node/NAME | pod/NAME [-c C] | outside] [--ping] [-o json] URL|HOST[:PORT]:
// the path one connection takes through the modelled network, hop by hop, and why it
// stopped where it did. kubesim's own verb. It makes the request curl would make from the
// same place (default: the control-plane node, as `kubesim curl`), so the trace is of a real
// attempt, whatever tools the container has.
import { Chalk } from "chalk";
import type { Command } from "commander";
import type { Cluster } from "../cluster/cluster.js";
import { parseUrl } from "../net/clients/index.js";
import type { Vantage } from "../net/connect.js";
import { Network } from "../net/network.js";
import { answersPing } from "../net/tools/ping.js";
import { collectPingTrace, collectTrace, type Trace } from "../net/trace.js";
import { tracedCurl } from "../net/tracedcurl.js";
import { plainTrace, renderTraceJson, renderTraceText, type TracePaint } from "../printers/trace.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { HELP } from "./trace.help.js";
import { type GlobalOpts, namespaceOf, session } from "./util/session.js";
import { resolveVantage, splitVantageArgs, type VantageSpec } from "./util/vantage.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface TraceArgs {
  output?: string;
  ping: boolean;
  target?: string;
}

function parseArgs(rest: string[]): TraceArgs {
  const out: TraceArgs = { ping: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "-o" || a === "--output") out.output = rest[++i];
    else if (a.startsWith("-o=") || a.startsWith("--output=")) out.output = a.slice(a.indexOf("=") + 1);
    else if (a.startsWith("-o") && a.length > 2) out.output = a.slice(2);
    else if (a === "--ping") out.ping = true;
    else if (a.startsWith("-")) throw usageError("trace", `unknown flag: ${a}`);
    else if (out.target) throw usageError("trace", "trace takes one URL or HOST[:PORT]");
    else out.target = a;
  }
  if (!out.target) throw usageError("trace", "a URL or HOST[:PORT] to trace is required");
  if (out.output !== undefined && out.output !== "json" && out.output !== "text") {
    throw new CliError(
      `error: unable to match a printer suitable for the output format "${out.output}", allowed formats are: json,text`,
    );
  }
  return out;
}

/** An HTTP request to the target, as curl makes it, traced. */
function traceConnection(c: Cluster, from: Vantage, target: string): Trace {
  const u = parseUrl(target);
  if ("error" in u) throw new CliError(`error: cannot trace "${target}": not a URL or HOST[:PORT]`);
  // The response itself is not shown: the trace's last hop names its status.
  const { trace } = tracedCurl(c, from, ["-s", "-o", "/dev/null", u.href]);
  return trace ?? collectTrace(new Network(c, from), { host: u.host, port: u.port });
}

function tracePing(c: Cluster, from: Vantage, host: string): Trace {
  const net = new Network(c, from);
  const res = net.resolve(host);
  const ip = res.ok ? res.ip : undefined;
  return collectPingTrace(net, host, ip, ip ? answersPing(net, ip) : false);
}

function painter(ctx: Ctx): TracePaint {
  if (!ctx.io.stdoutIsTTY || ctx.io.env.NO_COLOR) return plainTrace;
  const c = new Chalk({ level: 1 });
  const styles = { step: c.cyan, ok: c.green, bad: c.red, warn: c.yellow, dim: c.gray };
  return (style, s) => styles[style](s);
}

/** The options of kubesim trace: where from, what to, and text or json. */
class TraceOptions implements VerbOptions<[string[]]> {
  private spec: VantageSpec & GlobalOpts = {};
  private args: TraceArgs = { ping: false };

  constructor(private readonly ctx: Ctx) {}

  complete(args: string[]): void {
    const { spec, rest } = splitVantageArgs(args);
    this.spec = spec;
    this.args = parseArgs(rest);
  }

  validate(): void {
    // parseArgs refuses a missing target and an unknown -o as it reads them, in that order.
  }

  async run(): Promise<void> {
    const { ctx, spec, args: o } = this;
    const trace = await session(ctx, spec).view((c) => {
      const from = resolveVantage(c, spec, namespaceOf(spec));
      const target = o.target;
      if (!target) throw usageError("trace", "a URL or HOST[:PORT] to trace is required");
      return o.ping ? tracePing(c, from, target) : traceConnection(c, from, target);
    });
    ctx.io.out(o.output === "json" ? renderTraceJson(trace) : renderTraceText(trace, painter(ctx)));
    if (!trace.verdict.ok) throw new CliError("", 1);
  }
}

export function registerTrace(program: Command, ctx: Ctx): void {
  attachHelp(program.command("trace"), HELP)
    .description(
      "Trace one connection hop by hop, with the cause and the fix of a failure: --from node/NAME, pod/NAME [-c C] or outside",
    )
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument("[args...]")
    .action((args: string[]) => runVerb(new TraceOptions(ctx), args));
}
