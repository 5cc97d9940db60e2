// The `python` image (3.13 on Debian bookworm, the full variant built on buildpack-deps, so
// curl and GNU wget are there). Its default command is the python3 REPL, which reads an empty
// stdin and exits: the pod completes. `python3 -m http.server` is the usual one-liner server.
import { APT_PACKAGES, DEBIAN_OS_RELEASE, DEBIAN_TOOLS } from "./os.js";
import { base, runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

export const PYTHON_VERSION = "3.13.1";
const TOOLS = [...DEBIAN_TOOLS, "python", "python3", "pip", "pip3", "curl", "wget", "git", "make", "gcc"];

export const python: ImageModel = {
  repo: "python",
  shell: "bash",
  tools: TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({ "/etc/os-release": DEBIAN_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["python3"],
      sh: "dash",
      hasBash: true,
      tools: TOOLS,
      workingDir: "/",
      pythonVersion: PYTHON_VERSION,
      // A bare interpreter reads its program from stdin, which is empty: it exits at once.
      programs: (words) =>
        /^python3?$/.test(base(words[0])) && words.length === 1
          ? { listeners: [], exitsImmediately: true, exitCode: 0, description: words[0] }
          : undefined,
    }),
  curlVersion: "7.88.1",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/",
};
