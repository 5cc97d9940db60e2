// The `busybox` image: one binary whose applets include wget, nslookup, ping, nc, telnet and
// ip, but no curl and no package manager. `sh` is busybox ash. Which busybox release (and C
// library) runs follows the tag, as docker-library built them: busybox:1.28 is 1.28.4 on
// uClibc (the nslookup of the Kubernetes docs), busybox and busybox:latest 1.37.0 on glibc.
import { versionBefore } from "../util/version.js";
import { busyboxHttpd } from "./bbhttpd.js";
import { BUSYBOX_APPLETS } from "./os.js";
import { runContainer } from "./process.js";
import { BUSYBOX_RELEASES } from "./tags.js";
import type { ImageModel } from "./types.js";

export interface BusyboxRelease {
  /** "1.28.4". */
  version: string;
  libc: "glibc" | "musl" | "uclibc";
}

/** The release `latest`, `1` and `unstable` named in 2025; `stable` was the one before. */
const LATEST = "1.37.0";
const STABLE = "1.36.1";

/**
 * The busybox release and C library a busybox image tag runs: `1.28` → 1.28.4 (uclibc),
 * `1.36-musl` → 1.36.1 (musl), `stable` → 1.36.1 (glibc). Bare tags were uClibc builds until
 * docker-library made glibc the default in December 2022 (during 1.35.0). Undefined for a
 * tag busybox never had.
 */
export function busyboxRelease(tag: string): BusyboxRelease | undefined {
  const parts = tag.split("-");
  const libc = LIBCS.find((l) => l === parts[parts.length - 1]);
  if (libc) parts.pop();
  if (parts.length > 1) return undefined;
  const name = parts[0] || (libc ? "latest" : "");
  let version: string | undefined;
  if (name === "latest" || name === "unstable") version = LATEST;
  else if (name === "stable") version = STABLE;
  else if (/^\d+(\.\d+){0,2}$/.test(name))
    version = [...BUSYBOX_RELEASES].reverse().find((v) => v === name || v.startsWith(`${name}.`));
  if (!version) return undefined;
  return { version, libc: libc ?? (versionBefore(version, "1.35") ? "uclibc" : "glibc") };
}

const LIBCS = ["glibc", "musl", "uclibc"] as const;

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
      programs: (words, _env, cwd) => busyboxHttpd(words, cwd),
    }),
  wget: "busybox",
  libc: "glibc",
  busyboxVersion: LATEST,
  workingDir: "/",
};

/** The busybox model for an image tag: its release, and musl's error texts on a musl build. */
export function busyboxForTag(tag: string): ImageModel {
  const r = busyboxRelease(tag);
  if (!r) return busybox;
  return { ...busybox, busyboxVersion: r.version, libc: r.libc === "musl" ? "musl" : "glibc" };
}
