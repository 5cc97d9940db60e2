// The `debian` image (12 bookworm): like ubuntu, a shell and apt without network tools;
// `apt install curl` brings curl 7.88.1.
import { APT_PACKAGES, DEBIAN_OS_RELEASE, DEBIAN_TOOLS } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

export const debian: ImageModel = {
  repo: "debian",
  shell: "bash",
  tools: DEBIAN_TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({ "/etc/os-release": DEBIAN_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["bash"],
      sh: "dash",
      hasBash: true,
      tools: DEBIAN_TOOLS,
      workingDir: "/",
    }),
  curlVersion: "7.88.1",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/",
};
