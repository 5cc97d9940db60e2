// The two images of ingress-nginx's deploy manifests: the controller (an alpine image whose
// entrypoint is dumb-init, with /nginx-ingress-controller as its first argument) and
// kube-webhook-certgen (distroless), whose `create` and `patch` runs end at once with the
// admission webhook's certificate made (controllers/ingress-nginx.ts writes its Secret).

import { base, runContainer } from "../process.js";
import type { ContainerProcess, ImageModel } from "../types.js";
import { controllerProcess } from "./controller.js";

export const CONTROLLER_REPO = "registry.k8s.io/ingress-nginx/controller";
export const CERTGEN_REPO = "registry.k8s.io/ingress-nginx/kube-webhook-certgen";

const CONTROLLER_TOOLS = [
  "dumb-init",
  "nginx-ingress-controller",
  "nginx",
  "sh",
  "bash",
  "ls",
  "cat",
  "curl",
];

export const ingressNginxController: ImageModel = {
  repo: CONTROLLER_REPO,
  shell: "bash",
  tools: CONTROLLER_TOOLS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/usr/bin/dumb-init", "--"],
      cmd: ["/nginx-ingress-controller"],
      sh: "ash",
      hasBash: true,
      tools: CONTROLLER_TOOLS,
      workingDir: "/etc/nginx",
      programs: (words) => {
        const rest = base(words[0] ?? "") === "dumb-init" ? words.slice(words[1] === "--" ? 2 : 1) : words;
        return base(rest[0] ?? "") === "nginx-ingress-controller" ? controllerProcess(rest) : undefined;
      },
    }),
  workingDir: "/etc/nginx",
  curlVersion: "8.11.1",
  libc: "musl",
};

/** certgen's runs leave no log kubesim models: they end at once and succeed. */
function certgenProcess(words: string[]): ContainerProcess {
  return { listeners: [], exitsImmediately: true, exitCode: 0, description: words.join(" ") };
}

export const kubeWebhookCertgen: ImageModel = {
  repo: CERTGEN_REPO,
  shell: null,
  tools: ["kube-webhook-certgen"],
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/kube-webhook-certgen"],
      cmd: [],
      sh: null,
      hasBash: false,
      tools: ["kube-webhook-certgen"],
      workingDir: "/",
      programs: (words) =>
        base(words[0] ?? "") === "kube-webhook-certgen" ? certgenProcess(words) : undefined,
    }),
  workingDir: "/",
};
