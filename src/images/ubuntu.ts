// The `ubuntu` image (24.04 noble, minimized): bash, coreutils and apt, and nothing for the
// network, which is the first thing the course's learners hit (`curl: command not found`).
// `apt install curl` brings curl 8.5.0.
import { APT_PACKAGES, DEBIAN_TOOLS, UBUNTU_OS_RELEASE } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

export const ubuntu: ImageModel = {
  repo: "ubuntu",
  shell: "bash",
  tools: DEBIAN_TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({ "/etc/os-release": UBUNTU_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["/bin/bash"],
      sh: "dash",
      hasBash: true,
      tools: DEBIAN_TOOLS,
      workingDir: "/",
    }),
  curlVersion: "8.5.0",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/",
};
