// A check's connection step: the request curl makes from a node, a pod or outside, through
// the modelled network, and the verdict the trace draws on it (src/net/trace.ts), so a
// failed step says what happened and why in the same words `kubesim trace` uses.

import type { Pod } from "../api/types.js";
import { matches, parseSelector } from "../apiserver/labels.js";
import { NODES, PODS } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { isRunning } from "../kubelet/runtime.js";
import type { Vantage } from "../net/connect.js";
import type { Network } from "../net/network.js";
import { tracedCurl } from "../net/tracedcurl.js";
import { verdictCause } from "../printers/trace-hops.js";
import type { Rng } from "../util/rng.js";
import type { FailKind, From, Step } from "./checkfile.js";
import { resolveRef, StepFailure } from "./refs.js";

type CurlStep = Extract<Step, { type: "curl" }>;

const FAIL_TEXT: Record<FailKind, string> = {
  refused: "connection refused",
  timeout: "connection timed out",
  dns: "name not resolved",
  "no-route": "no route to host",
};

/** The first pod (in name order) a selector picks that runs, else the first it picks at all. */
function podBySelector(c: Cluster, selector: string, ns: string): Pod {
  let sel: ReturnType<typeof parseSelector>;
  try {
    sel = parseSelector(selector);
  } catch (e) {
    throw new StepFailure(`selector ${selector}: ${(e as Error).message}`);
  }
  const pods = c.api
    .list(PODS, ns)
    .filter((p) => matches(sel, p.metadata.labels) && !p.metadata.deletionTimestamp);
  const pod = pods.find((p) => p.status?.phase === "Running") ?? pods[0];
  if (!pod) throw new StepFailure(`no pod matches ${selector} in namespace ${ns} to curl from`);
  return pod;
}

function vantage(c: Cluster, from: From, ns: string): Vantage {
  if (from.kind === "outside") return { kind: "outside" };
  if (from.kind === "node") {
    const nodes = c.api.list(NODES);
    const name = from.node ?? nodes[0]?.metadata.name;
    if (!name || !nodes.some((n) => n.metadata.name === name))
      throw new StepFailure(`there is no node ${name}`);
    return { kind: "node", node: name };
  }
  const pod = from.pod ? c.api.get(PODS, ns, from.pod) : podBySelector(c, from.selector ?? "", ns);
  if (!pod) throw new StepFailure(`there is no pod ${from.pod} in namespace ${ns} to curl from`);
  const name = pod.metadata.name;
  const container = from.container ?? pod.spec.containers[0].name;
  if (!pod.spec.containers.some((x) => x.name === container))
    throw new StepFailure(`pod ${name} has no container ${container}`);
  if (!isRunning(pod, container))
    throw new StepFailure(
      `container ${container} of pod ${name} is not running, so nothing can curl from it`,
    );
  return { kind: "pod", pod, container };
}

/** How the request ended, from the client's own journal: the last lookup or connection it made. */
function failKind(network: Network, exitCode: number): FailKind | undefined {
  const last = network.journal[network.journal.length - 1];
  if (last?.kind === "lookup" && !last.lookup.resolution.ok) return "dns";
  const outcome = last?.kind === "connect" ? last.attempt.result?.outcome.kind : undefined;
  if (outcome === "refused" || outcome === "timeout" || outcome === "no-route") return outcome;
  // Connected but no answer (a listener that never replies): curl gives up with exit 28.
  if (exitCode === 28) return "timeout";
  return undefined;
}

/** The first line of curl's error, without its `curl: (7) ` prefix, for steps the verdict cannot explain. */
function curlError(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith("curl: ")) ?? "";
  return line.replace(/^curl: \(\d+\) /, "");
}

export function runCurlStep(c: Cluster, s: CurlStep, rng: Rng): void {
  const url = s.parts.map((p) => (typeof p === "string" ? p : resolveRef(c, p, s.namespace))).join("");
  const from = vantage(c, s.from, s.namespace);
  // The status goes on a line of its own after the body; the request's effects (its log
  // line, affinity entry and draws) are never committed.
  const { result: r, network, trace } = tracedCurl(c, from, ["-sS", "-w", "\\n%{http_code}", url], rng);
  const verdict = trace?.verdict;
  const kind = failKind(network, r.exitCode);
  const cut = r.stdout.lastIndexOf("\n");
  const status = r.exitCode === 0 ? Number(r.stdout.slice(cut + 1)) : 0;
  const body = r.exitCode === 0 ? r.stdout.slice(0, Math.max(cut, 0)) : "";
  const cause = verdict && !verdict.ok ? verdictCause(verdict) : undefined;
  const why = cause || curlError(r.stderr) || `curl exited ${r.exitCode}`;

  if (s.fails) {
    if (kind === s.fails) return;
    if (r.exitCode === 0)
      throw new StepFailure(`want ${FAIL_TEXT[s.fails]}, but ${url} answered HTTP ${status}`);
    throw new StepFailure(
      `want ${FAIL_TEXT[s.fails]}, got ${kind ? FAIL_TEXT[kind] : `curl exit ${r.exitCode}`}: ${why}`,
    );
  }
  if (r.exitCode !== 0)
    throw new StepFailure(`${kind ? FAIL_TEXT[kind] : `curl exit ${r.exitCode}`}: ${why}`);
  if (s.status !== undefined && status !== s.status)
    throw new StepFailure(`${url} answered HTTP ${status}, want ${s.status}`);
  if (s.contains !== undefined && !body.includes(s.contains)) {
    const first = body.split("\n").find((l) => l.trim()) ?? "";
    const shown = first.length > 60 ? `${first.slice(0, 57)}...` : first;
    throw new StepFailure(
      `the body from ${url} does not contain ${JSON.stringify(s.contains)} (it begins ${JSON.stringify(shown)})`,
    );
  }
}
