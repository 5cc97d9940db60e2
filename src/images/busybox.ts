// The `busybox` image (1.37, glibc build): one binary whose applets include wget, nslookup,
// ping, nc, telnet and ip, but no curl and no package manager. `sh` is busybox ash.
import { BUSYBOX_APPLETS } from "./os.js";
import { runContainer } from "./process.js";
import type { ImageModel } from "./types.js";

export const busybox: ImageModel = {
  repo: "busybox",
  shell: "sh",
  tools: BUSYBOX_APPLETS,
  files: () => ({}),
  process: (spec) =>
    runContainer(spec, {
      entrypoint: [],
      cmd: ["sh"],
      sh: "ash",
      hasBash: false,
      tools: BUSYBOX_APPLETS,
      workingDir: "/",
    }),
  wget: "busybox",
  libc: "glibc",
  workingDir: "/",
};
