// `agnhost` run by exec (`kubectl exec POD -- /agnhost dns-suffix`): the subcommands that print
// and exit read the container's own /etc/resolv.conf and /etc/hosts, as agnhost does. Its
// servers (netexec, serve-hostname, porter, ...) are modelled as a container's main process
// only (src/images/agnhost.ts).
//
// Sources (facts only, no code copied): kubernetes/kubernetes test/images/agnhost/dns/common.go
// and dns.go (dns-suffix prints the search line's words joined by ",", dns-server-list the
// first nameserver line's, etc-hosts the file with Println's newline; a missing line panics
// with "Could not find DNS search list!").
import type { CommandContext } from "../../shell/index.js";

function firstLineWords(text: string, prefix: string): string[] | undefined {
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line?.split(" ").slice(1);
}

function read(ctx: CommandContext, path: string): string | undefined {
  try {
    return ctx.fs.read(path);
  } catch {
    return undefined;
  }
}

export function agnhostCommand(ctx: CommandContext): number {
  const sub = ctx.argv[1];
  if (sub === "dns-suffix" || sub === "dns-server-list") {
    const words = firstLineWords(
      read(ctx, "/etc/resolv.conf") ?? "",
      sub === "dns-suffix" ? "search" : "nameserver",
    );
    if (!words) {
      ctx.io.stderr("panic: Could not find DNS search list!\n");
      return 2;
    }
    ctx.io.stdout(`${words.join(",")}\n`);
    return 0;
  }
  if (sub === "etc-hosts") {
    const hosts = read(ctx, "/etc/hosts");
    if (hosts === undefined) {
      ctx.io.stderr("panic: open /etc/hosts: no such file or directory\n");
      return 2;
    }
    ctx.io.stdout(`${hosts}\n`);
    return 0;
  }
  if (sub === undefined) {
    ctx.io.stderr("kubesim: agnhost's usage text is not modelled; try agnhost dns-suffix\n");
    return 1;
  }
  ctx.io.stderr(`kubesim: agnhost ${sub} is modelled as a container's main process, not under exec\n`);
  return 1;
}
