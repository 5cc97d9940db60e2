// quay.io/metallb/controller and quay.io/metallb/speaker (v0.14.9, distroless: no shell), as
// the native manifest runs them: each serves Prometheus metrics on --port (7472, what the
// kubelet's probes GET /metrics on), the controller its admission webhook on 9443 (HTTPS,
// the webhook Service's target), the speaker memberlist on 7946 TCP and UDP on its node's
// address (hostNetwork). What they do through the API (addresses, announcements, the
// memberlist Secret) is controllers/metallb*.ts; this is the process the kubelet runs.
import { goFlag } from "./goserver.js";
import { textResponse } from "./http.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel, Listener } from "./types.js";

const metrics = (port: number): Listener => ({
  port,
  protocol: "TCP",
  kind: "http",
  handle: (req) =>
    req.path.split("?")[0] === "/metrics"
      ? textResponse(
          200,
          [["Content-Type", "text/plain; version=0.0.4; charset=utf-8"]],
          "# metallb metrics\n",
        )
      : textResponse(404, [["Content-Type", "text/plain; charset=utf-8"]], "404 page not found\n"),
});

function metallbProcess(program: "controller" | "speaker", words: string[]): ContainerProcess {
  const port = Number(goFlag(words, "port") ?? 7472);
  const listeners: Listener[] =
    program === "controller"
      ? [metrics(port), { port: 9443, protocol: "TCP", kind: "tcp-silent" }]
      : [
          metrics(port),
          { port: 7946, protocol: "TCP", kind: "tcp-silent" },
          { port: 7946, protocol: "UDP", kind: "tcp-silent" },
        ];
  return { listeners, description: words.join(" ") };
}

function metallbModel(program: "controller" | "speaker"): ImageModel {
  return {
    repo: `quay.io/metallb/${program}`,
    shell: null,
    tools: [program],
    files: () => ({}),
    process: (spec) =>
      runContainer(spec, {
        entrypoint: [`/${program}`],
        cmd: [],
        sh: null,
        hasBash: false,
        tools: [program],
        workingDir: "/",
        programs: (words) => (base(words[0]) === program ? metallbProcess(program, words) : undefined),
      }),
    workingDir: "/",
  };
}

export const metallbController = metallbModel("controller");
export const metallbSpeaker = metallbModel("speaker");
