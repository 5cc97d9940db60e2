// apt, apt-get and apk inside a container: an install adds the package's commands to that
// container only (until the pod is replaced), with the package manager's own words. The
// package lists are empty in a fresh image, so `apt install curl` before `apt update`
// fails as it does on a real ubuntu container. Each command is its own verb: what it changes
// (the package lists, the installed commands) is committed as an effect when it succeeds.
import type { KObject } from "../../api/types.js";
import { commitEffects } from "../../cluster/effects.js";
import { osOf } from "../../images/layout.js";
import type { ImageModel } from "../../images/types.js";
import { containerKey, runtimeOf } from "../../kubelet/runtime.js";
import type { CommandContext, CommandImpl } from "../../shell/index.js";
import type { ClusterRef } from "./index.js";

/** Extra packages apt pulls in with each tool, as a minimized ubuntu/debian image needs them. */
const DEPENDS: Record<string, string[]> = {
  curl: [
    "ca-certificates",
    "krb5-locales",
    "libbrotli1",
    "libcurl4t64",
    "libgssapi-krb5-2",
    "libk5crypto3",
    "libkeyutils1",
    "libkrb5-3",
    "libkrb5support0",
    "libldap2",
    "libnghttp2-14",
    "libpsl5t64",
    "librtmp1",
    "libsasl2-2",
    "libsasl2-modules",
    "libsasl2-modules-db",
    "libssh-4",
    "openssl",
    "publicsuffix",
  ],
  "iputils-ping": ["libcap2-bin", "libpam-cap"],
  dnsutils: [
    "bind9-dnsutils",
    "bind9-host",
    "bind9-libs",
    "libedit2",
    "libjemalloc2",
    "liblmdb0",
    "libmaxminddb0",
    "libuv1t64",
  ],
  iproute2: ["libbpf1", "libcap2-bin", "libelf1t64", "libmnl0", "libxtables12"],
};

/** The archive an image's apt reads, by its /etc/os-release (nginx and httpd are Debian's). */
function distribution(model: ImageModel): { host: string; suite: string } {
  const os = osOf(model);
  return os.id === "debian"
    ? { host: "deb.debian.org/debian", suite: os.codename ?? "bookworm" }
    : { host: "archive.ubuntu.com/ubuntu", suite: os.codename ?? "noble" };
}

export function aptCommand(
  ref: ClusterRef,
  pod: () => KObject,
  container: string,
  model: ImageModel,
  name: "apt" | "apt-get",
  onInstall: (commands: string[]) => void,
): CommandImpl {
  return async (ctx: CommandContext) => {
    const args = ctx.argv.slice(1);
    const verb = args.find((a) => !a.startsWith("-"));
    const yes = args.some((a) => a === "-y" || a === "--yes" || a === "--assume-yes" || a === "-qy");
    const warn = () => {
      if (name === "apt" && !ctx.isTTY)
        ctx.io.stderr(
          "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n",
        );
    };
    const st = runtimeOf(ref.c, pod(), container);
    const key = containerKey(pod(), container);
    const dist = distribution(model);
    if (verb === "update") {
      warn();
      ctx.io.stdout(
        `Get:1 http://${dist.host} ${dist.suite} InRelease [256 kB]\n` +
          `Get:2 http://${dist.host} ${dist.suite}-updates InRelease [126 kB]\n` +
          `Get:3 http://${dist.host} ${dist.suite}/main amd64 Packages [1808 kB]\n` +
          "Fetched 2190 kB in 1s (1853 kB/s)\nReading package lists... Done\n" +
          (name === "apt"
            ? "Building dependency tree... Done\nReading state information... Done\nAll packages are up to date.\n"
            : ""),
      );
      commitEffects(ref.c, [{ kind: "packages", container: key, listsUpdated: true }]);
      return 0;
    }
    if (verb === "install") {
      warn();
      const pkgs = args.filter((a) => !a.startsWith("-") && a !== "install");
      ctx.io.stdout(
        "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n",
      );
      const table = model.packages?.installable ?? {};
      const unknown = pkgs.find((p) => !st.aptUpdated || !table[p]);
      if (unknown) {
        ctx.io.stderr(`E: Unable to locate package ${unknown}\n`);
        return 100;
      }
      const have = new Set(st.installed ?? []);
      const fresh = pkgs.filter((p) => !table[p].every((cmd) => have.has(cmd)));
      if (!fresh.length) {
        for (const p of pkgs) ctx.io.stdout(`${p} is already the newest version.\n`);
        ctx.io.stdout("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        return 0;
      }
      const extra = [...new Set(fresh.flatMap((p) => DEPENDS[p] ?? []))].sort();
      const all = [...new Set([...extra, ...fresh])].sort();
      if (extra.length)
        ctx.io.stdout(`The following additional packages will be installed:\n  ${extra.join(" ")}\n`);
      ctx.io.stdout(`The following NEW packages will be installed:\n  ${all.join(" ")}\n`);
      ctx.io.stdout(`0 upgraded, ${all.length} newly installed, 0 to remove and 0 not upgraded.\n`);
      ctx.io.stdout(`Need to get ${(all.length * 131).toLocaleString("en-US")} kB of archives.\n`);
      ctx.io.stdout(
        `After this operation, ${(all.length * 402).toLocaleString("en-US")} kB of additional disk space will be used.\n`,
      );
      if (!yes) {
        // At a terminal apt waits for the answer; from a pipe or file it reads the first line.
        // Enter alone takes the default answer, which is Yes.
        const question = "Do you want to continue? [Y/n] ";
        let answer: string;
        if (ctx.ask) answer = (await ctx.ask(question))?.trim().toLowerCase() ?? "n";
        else {
          answer = (ctx.stdin ?? "").split("\n")[0]?.trim().toLowerCase() ?? "";
          ctx.io.stdout(`${question}${answer}\n`);
        }
        if (answer && !answer.startsWith("y")) {
          ctx.io.stdout("Abort.\n");
          return 1;
        }
      }
      for (const [i, p] of all.entries()) {
        ctx.io.stdout(`Get:${i + 1} http://${dist.host} ${dist.suite}/main amd64 ${p} amd64 [131 kB]\n`);
      }
      ctx.io.stdout(`Fetched ${(all.length * 131).toLocaleString("en-US")} kB in 1s (1520 kB/s)\n`);
      for (const p of all)
        ctx.io.stdout(`Selecting previously unselected package ${p}.\nUnpacking ${p} ...\n`);
      for (const p of all) ctx.io.stdout(`Setting up ${p} ...\n`);
      ctx.io.stdout("Processing triggers for libc-bin ...\n");
      const installed = [...have, ...fresh.flatMap((p) => table[p])]
        .filter((v, i, a) => a.indexOf(v) === i)
        .sort();
      commitEffects(ref.c, [{ kind: "packages", container: key, installed }]);
      onInstall(installed);
      return 0;
    }
    if (!verb) {
      ctx.io.stdout(`${name} 2.7.14 (amd64)\nUsage: ${name} [options] command\n`);
      return 1;
    }
    ctx.io.stderr(`E: Invalid operation ${verb}\n`);
    return 100;
  };
}

export function apkCommand(
  ref: ClusterRef,
  pod: () => KObject,
  container: string,
  model: ImageModel,
  onInstall: (commands: string[]) => void,
): CommandImpl {
  return (ctx: CommandContext) => {
    const args = ctx.argv.slice(1);
    // apk's global options may come before the verb (`apk -q add curl`).
    const at = args.findIndex((a) => !a.startsWith("-"));
    const verb = at < 0 ? undefined : args[at];
    const st = runtimeOf(ref.c, pod(), container);
    const table = model.packages?.installable ?? {};
    if (verb === "update") {
      ctx.io.stdout(
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\nv3.21.3-0-g1b2d3e4f5a [https://dl-cdn.alpinelinux.org/alpine/v3.21/main]\nOK: 25393 distinct packages available\n",
      );
      return 0;
    }
    if (verb === "add") {
      const pkgs = args.slice(at + 1).filter((a) => !a.startsWith("-"));
      const unknown = pkgs.find((p) => !table[p]);
      // -q/--quiet (apk's global option, before or after the verb) leaves only errors.
      const quiet = args.some((a) => a === "-q" || a === "--quiet");
      const out = (text: string) => {
        if (!quiet) ctx.io.stdout(text);
      };
      out(
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n",
      );
      if (unknown) {
        ctx.io.stderr(
          `ERROR: unable to select packages:\n  ${unknown} (no such package):\n    required by: world[${unknown}]\n`,
        );
        return 1;
      }
      for (const [i, p] of pkgs.entries()) out(`(${i + 1}/${pkgs.length}) Installing ${p}\n`);
      out(`OK: 12 MiB in ${15 + pkgs.length} packages\n`);
      const installed = [...new Set([...(st.installed ?? []), ...pkgs.flatMap((p) => table[p])])].sort();
      commitEffects(ref.c, [{ kind: "packages", container: containerKey(pod(), container), installed }]);
      onInstall(installed);
      return 0;
    }
    ctx.io.stderr(
      `apk-tools 2.14.6, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n`,
    );
    return 1;
  };
}
