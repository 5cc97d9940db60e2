// curlimages/curl (alpine-based, runs as curl_user): ENTRYPOINT /entrypoint.sh turns
// arguments that start with "-" or name no command into `curl ARGS`; the default CMD is a bare
// `curl`, which exits 2 with its usage hint, so a plain Deployment of it crash-loops. People
// keep it alive with `sleep infinity` and `kubectl exec` into it.
import { ALPINE_OS_RELEASE, ALPINE_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ContainerProcess, ImageModel } from "./types.js";

const TOOLS = [...ALPINE_TOOLS.filter((t) => t !== "apk"), "curl"];

function entrypoint(words: string[]): ContainerProcess | undefined {
  if (base(words[0]) !== "entrypoint.sh") return undefined;
  const rest = words.slice(1);
  const first = rest[0];
  const argv =
    first === undefined || first.startsWith("-") || !TOOLS.includes(base(first)) ? ["curl", ...rest] : rest;
  if (base(argv[0]) === "curl")
    return {
      listeners: [],
      exitsImmediately: true,
      description: argv.join(" "),
      clientRuns: [{ tool: "curl", argv }],
    };
  return undefined;
}

export const curlimages: ImageModel = {
  repo: "curlimages/curl",
  shell: "sh",
  tools: TOOLS,
  files: () => ({ "/etc/os-release": ALPINE_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: ["/entrypoint.sh"],
      cmd: ["curl"],
      sh: "ash",
      hasBash: false,
      tools: [...TOOLS, "entrypoint.sh"],
      workingDir: "/home/curl_user",
      programs: (words) => entrypoint(words),
      execsArgs: "entrypoint.sh",
    }),
  curlVersion: "8.11.1",
  wget: "busybox",
  libc: "musl",
  workingDir: "/home/curl_user",
};
