// What the clients need from the network, and what they hand back. The network (src/net)
// resolves names and decides the fate of each connection attempt; the clients turn that into
// the bytes curl and wget print, in simulated time.
import type { HttpRequest, HttpResponse, RespReply, TlsIdentity } from "../../images/types.js";

export type { HttpRequest, HttpResponse, RespReply, TlsIdentity };

export type ConnectResult =
  | {
      kind: "ok";
      serve(req: HttpRequest): HttpResponse;
      /** How long the handshake took; a fraction of a millisecond inside a cluster. */
      elapsedMs?: number;
      /** The client's source port, when the network chose one. */
      localPort?: number;
      /** The server speaks TLS with this identity. */
      tls?: TlsIdentity;
      /** The identity it presents for an SNI name, where that decides (ingress-nginx). */
      tlsFor?(serverName: string): TlsIdentity | undefined;
      /** A RESP server (redis) behind the connection: one command, one reply. */
      command?(argv: string[]): RespReply;
    }
  | { kind: "refused"; elapsedMs: number }
  | { kind: "timeout"; elapsedMs: number }
  | { kind: "no-route"; elapsedMs: number }
  | { kind: "reset" }
  /** Accepts and never answers (nc -l). */
  | { kind: "silent" }
  /** Accepts, reads the request, and closes without a byte of answer. */
  | { kind: "empty" };

export interface Net {
  /** The caller does DNS (search path, /etc/hosts); IP literals are not passed here. */
  resolve(host: string): { ok: true; ip: string; elapsedMs?: number } | { ok: false; elapsedMs?: number };
  connect(ip: string, port: number, opts: { timeoutMs?: number }): ConnectResult;
  localIP: string;
  nowMs: number;
}

export interface ClientResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Files the client wrote (curl -o, wget's index.html), relative paths as typed. */
  writes?: { path: string; content: string }[];
  /**
   * The client would wait forever (a silent server and no timeout): a real one blocks until
   * ^C. stdout/stderr hold what it printed before blocking; exitCode is 130, as after ^C.
   */
  blocked?: boolean;
  /** Simulated time the command took, so the caller can advance the clock. */
  elapsedMs: number;
}

/** Linux gives up on an unanswered SYN after 6 retries: 1+2+4+8+16+32+64 s, plus scheduling. */
export const KERNEL_CONNECT_TIMEOUT_MS = 129_842;

/** A deterministic ephemeral source port, for the lines that print one. */
export function ephemeralPort(seed: string): number {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return 32768 + (h % 28232);
}
