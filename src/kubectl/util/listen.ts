// The real listening sockets of kubectl port-forward and kubectl proxy: the only sockets
// kubesim opens, on the addresses the user chose (loopback unless --address says otherwise).
// Errors read as Go's net.Listen writes them.
import * as net from "node:net";

/** Go's JoinHostPort: brackets around an IPv6 address. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The errno text Go's syscall package prints for a failed socket or bind. */
function errnoText(code: string | undefined): string {
  switch (code) {
    case "EADDRINUSE":
      return "bind: address already in use";
    case "EACCES":
      return "bind: permission denied";
    case "EADDRNOTAVAIL":
      return "bind: cannot assign requested address";
    case "EAFNOSUPPORT":
      return "socket: address family not supported by protocol";
    default:
      return `bind: ${code ?? "unknown error"}`;
  }
}

export type Listened = { ok: true; server: net.Server; port: number } | { ok: false; error: string };

/**
 * Listens on host:port (0: a port the kernel picks). `network` is Go's name for the
 * listen call's network ("tcp4", "tcp6" or "tcp"), used in the error text.
 */
export function listen(
  host: string,
  port: number,
  network: string,
  onConnection: (socket: net.Socket) => void,
): Promise<Listened> {
  return new Promise((resolve) => {
    const server = net.createServer({ pauseOnConnect: false }, onConnection);
    server.once("error", (e: NodeJS.ErrnoException) => {
      resolve({ ok: false, error: `listen ${network} ${joinHostPort(host, port)}: ${errnoText(e.code)}` });
    });
    server.listen({ host, port, ipv6Only: host.includes(":"), exclusive: true }, () => {
      const addr = server.address();
      resolve({ ok: true, server, port: typeof addr === "object" && addr ? addr.port : port });
    });
  });
}

/** Closes servers and their open connections. */
export function closeAll(servers: net.Server[], sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined);
}
