// The `alpine` image (3.21): musl and busybox (ash, wget, nslookup, ping, nc, ip) plus apk.
// No bash and no curl until `apk add`. Busybox tools print musl's error texts here.
import { ALPINE_OS_RELEASE, ALPINE_TOOLS, APK_PACKAGES } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

export const alpine: ImageModel = {
  repo: "alpine",
  shell: "sh",
  tools: ALPINE_TOOLS,
  packages: { manager: "apk", installable: APK_PACKAGES },
  files: () => ({ "/etc/os-release": ALPINE_OS_RELEASE }),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["/bin/sh"],
      sh: "ash",
      hasBash: false,
      tools: ALPINE_TOOLS,
      workingDir: "/",
    }),
  curlVersion: "8.11.1",
  wget: "busybox",
  libc: "musl",
  workingDir: "/",
};
