import type { Node, Pod } from "../api/types.js";
import { NODES, PODS } from "../apiserver/resources.js";
import { kernelHostname } from "../dns/index.js";
import { rfc3339 } from "../golang/time.js";
import { canonicalImage, imageInfo, parseImage, repoKey } from "../images/catalog.js";
import { pullFails } from "../images/index.js";
import { holdForConfig, missingConfig } from "./configerror.js";
import type { KubeletContext } from "./context.js";
import { fixEnvironment } from "./environment.js";
import { hasUnstartedEphemeral, startEphemeralContainers } from "./ephemeral.js";
import { forgetPodRuntime } from "./fs.js";
import { planKill } from "./kill.js";
import { moveLegacyRecords } from "./legacy.js";
import { MainProcesses, type ProbeExec } from "./mainprocess.js";
import { isMirrorPod, recreateMirrorPod } from "./mirror.js";
import { mountVolumes } from "./mountfail.js";
import { nodeImages, setNodeImages } from "./nodeimages.js";
import { assignPodIP, releasePodIP } from "./podips.js";
import {
  cond,
  containerNames,
  keyCompare,
  notReadyReason,
  podQosClass,
  sha,
  statusMounts,
  waitingStatus,
} from "./podstatus.js";
import { ProbeWorkers } from "./probing.js";
import { ImagePulls } from "./pulls.js";
import { Restarts } from "./restarts.js";
import { processOf } from "./runtime.js";
import { assertStarted, containerIndex, imageOf, type StartedPod } from "./started.js";
import { nextEventAt, nextStepAt, type PodSim, type Step, schedule } from "./timeline.js";
import { volumeState } from "./volumerecords.js";
import { VolumeSync } from "./volumesync.js";
import { podsWithNews } from "./worklist.js";

export class Kubelet {
  private readonly probes: ProbeWorkers;
  private readonly restarts: Restarts;
  private readonly pulls: ImagePulls;
  /** Containers whose main process is a script the runtime runs. */
  readonly main: MainProcesses;

  constructor(private readonly c: KubeletContext) {
    this.probes = new ProbeWorkers(
      c,
      (ms) => this.scaled(ms),
      (pod, ts) => this.updatePhase(pod, ts),
      (pod, step, command) => this.main.probe(pod, step, command),
      () => this.volumes.nextWake(),
    );
    const delays = { scaled: (ms: number) => this.scaled(ms), paced: (ms: number) => this.paced(ms) };
    this.restarts = new Restarts(c, delays, (pod, ts) => this.updatePhase(pod, ts));
    this.pulls = new ImagePulls(c, delays, (ctr, reason) => waitingStatus(ctr, reason));
    this.volumes = new VolumeSync(c);
    moveLegacyRecords(c);
    volumeState(c);
    this.main = new MainProcesses(c, (at) => at + Math.max(1, this.scaled(100 + this.c.rng.int(400))));
  }

  private scaled(ms: number): number {
    return Math.round(ms * this.c.timeScale);
  }

  /**
   * A delay that is the workload's own pace rather than a wait for the cluster: a restart
   * back-off (the kubelet's rate limit) or a process that sleeps before it exits. Scaled like
   * every delay, except in an instant cluster, where it keeps its real length: `sleep 3600`
   * must not end at once, nor a crash loop restart without end in one moment.
   */
  private paced(ms: number): number {
    return Math.max(1, this.c.timeScale > 0 ? this.scaled(ms) : ms);
  }

  /** Pod writes the last pass saw: with none since and no step due, there is nothing to do. */
  private seenPodWrites = 0;
  private readonly volumes: VolumeSync;

  /** An exec probe's result from the runtime: the probe worker acts on it as on any other. */
  completeProbe(probe: ProbeExec, result: { code: number; output: string }): void {
    const pod = this.c.api.get(PODS, probe.namespace, probe.pod);
    if (!pod || pod.metadata.uid !== probe.uid || !pod.status?.containerStatuses) return;
    assertStarted(pod);
    const sims = this.c.state.pods;
    sims[probe.uid] ??= {
      ns: probe.namespace,
      name: probe.pod,
      node: pod.spec.nodeName ?? "",
      steps: [],
      next: 0,
    };
    // The kubelet's exec prober: exit 0 passes; the output is the failure's message.
    const message = result.output.replace(/\n$/, "");
    this.probes.complete(pod, sims[probe.uid], probe.step, rfc3339(probe.at), {
      ok: result.code === 0,
      message,
    });
  }

  /** How far into the API server's change log the last pass read. */
  private seenLog = 0;
  /** Plans and applies pod steps due at time t; returns whether anything changed. */
  sync(t: number): boolean {
    if (!this.c.state.processes) {
      this.c.state.processes = true;
      this.main.adoptRunning(
        this.c.api.list(PODS),
        t,
        (pod, i) => !!processOf(pod, pod.spec.containers[i]).script,
      );
    }
    let changed = this.volumes.sync(t);
    const writes = this.c.api.writes.get("pods") ?? 0;
    const wake = this.nextWake();
    if (writes === this.seenPodWrites && (wake === undefined || wake > t)) return changed;
    this.seenPodWrites = writes;
    const sims = this.c.state.pods;
    const candidates = podsWithNews(this.c, this.seenLog, sims);
    this.seenLog = this.c.api.changeLog.length;
    // Only pods with something to do are read in full: new on a node, being deleted, or with due steps.
    const work: Pod[] = [];
    for (const key of candidates) {
      const s = this.c.api.objects.bucket("pods").summary(key) as Pod | undefined;
      if (!s) continue;
      const uid = s.metadata.uid;
      const bound = !!s.spec.nodeName;
      const due = sims[uid] && (nextStepAt(sims[uid]) ?? Number.POSITIVE_INFINITY) <= t;
      const fresh = bound && !sims[uid] && !s.status?.startTime;
      const deleting = !!s.metadata.deletionTimestamp && !sims[uid]?.killing;
      const pod =
        due || fresh || deleting || hasUnstartedEphemeral(s)
          ? this.c.api.get(PODS, s.metadata.namespace, s.metadata.name)
          : undefined;
      if (pod) work.push(pod);
    }
    // A fixed order (not the store's layout) decides who draws from the random source first.
    work.sort((a, b) => keyCompare(a, b));
    for (const pod of work) {
      const uid = pod.metadata.uid;
      if (!pod.spec.nodeName) {
        // Never bound: deletion needs no kubelet.
        if (pod.metadata.deletionTimestamp) {
          this.c.api.remove(pod);
          changed = true;
        }
        continue;
      }
      // A node that does not exist has no kubelet: the pod waits, Pending or Terminating,
      // for the pod garbage collector (controllers/podgc.ts). Nor does a Node made by hand,
      // without the addresses a registering kubelet reports: its pods stay Pending.
      if (!sims[uid] && !hasKubelet(this.c, pod.spec.nodeName)) continue;
      let sim = sims[uid];
      if (!sim && !pod.status?.startTime) {
        sim = this.plan(pod, t);
        sims[uid] = sim;
        changed = true;
      }
      if (pod.metadata.deletionTimestamp && isMirrorPod(pod)) {
        recreateMirrorPod(this.c, pod);
        changed = true;
        continue;
      }
      if (pod.metadata.deletionTimestamp && !sim?.killing) {
        sim ??= {
          ns: pod.metadata.namespace ?? "default",
          name: pod.metadata.name,
          node: pod.spec.nodeName,
          steps: [],
          next: 0,
        };
        sims[uid] = sim;
        planKill(this.c, (ms) => this.scaled(ms), pod, sim, t);
        changed = true;
      }
      if (!pod.metadata.deletionTimestamp && startEphemeralContainers(this.c, pod, t)) changed = true;
      if (!sim) continue;
      while (sim.next < sim.steps.length && sim.steps[sim.next].at <= t) {
        const step = sim.steps[sim.next++];
        changed = true;
        if (this.apply(pod, sim, step)) break;
      }
      // A finished plan is forgotten: the pod's status carries everything later steps need.
      if (sim.next >= sim.steps.length) delete sims[uid];
      else if (sim.next > 0) {
        // Applied steps are history nobody reads: the saved plan keeps only what is to come.
        sim.steps.splice(0, sim.next);
        sim.next = 0;
      }
    }
    // Plans of pods removed from the API behind the kubelet's back (force delete).
    for (const uid of Object.keys(sims)) {
      const s = sims[uid];
      const p = this.c.api.objects.bucket("pods").summary(`${s.ns}/${s.name}`);
      if (!p || p.metadata.uid !== uid) {
        delete sims[uid];
        forgetPodRuntime(this.c, uid);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The next planned step; with `events`, the next one other than a process waking up; with
   * `quiet` too, the next one other than that or a probe (probes of a steady cluster change
   * nothing).
   */
  nextWake(events = false, quiet = false): number | undefined {
    let min: number | undefined;
    for (const s of Object.values(this.c.state.pods)) {
      const at = events ? nextEventAt(s, quiet) : nextStepAt(s);
      if (at !== undefined && (min === undefined || at < min)) min = at;
    }
    const volumes = quiet ? undefined : this.volumes.nextWake();
    return volumes !== undefined && (min === undefined || volumes < min) ? volumes : min;
  }

  private plan(pod: Pod, t: number): PodSim {
    const rng = this.c.rng;
    const node = pod.spec.nodeName ?? ""; // sync plans bound pods only
    const steps: Step[] = [];
    let at = t + this.scaled(300 + rng.int(700));
    if (!kernelHostname(pod).ok) {
      // generatePodSandboxConfig fails before anything is created: no IP, no pull, no container.
      this.writeInitialStatus(pod, t);
      return {
        ns: pod.metadata.namespace ?? "default",
        name: pod.metadata.name,
        node,
        steps: [{ at, kind: "sandboxFailed" }],
        next: 0,
      };
    }
    steps.push({ at, kind: "sandbox" });
    const present = new Set(nodeImages(this.c, node));
    pod.spec.containers.forEach((ctr, i) => {
      const image = canonicalImage(imageOf(ctr));
      if (pullFails(imageOf(ctr))) {
        // A misspelt image (htppd, ngnix) or a tag that does not exist (busybox:nosuch): the
        // pull fails and backs off.
        steps.push({ at, kind: "pulling", container: i });
        steps.push({
          at: at + this.scaled(800 + rng.int(900)),
          kind: "pullFailed",
          container: i,
          attempt: 0,
        });
        return;
      }
      if (ctr.imagePullPolicy === "Never" && !present.has(image)) {
        // The kubelet may not pull it, and the container is never created.
        steps.push({ at, kind: "neverPull", container: i });
        return;
      }
      if (ctr.imagePullPolicy !== "Always" && present.has(image)) {
        steps.push({ at, kind: "present", container: i });
      } else {
        const size = imageInfo(imageOf(ctr))?.sizeBytes ?? 30000000;
        // Layers already on the node make a re-pull quick, as with pullPolicy Always on a warm node.
        const pullMs = present.has(image)
          ? 300 + rng.int(600)
          : Math.round((size / 20000000) * 1000) + 400 + rng.int(1500);
        steps.push({ at, kind: "pulling", container: i });
        at += this.scaled(pullMs);
        steps.push({ at, kind: "pulled", container: i, pullMs });
        present.add(image);
      }
      at += this.scaled(100 + rng.int(500));
      steps.push({ at, kind: "created", container: i });
      steps.push({ at, kind: "started", container: i });
      // The kubelet starts containers one after another; the next pull begins just after.
      at += this.scaled(30 + rng.int(100));
    });
    setNodeImages(this.c, node, present);
    this.writeInitialStatus(pod, t);
    return { ns: pod.metadata.namespace ?? "default", name: pod.metadata.name, node, steps, next: 0 };
  }

  private writeInitialStatus(pod: Pod, t: number): void {
    const ts = rfc3339(t);
    // Bootstrap gives every node an InternalIP; its summary keeps it (a shard of them is 60 KB, of Nodes 300).
    const node = this.c.api.objects.bucket(NODES.plural).summary(pod.spec.nodeName ?? "") as Node | undefined;
    const hostIP = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    if (!hostIP)
      throw new Error(
        `kubesim: pod ${pod.metadata.name} is bound to ${pod.spec.nodeName}, which has no InternalIP`,
      );
    const status: StartedPod["status"] = {
      conditions: [
        cond("PodReadyToStartContainers", "False", ts),
        cond("Initialized", "True", ts),
        cond("Ready", "False", ts, notReadyReason(pod)),
        cond("ContainersReady", "False", ts, notReadyReason(pod)),
        cond("PodScheduled", "True", pod.status?.conditions?.[0]?.lastTransitionTime ?? ts),
      ],
      containerStatuses: pod.spec.containers.map((c) => waitingStatus(c, "ContainerCreating")),
      hostIP,
      hostIPs: [{ ip: hostIP }],
      phase: "Pending",
      qosClass: podQosClass(pod),
      startTime: ts,
    };
    if (pod.spec.hostNetwork) {
      status.podIP = hostIP;
      status.podIPs = [{ ip: hostIP }];
    }
    pod.status = status;
    this.c.api.put(pod);
  }

  /** Applies one step; returns true when the pod is gone. */
  private apply(pod: Pod, sim: PodSim, step: Step): boolean {
    assertStarted(pod);
    const api = this.c.api;
    const source = { component: "kubelet", host: sim.node };
    const ctr = step.container !== undefined ? pod.spec.containers[step.container] : undefined;
    const fieldPath = ctr ? `spec.containers{${ctr.name}}` : undefined;
    const ts = rfc3339(step.at);
    switch (step.kind) {
      case "sandbox": {
        if (!mountVolumes(this.c, pod, sim, step, (ms) => this.paced(ms))) return false;
        if (!pod.spec.hostNetwork) assignPodIP(this.c, pod, sim.node);
        pod.status.conditions[0] = cond("PodReadyToStartContainers", "True", ts);
        api.put(pod);
        return false;
      }
      case "sandboxFailed": {
        const k = kernelHostname(pod);
        const error = k.ok ? "" : k.error;
        this.c.recorder.recordEvent(
          pod,
          "Warning",
          "FailedCreatePodSandBox",
          `Failed to create pod sandbox: ${error}`,
          source,
        );
        // The pod worker retries a failed sync after its back-off, 10 s with up to 50% jitter. A
        // cluster left idle for long catches up with one retry rather than every one it missed.
        const next = step.at + this.paced(10_000 + this.c.rng.int(5000));
        const retry = next < this.c.t - 60_000 ? this.c.t : next;
        schedule(sim, { at: retry, kind: "sandboxFailed" });
        return false;
      }
      case "pulling":
      case "pulled":
      case "present":
      case "pullFailed":
      case "neverPull":
      case "backOff":
        return this.pulls.run(pod, sim, step);
      case "created": {
        const error = ctr && missingConfig(this.c, pod, ctr);
        if (error) {
          this.c.recorder.recordEvent(pod, "Warning", "Failed", `Error: ${error}`, source, fieldPath);
          holdForConfig(pod, sim, step, error);
          api.put(pod);
          return false;
        }
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "Created",
          `Created container: ${ctr?.name}`,
          source,
          fieldPath,
        );
        return false;
      }
      case "started": {
        const i = containerIndex(step);
        const ctr = pod.spec.containers[i];
        const ref = parseImage(imageOf(ctr));
        const prev = pod.status.containerStatuses[i];
        pod.status.containerStatuses[i] = {
          containerID: `containerd://${this.c.rng.hex(64)}`,
          image: canonicalImage(imageOf(ctr)),
          imageID: `${ref.registry}/${ref.repo}@sha256:${sha(repoKey(ref) + ref.tag)}`,
          lastState: prev?.lastState ?? {},
          name: ctr.name,
          // With a readiness probe a container is ready only once the probe passes; with a
          // startup probe it is neither started nor ready until that one passes.
          ready: !ctr.readinessProbe && !ctr.startupProbe,
          restartCount: prev?.restartCount ?? 0,
          started: !ctr.startupProbe,
          state: { running: { startedAt: ts } },
          volumeMounts: statusMounts(ctr),
        };
        // A script runs for real (mainprocess.ts); a modelled process that ends on its own
        // (a shell without a terminal, `sleep 30`) exits when its model says.
        const proc = processOf(pod, ctr);
        if (proc.script) this.main.start(pod, i, step.at);
        else if (proc.exitsImmediately || proc.exitsAfterSeconds !== undefined) {
          // A command that ends at once is scaled as a start-up is; a sleep keeps its pace.
          const at = proc.exitsImmediately
            ? step.at + Math.max(1, this.scaled(100 + this.c.rng.int(400)))
            : step.at + this.paced((proc.exitsAfterSeconds ?? 0) * 1000);
          schedule(sim, {
            at,
            kind: "exited",
            container: step.container,
            exitCode: proc.exitCode ?? 0,
          });
        }
        this.c.recorder.recordEvent(
          pod,
          "Normal",
          "Started",
          `Started container ${ctr.name}`,
          source,
          fieldPath,
        );
        const started = pod.status.containerStatuses[i];
        if (ctr.startupProbe)
          this.probes.startProbe(sim, i, started, "startup", step.at, step.at, ctr.startupProbe);
        else this.probes.startProbes(sim, i, started, ctr, step.at, step.at);
        // The kubelet fixes a container's Service variables when it starts it.
        fixEnvironment(this.c, pod, ctr);
        this.updatePhase(pod, ts);
        api.put(pod);
        return false;
      }
      case "resume":
        this.main.resume(pod, containerIndex(step), step.at);
        return false;
      case "exited":
      case "crashBackOff":
      case "restart":
        return this.restarts.run(pod, sim, step, ts);
      case "probe":
        return this.probes.run(pod, sim, step, ts);
      case "killing": {
        pod.status.containerStatuses.forEach((cs, i) => {
          if (!cs.state?.running) return;
          const c = pod.spec.containers[i];
          this.c.recorder.recordEvent(
            pod,
            "Normal",
            "Killing",
            `Stopping container ${c.name}`,
            source,
            `spec.containers{${c.name}}`,
          );
        });
        return false;
      }
      case "stopped": {
        const cs = pod.status.containerStatuses[containerIndex(step)];
        const startedAt = cs.state?.running?.startedAt;
        cs.state = {
          terminated: {
            containerID: cs.containerID,
            exitCode: 0,
            finishedAt: ts,
            reason: "Completed",
            startedAt,
          },
        };
        cs.ready = false;
        cs.started = false;
        this.updatePhase(pod, ts);
        api.put(pod);
        return false;
      }
      case "gone":
        releasePodIP(this.c, pod, step.at);
        api.remove(pod);
        forgetPodRuntime(this.c, pod.metadata.uid, containerNames(pod));
        return true;
    }
    return false;
  }

  private updatePhase(pod: StartedPod, ts: string): void {
    const statuses = pod.status.containerStatuses;
    const ready = new Set(statuses.filter((s) => s.ready).map((s) => s.name));
    const allReady = ready.size === statuses.length;
    const conds = pod.status.conditions;
    // A condition's lastTransitionTime moves only when its status changes (the status manager's
    // updateLastTransitionTime): a ready pod that turns unready shows when it did.
    const since = (i: number, status: string) =>
      conds[i]?.status === status ? (conds[i].lastTransitionTime ?? ts) : ts;
    if (allReady) {
      conds[2] = cond("Ready", "True", since(2, "True"));
      conds[3] = cond("ContainersReady", "True", since(3, "True"));
    } else {
      conds[2] = cond("Ready", "False", since(2, "False"), notReadyReason(pod, ready));
      conds[3] = cond("ContainersReady", "False", since(3, "False"), notReadyReason(pod, ready));
    }
    if (statuses.every((s) => s.state?.running) && pod.status.phase === "Pending")
      pod.status.phase = "Running";
  }
}

/** Whether a kubelet runs on the node: it exists and reports an InternalIP, as one registers. */
function hasKubelet(c: KubeletContext, node: string): boolean {
  const n = c.api.objects.bucket(NODES.plural).summary(node) as Node | undefined;
  return !!n?.status?.addresses?.some((a) => a.type === "InternalIP");
}
