// Evaluates a lab check file against a cluster: each step holds or fails with a reason taken
// from the model (the object's field, the pod's container state, why a Service has no
// endpoints, what the data plane did with a connection). Nothing here writes to the
// cluster: a connection step's request returns its effects (access logs, random draws) and
// the check never commits them, so running it never changes what the learner sees next.

import type { Pod, Service } from "../api/types.js";
import { fromMap, matches, parseSelector } from "../apiserver/labels.js";
import { PODS, ENDPOINTSLICES as SLICES, SERVICES as SVC } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { noEndpoints } from "../net/diagnose-svc.js";
import { JsonPathError } from "../printers/jsonpath.js";
import type { Rng } from "../util/rng.js";
import type { CheckFile, Step } from "./checkfile.js";
import { runCurlStep } from "./connection.js";
import { getObject, jsonPathText, StepFailure } from "./refs.js";

export interface StepResult {
  name: string;
  ok: boolean;
  reason?: string;
}

function checkObject(c: Cluster, s: Extract<Step, { type: "object" }>): void {
  const obj = getObject(c, s.r, s.namespace, s.object);
  const wrong: string[] = [];
  for (const f of s.fields) {
    let got: string;
    try {
      got = jsonPathText(f.tpl, obj);
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      got = "";
    }
    if (f.want === undefined) {
      if (got) wrong.push(`${f.path} is ${JSON.stringify(got)}, want it not set`);
    } else if (!got) wrong.push(`${f.path} is not set, want ${JSON.stringify(f.want)}`);
    else if (got !== f.want)
      wrong.push(`${f.path} is ${JSON.stringify(got)}, want ${JSON.stringify(f.want)}`);
  }
  if (wrong.length) throw new StepFailure(`${s.r.kind} ${s.object}: ${wrong.join("; ")}`);
}

/** What a pod is doing, in the words `kubectl get pods` uses: its phase, and any container's waiting or last reason. */
function podState(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  const phase = pod.status?.phase ?? "Pending";
  const waiting = (pod.status?.containerStatuses ?? [])
    .filter((cs) => cs.state?.waiting?.reason || cs.state?.terminated?.reason)
    .map((cs) => `${cs.name}: ${cs.state?.waiting?.reason ?? cs.state?.terminated?.reason}`);
  const scheduling = (pod.status?.conditions ?? []).find(
    (x) => x.type === "PodScheduled" && x.status === "False",
  );
  const why = waiting.length ? waiting.join(", ") : (scheduling?.reason ?? "");
  return why ? `${phase} (${why})` : phase;
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True");
}

function notReadyText(pod: Pod): string {
  const all = pod.status?.containerStatuses ?? [];
  const ready = all.filter((cs) => cs.ready).length;
  const names = all.filter((cs) => !cs.ready).map((cs) => cs.name);
  return `${ready}/${all.length || (pod.spec.containers ?? []).length} containers ready${names.length ? ` (not ready: ${names.join(", ")})` : ""}`;
}

function checkPods(c: Cluster, s: Extract<Step, { type: "pod" }>): void {
  let pods: Pod[];
  if (s.pod) pods = [getObject(c, PODS, s.namespace, s.pod)];
  else {
    let sel: ReturnType<typeof parseSelector>;
    try {
      sel = parseSelector(s.selector ?? "");
    } catch (e) {
      throw new StepFailure(`selector ${s.selector}: ${(e as Error).message}`);
    }
    pods = c.api
      .list(PODS, s.namespace)
      .filter((p) => matches(sel, p.metadata.labels) && !p.metadata.deletionTimestamp);
    if (s.count !== undefined && pods.length !== s.count)
      throw new StepFailure(
        `${pods.length} pod${pods.length === 1 ? "" : "s"} match ${s.selector} in namespace ${s.namespace}, want ${s.count}`,
      );
    if (!pods.length) throw new StepFailure(`no pod matches ${s.selector} in namespace ${s.namespace}`);
  }
  const bad: string[] = [];
  for (const p of pods) {
    const phase = p.status?.phase ?? "Pending";
    if (phase !== s.phase || p.metadata.deletionTimestamp)
      bad.push(`pod ${p.metadata.name} is ${podState(p)}`);
    else if (s.ready && !isReady(p))
      bad.push(`pod ${p.metadata.name} is ${phase} but not ready: ${notReadyText(p)}`);
    else if (!s.ready && isReady(p) && s.phase === "Running") bad.push(`pod ${p.metadata.name} is ready`);
  }
  if (bad.length) throw new StepFailure(bad.join("; "));
}

/** Ready endpoint addresses from the Service's EndpointSlices, as kube-proxy would use them. */
function readyEndpoints(c: Cluster, svc: Service): string[] {
  const name = svc.metadata.name;
  const out = new Set<string>();
  for (const sl of c.api.list(SLICES, svc.metadata.namespace)) {
    if (sl.metadata.labels?.["kubernetes.io/service-name"] !== name) continue;
    const port = sl.ports?.[0]?.port;
    for (const ep of sl.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const a of ep.addresses ?? []) out.add(port !== undefined ? `${a}:${port}` : a);
    }
  }
  return [...out].sort();
}

function checkEndpoints(c: Cluster, s: Extract<Step, { type: "endpoints" }>): void {
  const svc = getObject(c, SVC, s.namespace, s.service);
  const eps = readyEndpoints(c, svc);
  if (eps.length === s.ready) return;
  const have = `Service ${s.namespace}/${s.service} has ${eps.length} ready endpoint${eps.length === 1 ? "" : "s"}`;
  if (!eps.length) {
    // The diagnosis names the Service itself, so it replaces the count's own wording.
    const why = noEndpoints(c, svc).cause;
    throw new StepFailure(`0 ready endpoints, want ${s.ready}${why ? `: ${why}` : ""}`);
  }
  const selected = c.api
    .list(PODS, s.namespace)
    .filter((p) => svc.spec?.selector && matches(fromMap(svc.spec.selector), p.metadata.labels));
  const notReady = selected.filter((p) => !isReady(p)).map((p) => `${p.metadata.name} ${podState(p)}`);
  throw new StepFailure(
    `${have} (${eps.join(", ")}), want ${s.ready}${notReady.length ? `; not ready: ${notReady.join(", ")}` : ""}`,
  );
}

/** `rng`: the random source the check's requests share, each continuing the last one's draws. */
export function runStep(c: Cluster, s: Step, rng: Rng = c.rng.fork()): StepResult {
  try {
    if (s.type === "object") checkObject(c, s);
    else if (s.type === "pod") checkPods(c, s);
    else if (s.type === "endpoints") checkEndpoints(c, s);
    else runCurlStep(c, s, rng);
    return { name: s.name, ok: true };
  } catch (e) {
    if (e instanceof StepFailure) return { name: s.name, ok: false, reason: e.message };
    throw e;
  }
}

/**
 * Every step in order; later steps run even after a failure, so the learner sees all that
 * is wrong at once. The steps draw from one copy of the random source, so a check run in a
 * locked transaction (when the clock had to catch up) persists nothing of its own.
 */
export function runChecks(c: Cluster, file: CheckFile): StepResult[] {
  const rng = c.rng.fork();
  return file.steps.map((s) => runStep(c, s, rng));
}

/** The last line: how many steps held. */
export function summary(file: CheckFile, results: StepResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const head = file.title ? `${file.title}: ` : "";
  return `${head}${passed} of ${results.length} step${results.length === 1 ? "" : "s"} passed${failed ? `, ${failed} failed` : ""}`;
}
