// kubesim curl: curl as typed in a root shell on a node (the course's VM), or from inside a
// pod's container, or from outside the cluster (the learner's machine). The request goes
// through the modelled network; output, errors and exit codes are curl's own.
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { byKind } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import { commitEffects } from "../cluster/effects.js";
import { containerSpec, isRunning, modelOf } from "../kubelet/runtime.js";
import { clientNet } from "../net/clientnet.js";
import { curl } from "../net/clients/index.js";
import type { Vantage } from "../net/connect.js";
import { collectTrace, curlTarget, takeTraceFlag } from "../net/trace.js";
import { renderTraceText } from "../printers/trace.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { type GlobalOpts, namespaceOf, session } from "./util/session.js";

const PODS = byKind("Pod");

export interface VantageSpec {
  node?: string;
  from?: string;
  container?: string;
}

/** Splits kubesim's own options (--node, --from, -c after --from) from curl's. */
export function splitVantageArgs(argv: string[]): { spec: VantageSpec & GlobalOpts; rest: string[] } {
  const spec: VantageSpec & GlobalOpts = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const take = () => {
      const eq = a.indexOf("=");
      if (eq > 0 && a.startsWith("--")) return a.slice(eq + 1);
      i++;
      return argv[i];
    };
    if (a === "--node" || a.startsWith("--node=")) spec.node = take();
    else if (a === "--from" || a.startsWith("--from=")) spec.from = take();
    else if ((a === "-c" || a === "--container") && spec.from?.startsWith("pod/")) spec.container = take();
    else if (a === "--cluster" || a.startsWith("--cluster=")) spec.cluster = take();
    else if (a === "--context" || a.startsWith("--context=")) spec.context = take();
    else if (a === "-n" || a === "--namespace" || a.startsWith("--namespace=")) spec.namespace = take();
    else rest.push(a);
  }
  return { spec, rest };
}

export function resolveVantage(c: Cluster, spec: VantageSpec, ns: string): Vantage {
  if (spec.from === "outside") return { kind: "outside" };
  if (spec.from?.startsWith("pod/")) {
    const name = spec.from.slice(4);
    const pod = c.api.get(PODS, ns, name);
    if (!pod) throw notFound(PODS, name);
    const container = spec.container ?? pod.spec.containers[0].name;
    if (!pod.spec.containers.some((x: any) => x.name === container)) {
      throw new CliError(`error: container ${container} is not valid for pod ${name}`);
    }
    return { kind: "pod", pod, container };
  }
  if (spec.from?.startsWith("node/")) return nodeVantage(c, spec.from.slice(5));
  if (spec.from) throw new CliError(`error: --from takes pod/NAME, node/NAME or outside, not "${spec.from}"`);
  return nodeVantage(c, spec.node ?? c.api.list(byKind("Node"))[0].metadata.name!);
}

function nodeVantage(c: Cluster, name: string): Vantage {
  if (!c.api.get(byKind("Node"), undefined, name)) throw notFound(byKind("Node"), name);
  return { kind: "node", node: name };
}

/** In a container, curl is there only if the image (or an install) put it there, as typed in its shell. */
export function missingTool(c: Cluster, pod: KObject, container: string, tool: string) {
  if (!isRunning(pod, container)) {
    throw new CliError(`error: unable to upgrade connection: container not found ("${container}")`);
  }
  const ctr = containerSpec(pod, container);
  const model = modelOf(ctr.image);
  const installed = c.state.runtime[`${pod.metadata.uid}/${container}`]?.installed ?? [];
  if (model.tools.includes(tool) || installed.includes(tool)) return undefined;
  const shell = model.shell ?? "sh";
  return {
    stdout: "",
    stderr: shell === "bash" ? `bash: ${tool}: command not found\n` : `sh: ${tool}: not found\n`,
    exitCode: 127,
  };
}

export function registerCurl(program: Command, ctx: Ctx): void {
  program
    .command("curl")
    .description(
      "curl from a node (default: the control plane), a pod (--from pod/NAME [-c C]) or outside (--from outside)",
    )
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .argument("[args...]")
    .action(async (args: string[]) => {
      const { spec, rest: withTrace } = splitVantageArgs(args);
      // --trace is kubesim's (curl's own takes a file): curl's output is unchanged, the trace follows.
      const { trace, rest } = takeTraceFlag(withTrace);
      const result = await session(ctx, spec).transact((c) => {
        const from = resolveVantage(c, spec, namespaceOf(spec));
        const missing = from.kind === "pod" ? missingTool(c, from.pod, from.container, "curl") : undefined;
        if (missing) return missing;
        const { net, network, version } = clientNet(c, from);
        const r = curl(rest, net, { version });
        // A curl from the command line happens: its log lines, draws and affinity entries stay.
        commitEffects(c, network.effects());
        const target = trace ? curlTarget(rest) : undefined;
        return target ? { ...r, stderr: r.stderr + renderTraceText(collectTrace(network, target)) } : r;
      });
      ctx.io.out(result.stdout);
      ctx.io.err(result.stderr);
      if (result.exitCode) throw new CliError("", result.exitCode);
    });
}
