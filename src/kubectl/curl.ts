// kubesim curl: curl as typed in a root shell on a node (the course's VM), or from inside a
// pod's container, or from outside the cluster (the learner's machine). The request goes
// through the modelled network; output, errors and exit codes are curl's own.
import type { Command } from "commander";
import type { Pod } from "../api/types.js";
import { PODS, typedAs } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { commitEffects } from "../cluster/effects.js";
import { containerSpec, isRunning, modelOf, runtimeOf } from "../kubelet/runtime.js";
import { clientNet } from "../net/clientnet.js";
import { curl } from "../net/clients/index.js";
import { collectTrace, curlTarget, takeTraceFlag } from "../net/trace.js";
import { renderTraceText } from "../printers/trace.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./curl.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";
import { type GlobalOpts, namespaceOf, session } from "./util/session.js";
import { resolveVantage, splitVantageArgs, type VantageSpec } from "./util/vantage.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** In a container, curl is there only if the image (or an install) put it there, as typed in its shell. */
export function missingTool(c: Cluster, pod: Pod, container: string, tool: string) {
  if (!isRunning(pod, container)) {
    throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
  }
  const ctr = containerSpec(pod, container);
  if (!ctr) throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
  const model = modelOf(ctr.image ?? "");
  const installed = runtimeOf(c, pod, container).installed ?? [];
  if (model.tools.includes(tool) || installed.includes(tool)) return undefined;
  const shell = model.shell ?? "sh";
  return {
    stdout: "",
    stderr: shell === "bash" ? `bash: ${tool}: command not found\n` : `sh: ${tool}: not found\n`,
    exitCode: 127,
  };
}

/** The options of kubesim curl: where it runs from, curl's own arguments, and --trace. */
class CurlOptions implements VerbOptions<[string[]]> {
  private spec: VantageSpec & GlobalOpts = {};
  private rest: string[] = [];
  private trace = false;

  constructor(private readonly ctx: Ctx) {}

  complete(args: string[]): void {
    const { spec, rest: withTrace } = splitVantageArgs(args);
    // --trace is kubesim's (curl's own takes a file): curl's output is unchanged, the trace follows.
    const { trace, rest } = takeTraceFlag(withTrace);
    this.spec = spec;
    this.rest = rest;
    this.trace = trace;
  }

  validate(): void {
    // curl checks its own arguments, with its own words and exit codes, as it runs.
  }

  async run(): Promise<void> {
    const { ctx, spec, rest } = this;
    const result = await session(ctx, spec).transact((c) => {
      const from = resolveVantage(c, spec, namespaceOf(spec));
      const missing =
        from.kind === "pod" ? missingTool(c, typedAs(PODS, from.pod), from.container, "curl") : undefined;
      if (missing) return missing;
      const { net, network, version } = clientNet(c, from);
      // From outside, curl runs on the learner's machine: --cacert and -d @file read its files.
      const files = ctx.io.files ?? hostFiles;
      const readFile =
        from.kind === "outside"
          ? (p: string) => {
              try {
                return files.readFile(p).toString("utf8");
              } catch {
                return undefined;
              }
            }
          : undefined;
      const r = curl(rest, net, { version, ...(readFile ? { readFile } : {}) });
      // A curl from the command line happens: its log lines, draws and affinity entries stay.
      commitEffects(c, network.effects());
      const target = this.trace ? curlTarget(rest) : undefined;
      return target ? { ...r, stderr: r.stderr + renderTraceText(collectTrace(network, target)) } : r;
    });
    ctx.io.out(result.stdout);
    ctx.io.err(result.stderr);
    if (result.exitCode) throw new CliError("", result.exitCode);
  }
}

export function registerCurl(program: Command, ctx: Ctx): void {
  attachHelp(program.command("curl"), HELP)
    .description(
      "curl from a node (default: the control plane), a pod (--from pod/NAME [-c C]) or outside (--from outside)",
    )
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument("[args...]")
    .action((args: string[]) => runVerb(new CurlOptions(ctx), args));
}
