// The `debian` image (12 bookworm): like ubuntu, a shell and apt without network tools;
// `apt install curl` brings curl 7.88.1.
import { APT_PACKAGES, DEBIAN_OS_RELEASE, DEBIAN_TOOLS } from "./os.js";
import { runContainer } from "./process.js";
import type { ContainerProcess, ContainerSpec, ImageModel } from "./types.js";

/** A Debian image's container: bash by default, dash as sh, these tools on the PATH. */
export function debianContainer(tools: string[]): (spec: ContainerSpec) => ContainerProcess {
  return (spec) =>
    runContainer(spec, { entrypoint: [], cmd: ["bash"], sh: "dash", hasBash: true, tools, workingDir: "/" });
}

export const debian: ImageModel = {
  repo: "debian",
  shell: "bash",
  tools: DEBIAN_TOOLS,
  packages: { manager: "apt", installable: APT_PACKAGES },
  files: () => ({ "/etc/os-release": DEBIAN_OS_RELEASE }),
  process: debianContainer(DEBIAN_TOOLS),
  curlVersion: "7.88.1",
  wget: "gnu",
  libc: "glibc",
  workingDir: "/",
};
