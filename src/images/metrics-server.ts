// registry.k8s.io/metrics-server/metrics-server (v0.7.2, distroless: no shell): serves the
// resource metrics API on --secure-port (HTTPS, 10250 in components.yaml). On kind the
// kubelets' serving certificates are self-signed without IP SANs, so unless it runs with
// --kubelet-insecure-tls every scrape fails with an x509 error, it has no metrics to serve
// and /readyz answers 500: the pod stays 0/1 Running. What it serves is computed from the
// cluster in controllers/metrics; this model is the process the kubelet runs and probes.
import { goFlag } from "./goserver.js";
import { textResponse } from "./http.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

/** kind's nodes as metrics-server scrapes them (their InternalIPs). */
const KIND_NODES: [string, string][] = [
  ["kubesim-control-plane", "172.18.0.2"],
  ["kubesim-worker", "172.18.0.3"],
  ["kubesim-worker2", "172.18.0.4"],
];

/** klog's header: "I1127 10:00:01.123456       1 file.go:123] ". */
function klog(level: "I" | "E", nowMs: number, where: string, msg: string): string {
  const d = new Date(nowMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}       1 ${where}] ${msg}`;
}

function metricsServerProcess(words: string[]): ContainerProcess {
  const port = Number(goFlag(words, "secure-port") ?? 10250);
  const insecure = words.includes("--kubelet-insecure-tls");
  const ok = (body: string) => textResponse(200, [["Content-Type", "text/plain; charset=utf-8"]], body);
  return {
    listeners: [
      {
        port,
        protocol: "TCP",
        kind: "http",
        handle: (req) => {
          const path = req.path.split("?")[0];
          if (path === "/livez" || path === "/healthz") return ok("ok");
          if (path === "/readyz")
            return insecure
              ? ok("ok")
              : textResponse(
                  500,
                  [["Content-Type", "text/plain; charset=utf-8"]],
                  "[+]ping ok\n[+]log ok\n[+]poststarthook/max-in-flight-filter ok\n[-]metric-storage-ready failed: reason withheld\nreadyz check failed\n",
                );
          return textResponse(
            403,
            [["Content-Type", "application/json"]],
            '{"kind":"Status","status":"Failure"}',
          );
        },
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => {
      const t = ctx.nowMs;
      const lines = [
        klog(
          "I",
          t + 500,
          "serving.go:374",
          "Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)",
        ),
        klog("I", t + 900, "handler.go:275", "Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager"),
        klog("I", t + 1000, "secure_serving.go:213", `Serving securely on [::]:${port}`),
      ];
      if (!insecure)
        for (const [node, ip] of KIND_NODES)
          lines.push(
            klog(
              "E",
              t + 15_000,
              "scraper.go:149",
              `"Failed to scrape node" err="Get \\"https://${ip}:10250/metrics/resource\\": tls: failed to verify certificate: x509: cannot validate certificate for ${ip} because it doesn't contain any IP SANs" node="${node}"`,
            ),
          );
      if (!insecure)
        lines.push(
          klog(
            "I",
            t + 20_000,
            "server.go:191",
            '"Failed probe" probe="metric-storage-ready" err="no metrics to serve"',
          ),
        );
      return lines;
    },
  };
}

export const metricsServer: ImageModel = {
  repo: "registry.k8s.io/metrics-server/metrics-server",
  shell: null,
  tools: ["metrics-server"],
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/metrics-server"],
      cmd: [],
      sh: null,
      hasBash: false,
      tools: ["metrics-server"],
      workingDir: "/",
      programs: (words) => (base(words[0]) === "metrics-server" ? metricsServerProcess(words) : undefined),
    }),
  workingDir: "/",
};
