// gcr.io/google-samples/hello-app:1.0 and :2.0 (also pulled as
// us-docker.pkg.dev/google-samples/containers/gke/hello-app): a Go server on $PORT (the image
// sets PORT=8080) that answers every path with "Hello, world!\nVersion: 1.0.0\nHostname: <pod>\n"
// and logs "Server listening on port 8080" then "Serving request: <path>" per request. The
// image is alpine with the binary at /hello-app, CMD ["./hello-app"]: it has sh and apk but no
// curl (the GKE docs install it with `apk add --no-cache curl`).
//
// Sources (facts only, no code copied):
// - GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app/main.go (the log lines,
//   the PORT variable, the three answer lines) and its Dockerfile history (alpine final stage,
//   ENV PORT 8080, CMD ["./hello-app"]).
// - cloud.google.com/kubernetes-engine/docs/how-to/exposing-apps: "Hello, world!\nVersion:
//   2.0.0\nHostname: my-deployment-..." and `kubectl exec -it POD -- sh` + `apk add curl`.
import { goLog } from "./goserver.js";
import { goResponse, pathOnly } from "./http.js";
import { ALPINE_TOOLS, APK_PACKAGES } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

const IMAGE_ENV = { PORT: "8080" };

function helloProcess(words: string[], env: Record<string, string>, version: string): ContainerProcess {
  const port = env.PORT || IMAGE_ENV.PORT;
  return {
    listeners: [
      {
        port: Number(port),
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => {
          const res = goResponse(
            200,
            `Hello, world!\nVersion: ${version}\nHostname: ${ctx.hostname}\n`,
            ctx.nowMs,
          );
          return req.method === "HEAD" ? { ...res, body: "" } : res;
        },
        accessLog: (req, _res, nowMs) => [goLog(nowMs, `Serving request: ${pathOnly(req.path)}`)],
      },
    ],
    description: words.join(" "),
    startupLog: (ctx) => [goLog(ctx.nowMs, `Server listening on port ${port}`)],
  };
}

function helloApp(version: string): ImageModel {
  const tools = [...ALPINE_TOOLS, "hello-app"];
  const model: ImageModel = {
    repo: "gcr.io/google-samples/hello-app",
    shell: "sh",
    tools,
    packages: { manager: "apk", installable: APK_PACKAGES },
    // Which alpine the final stage had is not known: its /etc files are not modelled.
    files: () => ({}),
    process: (spec) =>
      runContainer(
        // The image's ENV is the process's too; the pod's env overrides it.
        { ...spec, env: { ...IMAGE_ENV, ...spec.env } },
        {
          entrypoint: [],
          cmd: ["./hello-app"],
          sh: "ash",
          hasBash: false,
          tools,
          workingDir: "/",
          programs: (words, env) =>
            base(words[0]) === "hello-app" ? helloProcess(words, env, version) : undefined,
        },
      ),
    wget: "busybox",
    libc: "musl",
    workingDir: "/",
    env: IMAGE_ENV,
    locations: { "hello-app": "/hello-app" },
    withTag: (tag) => {
      const v = /^2(\.0)?$/.test(tag) ? "2.0.0" : "1.0.0";
      return v === version ? model : helloApp(v);
    },
  };
  return model;
}

export const helloAppModel = helloApp("1.0.0");
