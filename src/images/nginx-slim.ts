// registry.k8s.io/nginx-slim (formerly k8s.gcr.io / gcr.io/google_containers): the nginx of the
// docs' StatefulSet tutorial, built from source on ubuntu-slim (Ubuntu 16.04) with
// --prefix=/usr/share/nginx and the stock nginx.conf: port 80, root /usr/share/nginx/html
// (index.html, the 612-byte welcome page), the `combined` access log to stdout and errors to
// stderr (both files are symlinks), nothing logged at startup (error_log at its default level).
// CMD ["nginx", "-g", "daemon off;"]; bash and curl are in the image. The tutorial mounts a
// volume on the doc root: with nothing written there nginx answers 403 Forbidden.
//
// The nginx release per tag, from the image's build.sh (NGINX_VERSION) at each "Release
// nginx-slim 0.N" commit: 0.8 1.11.1 (kubernetes/contrib images/nginx-slim, 2016-06-18); 0.21 and
// 0.22 1.13.3, 0.23 1.13.4, 0.24 to 0.26 1.13.5, 0.27 1.13.6 (kubernetes/ingress-nginx
// images/nginx-slim, 2017). The packaged files' mtime is taken as the release commit's day.
// Sources: those repositories' images/nginx-slim/{Makefile,build.sh,Dockerfile}; kubernetes/website
// content/en/docs/tutorials/stateful-application/basic-stateful-set.md (nginx-slim:0.21 and the
// rolling update to 0.24, earlier 0.8).
import { combinedLog, OLD_NGINX_INDEX, type OldAnswer, oldErrorLine, oldStatic } from "./nginx-old.js";
import { DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, HttpRequest, ImageModel, ServeContext } from "./types.js";

const DOCROOT = "/usr/share/nginx/html";

/** Tag: nginx release and the day the image was released. */
const TAGS: Record<string, { version: string; released: number }> = {
  "0.8": { version: "1.11.1", released: Date.UTC(2016, 5, 18) },
  "0.21": { version: "1.13.3", released: Date.UTC(2017, 6, 12) },
  "0.22": { version: "1.13.3", released: Date.UTC(2017, 7, 3) },
  "0.23": { version: "1.13.4", released: Date.UTC(2017, 7, 8) },
  "0.24": { version: "1.13.5", released: Date.UTC(2017, 8, 8) },
  "0.25": { version: "1.13.5", released: Date.UTC(2017, 8, 17) },
  "0.26": { version: "1.13.5", released: Date.UTC(2017, 9, 8) },
  "0.27": { version: "1.13.6", released: Date.UTC(2017, 9, 21) },
};

const PACKAGED = { [`${DOCROOT}/index.html`]: OLD_NGINX_INDEX };

const TOOLS = [...DEBIAN_TOOLS, "nginx", "curl"];

function slimProcess(tag: { version: string; released: number }): ContainerProcess {
  const answer = (req: HttpRequest, ctx: ServeContext): OldAnswer =>
    oldStatic(req, ctx, {
      version: tag.version,
      docroot: DOCROOT,
      packagedMtimeMs: tag.released,
      packaged: PACKAGED,
    });
  return {
    listeners: [
      {
        port: 80,
        protocol: "TCP",
        kind: "http",
        handle: (req, ctx) => {
          const { res } = answer(req, ctx);
          return req.method === "HEAD" ? { ...res, body: "" } : res;
        },
        accessLog: (req, res, nowMs, ctx) => {
          const err = ctx ? answer(req, ctx).error : undefined;
          return [...(err ? [oldErrorLine(nowMs, err, req, "localhost")] : []), combinedLog(req, res, nowMs)];
        },
      },
    ],
    description: "nginx -g daemon off;",
    // Fast shutdown on SIGTERM logs nothing at the default error_log level.
    stopLog: () => [],
  };
}

function nginxSlim(tagName: string): ImageModel {
  const tag = TAGS[tagName] ?? TAGS["0.27"];
  const model: ImageModel = {
    repo: "registry.k8s.io/nginx-slim",
    shell: "bash",
    tools: TOOLS,
    files: () => ({ ...PACKAGED }),
    process: (spec) =>
      runContainer(spec, {
        entrypoint: [],
        cmd: ["nginx", "-g", "daemon off;"],
        sh: "dash",
        hasBash: true,
        tools: TOOLS,
        workingDir: "/",
        programs: (words) => {
          if (base(words[0]) !== "nginx") return undefined;
          const g = words.indexOf("-g");
          if (g > 0 && /daemon\s+off/.test(words[g + 1] ?? "")) return slimProcess(tag);
          return { listeners: [], exitsImmediately: true, exitCode: 0, description: words.join(" ") };
        },
      }),
    libc: "glibc",
    wget: "gnu",
    workingDir: "/",
    locations: { nginx: "/usr/sbin/nginx" },
    withTag: (t) => (TAGS[t] && t !== tagName ? nginxSlim(t) : model),
  };
  return model;
}

export const nginxSlimModel = nginxSlim("0.27");
