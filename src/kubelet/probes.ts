// The kubelet's probes, run against the container models: an httpGet asks the process
// listening on the pod's port (2xx and 3xx pass), a tcpSocket only needs a listener, an exec
// probe of the common `cat FILE` / `test -f FILE` / `ls FILE` forms looks in the container's
// files. The texts are the kubelet's Unhealthy event messages.
import type { Container, Probe } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import type { ServeContext } from "../images/types.js";
import type { KubeletContext } from "./context.js";
import { containerFs, readContainerFile } from "./fs.js";
import { processOf } from "./runtime.js";

export interface ProbeResult {
  ok: boolean;
  /** The part after "Readiness probe failed: " (or Liveness, Startup). */
  message: string;
  /**
   * The result depends only on the pod's own containers (their listeners and files), not on
   * the clock or on anything beyond the pod: it stays the same until the pod's next step.
   */
  steady?: boolean;
}

function portOf(pod: Pod, ctr: Container, port: unknown): number | undefined {
  if (typeof port === "number") return port;
  for (const p of ctr.ports ?? []) if (p.name === port) return p.containerPort;
  void pod;
  return /^\d+$/.test(String(port)) ? Number(port) : undefined;
}

function startedAtOf(pod: Pod, container: string): number | undefined {
  const st = (pod.status?.containerStatuses ?? []).find((x) => x.name === container)?.state?.running
    ?.startedAt;
  return st ? Date.parse(st) : undefined;
}

export function runProbe(c: KubeletContext, pod: Pod, ctr: Container, probe: Probe): ProbeResult {
  const ip = pod.status?.podIP ?? "";
  // Any container of the pod may be the one listening: they share the network namespace.
  const listeners = pod.spec.containers.flatMap((x) =>
    processOf(pod, x).listeners.map((l) => ({ ...l, container: x.name })),
  );
  if (probe.httpGet) {
    const port = portOf(pod, ctr, probe.httpGet.port);
    const path = probe.httpGet.path ?? "/";
    const scheme = String(probe.httpGet.scheme ?? "HTTP").toLowerCase();
    const url = `${scheme}://${ip}:${port}${path}`;
    const l = listeners.find((x) => x.port === port && x.protocol === "TCP");
    if (!l)
      return {
        ok: false,
        message: `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused`,
        steady: true,
      };
    if (!l.handle) return { ok: false, message: `Get "${url}": EOF`, steady: true };
    // A server that answers by its age (agnhost liveness fails /healthz after 10 s) may answer
    // differently at the next period: its result is not steady. (The clock itself only dates
    // headers and log lines; types.ts asks servers to go by startedAtMs.)
    let timed = false;
    const startedAtMs = startedAtOf(pod, l.container);
    const ctx: ServeContext = {
      podName: pod.metadata.name,
      hostname: pod.metadata.name,
      nowMs: c.t,
      // The server reads the files as they are now, changes made with exec included.
      readFile: (p) => readContainerFile(c, pod, l.container, p),
    };
    if (startedAtMs !== undefined)
      Object.defineProperty(ctx, "startedAtMs", {
        enumerable: true,
        get() {
          timed = true;
          return startedAtMs;
        },
      });
    const res = l.handle(
      {
        method: "GET",
        path,
        headers: [["User-Agent", "kube-probe/1.32"]],
        body: "",
        clientIP: ip.replace(/\.\d+$/, ".1"),
        host: `${ip}:${port}`,
      },
      ctx,
    );
    // The model probes the pod's own listeners whatever host the probe names.
    const steady = !timed;
    if (res.status >= 200 && res.status < 400) return { ok: true, message: "", steady };
    return { ok: false, message: `HTTP probe failed with statuscode: ${res.status}`, steady };
  }
  if (probe.tcpSocket) {
    const port = portOf(pod, ctr, probe.tcpSocket.port);
    if (listeners.some((x) => x.port === port && x.protocol === "TCP"))
      return { ok: true, message: "", steady: true };
    return { ok: false, message: `dial tcp ${ip}:${port}: connect: connection refused`, steady: true };
  }
  if (probe.exec) {
    const cmd: string[] = probe.exec.command ?? [];
    const joined = cmd.join(" ");
    const m = /(?:^|\s)(?:cat|ls|test -[ef]|\[ -[ef])\s+(\/\S+)/.exec(joined);
    if (m && !containerFs(c, pod, ctr.name).exists(m[1])) {
      return {
        ok: false,
        message: `${cmd[0] === "cat" || joined.includes("cat ") ? `cat: ${m[1]}: No such file or directory` : ""}`,
      };
    }
    return { ok: true, message: "" };
  }
  return { ok: true, message: "" };
}
