// The directories an image's root holds before any volume is mounted, for `ls /` in a shell:
// Debian bookworm's (debian:bookworm-slim, and nginx, httpd and python built on it), whose
// /bin, /lib, /lib64 and /sbin are links into /usr (merged /usr). Images of other systems
// keep the few directories their files and the kubelet's mounts make. The image's commands
// are not files (src/shell/lookup.ts), so /usr/bin lists none of them.
import type { ImageModel } from "./types.js";

export interface RootLayout {
  dirs: string[];
  /** [path, target] of each symbolic link. */
  links: [string, string][];
}

const BOOKWORM: RootLayout = {
  dirs: [
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/srv",
    "/sys",
    "/tmp",
    "/usr/bin",
    "/usr/games",
    "/usr/include",
    "/usr/lib",
    "/usr/lib64",
    "/usr/libexec",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/usr/sbin",
    "/usr/share",
    "/usr/src",
    "/var/backups",
    "/var/cache",
    "/var/lib",
    "/var/local",
    "/var/log",
    "/var/mail",
    "/var/opt",
    "/var/spool",
    "/var/tmp",
  ],
  links: [
    ["/bin", "usr/bin"],
    ["/lib", "usr/lib"],
    ["/lib64", "usr/lib64"],
    ["/sbin", "usr/sbin"],
    ["/var/lock", "/run/lock"],
    ["/var/run", "/run"],
  ],
};

/** The system an image is built on, from its /etc/os-release: "debian" and "bookworm". */
export function osOf(m: ImageModel): { id?: string; codename?: string } {
  const osRelease = m.files()["/etc/os-release"] ?? "";
  return {
    id: /^ID=(.+)$/m.exec(osRelease)?.[1],
    codename: /^VERSION_CODENAME=(.+)$/m.exec(osRelease)?.[1],
  };
}

/** The image's root directories and links, where kubesim knows them (Debian bookworm). */
export function rootLayout(m: ImageModel): RootLayout | undefined {
  const os = osOf(m);
  return os.id === "debian" && os.codename === "bookworm" ? BOOKWORM : undefined;
}
