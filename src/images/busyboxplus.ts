// radial/busyboxplus:curl: an old busybox with curl added, a staple of 2016-era Kubernetes
// tutorials (`kubectl run curl --image=radial/busyboxplus:curl -i --tty`). Its default command
// is /bin/sh, so without -i --tty it exits at once. Its buildroot 2014.02 build ships busybox
// 1.22.1 on uClibc: the old nslookup and wget (radial/core-busyboxplus, curl/tarmaker).
import { BUSYBOX_APPLETS } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

const TOOLS = [...BUSYBOX_APPLETS, "curl"];

export const busyboxplus: ImageModel = {
  repo: "radial/busyboxplus",
  shell: "sh",
  tools: TOOLS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["/bin/sh"],
      sh: "ash",
      hasBash: false,
      tools: TOOLS,
      workingDir: "/",
    }),
  // Its curl predates every modelled version; 7.81.0's wording is the closest modelled.
  curlVersion: "7.81.0",
  wget: "busybox",
  libc: "glibc",
  busyboxVersion: "1.22.1",
  workingDir: "/",
};
