// The shapes every image module shares. A container is a model, not a process: its image says
// what runs for a given command/args, what that process listens on and how it answers, which
// tools its shell finds and which files it starts with. src/net asks these models; it never
// guesses for them.

import type { KObject } from "../api/types.js";

export interface HttpRequest {
  method: string;
  /** Request target as sent: "/", "/echo?msg=hi". */
  path: string;
  headers: [string, string][];
  body: string;
  clientIP: string;
  /** Source port of the connection; servers that print RemoteAddr (agnhost) need it. */
  clientPort?: number;
  /** The Host header. */
  host: string;
  /** The request came over TLS (the client finished a handshake with the listener's identity). */
  tls?: boolean;
  /** Request line version; curl and wget send HTTP/1.1, curl HTTP/2 when TLS's ALPN agrees on h2. */
  version?: "HTTP/1.0" | "HTTP/1.1" | "HTTP/2";
}

/** How an ingress controller routed a request: the rule it matched and where it sent it. */
export interface IngressRoute {
  ingress: { namespace: string; name: string };
  host: string;
  path: string;
  pathType: string;
  service: string;
  port: string;
  /** The endpoint the request went to; absent when the Service had none ready. */
  endpoint?: string;
  /** The path sent upstream (after rewrite-target). */
  uri: string;
}

/** How a Gateway's Envoy routed a request: the HTTPRoute rule and match, and where it went. */
export interface GatewayRoute {
  gateway: { namespace: string; name: string };
  /** Absent when no route matched. */
  route?: { namespace: string; name: string; rule: number };
  match?: { pathType: string; path: string; headers: string[]; query: string[] };
  /** forward: to the Service's ClusterIP; direct: Envoy's own status (a missing backend); redirect. */
  action?: "forward" | "direct" | "redirect";
  service?: { namespace: string; name: string; port: number };
  /** The ClusterIP:port Envoy connected to. */
  to?: string;
}

export interface HttpResponse {
  /** Set by an ingress controller: the route it took, for traces. */
  route?: IngressRoute;
  /** Set by a Gateway's Envoy: the HTTPRoute rule it took (none: its 404), for traces. */
  gatewayRoute?: GatewayRoute;
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
  /**
   * Status-line version; Python's http.server answers HTTP/1.0. Default HTTP/1.1. "HTTP/0.9":
   * no status line or headers at all, only `body` (redis answering an HTTP request).
   */
  version?: "HTTP/0.9" | "HTTP/1.0" | "HTTP/1.1" | "HTTP/2";
}

/**
 * What a TLS server presents in its handshake, as facts a client checks: the certificate's
 * names, the issuer, and the CA bundle (PEM) whose certificate signed it; a client trusts the
 * chain when the CA it was given holds that PEM.
 */
export interface TlsIdentity {
  subject: string;
  issuer: string;
  dnsNames: string[];
  ipAddresses: string[];
  caPem: string;
  notBefore: string;
  notAfter: string;
  /** ALPN protocols the server accepts ("h2", "http/1.1"). */
  alpn: string[];
  /** The server asks for a client certificate (kube-apiserver has a client CA). */
  requestsClientCert?: boolean;
  /** The certificate signs itself: OpenSSL says so when it cannot trust it. */
  selfSigned?: boolean;
}

export interface DirEntry {
  name: string;
  type: "file" | "dir" | "link-dir" | "link-file";
}

/** What a server can see of its container while answering. */
export interface ServeContext {
  podName: string;
  hostname: string;
  /**
   * The clock, for Date headers and log lines. A server whose answer changes with time goes
   * by its age (startedAtMs): the kubelet takes a probe's result that did not read it to hold
   * until something changes the container (probes.ts).
   */
  nowMs: number;
  /** The container's current file, so `echo hi > index.html` changes the page. */
  readFile(path: string): string | undefined;
  /** Entries of a directory; directory listings (python, httpd autoindex) need it. */
  listDir?(path: string): DirEntry[] | undefined;
  /** When a file last changed; Last-Modified and ETag are derived from it. */
  mtimeMs?(path: string): number | undefined;
  podIP?: string;
  namespace?: string;
  nodeName?: string;
  /** When the container started: Go's time.Now().String() prints the time since (m=+...). */
  startedAtMs?: number;
  /** What the container's current run has logged so far (request counters are kept in it). */
  logSoFar?(): { at: number; line: string }[];
  /**
   * A request the server makes itself (nginx's proxy_pass): resolved and connected from the
   * container, through the modelled network, as any client there would.
   */
  upstream?(host: string, port: number, req: HttpRequest): UpstreamResult;
  /**
   * The API objects of a kind (all namespaces, or one), for a server that watches the API as
   * a controller does (ingress-nginx reads Ingresses, Services, EndpointSlices, Secrets).
   */
  objects?(kind: string, namespace?: string): KObject[];
}

/** What a server's own request to an upstream came to. */
export type UpstreamResult =
  | { kind: "ok"; ip: string; response: HttpResponse }
  | { kind: "unresolved" }
  /** timeout: the SYN went unanswered; silent: accepted, and no answer ever came (nc -l). */
  | { kind: "refused" | "timeout" | "no-route" | "silent"; ip: string };

/** A RESP reply (redis): what redis-cli prints depends on its type. */
export type RespReply =
  | { kind: "status"; text: string }
  | { kind: "error"; text: string }
  | { kind: "bulk"; text: string }
  | { kind: "nil" }
  | { kind: "integer"; value: number };

export interface Listener {
  port: number;
  protocol: "TCP" | "UDP";
  /** "tcp-silent": accepts and says nothing (nc -l). */
  kind: "http" | "tcp-silent";
  /** The server speaks HTTPS: a client handshakes first (and a plain request gets a 400). */
  tls?: TlsIdentity;
  /** The certificate depends on the SNI name the client sends (ingress-nginx's per-host TLS). */
  tlsFor?(serverName: string | undefined, ctx: ServeContext): TlsIdentity;
  handle?(req: HttpRequest, ctx: ServeContext): HttpResponse;
  /** Lines the server writes to the container log for one request (access and error log). */
  accessLog?(req: HttpRequest, res: HttpResponse, nowMs: number, ctx?: ServeContext): string[];
  /** nc without -k: the process ends after its first connection. */
  oneShot?: boolean;
  /** For tcp-silent listeners: what the process prints of the bytes it received (nc echoes them). */
  onReceive?(req: HttpRequest): string[];
  /** A RESP server (redis): its reply to one command sent by a RESP client (redis-cli). */
  command?(argv: string[], ctx: ServeContext): RespReply;
  /**
   * Only the kubelet's probes reach it, not the network: the component binds 127.0.0.1 (the
   * scheduler's 10259), or the network reaches it through a model of its own (the API
   * server's 6443).
   */
  probeOnly?: boolean;
}

export interface StartContext {
  podIP: string;
  hostname: string;
  nowMs: number;
  env: Record<string, string>;
  /** A file as the container sees it (its image, mounts and writes), for a process whose banner reads its config. */
  readFile?(path: string): string | undefined;
}

export interface ContainerProcess {
  listeners: Listener[];
  /** A `while true; do echo X; sleep N; done` loop: X is logged every N seconds. */
  logLines?: { everySeconds: number; text: string };
  /** The process ends on its own right after starting (a shell without stdin, `echo hi`). */
  exitsImmediately?: boolean;
  /** `sleep 30`: the process ends after this many seconds. */
  exitsAfterSeconds?: number;
  exitCode?: number;
  /** e.g. "httpd -DFOREGROUND". */
  description: string;
  /** kubesim does not know this command or image and answered with a stand-in. */
  guessed?: boolean;
  /** Lines the process prints when it starts (httpd's AH00558 notices, nginx's entrypoint). */
  startupLog?(ctx: StartContext): string[];
  /** Lines printed when it gets SIGTERM. */
  stopLog?(ctx: StartContext): string[];
  /** Files the command writes before its main process starts (`echo hi > index.html && ...`). */
  writes?: { path: string; content: string; append?: boolean }[];
  /** PID 1 is a shell or sleep that ignores SIGTERM, so deletion waits out the grace period. */
  ignoresSigterm?: boolean;
  /**
   * Client commands the process runs (curl/wget in `curl http://web` or in a `while` loop with
   * everySeconds): src/net runs them with src/net/clients and appends their output to the log.
   */
  clientRuns?: { tool: "curl" | "wget"; argv: string[]; everySeconds?: number }[];
  /** The runtime could not exec the command: the OCI error the kubelet reports (StartError). */
  startError?: string;
  /**
   * The process is a script the container's shell runs for real (src/runtime): its output,
   * exit code and timing come from running it, not from this model.
   */
  script?: MainScript;
  /** For a script: the program a command it runs starts, when it never returns (a server). */
  blocks?(words: string[], cwd: string): ContainerProcess | undefined;
}

/** `sh -c TEXT ARGV0 ARGS...`, or a client command quoted into one. */
export interface MainScript {
  shell: "sh" | "bash";
  text: string;
  /** $0 */
  argv0: string;
  /** $1... */
  args: string[];
}

export interface ContainerSpec {
  /** Pod name: the container's $HOSTNAME. */
  podName?: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  ports: { containerPort: number; protocol?: string }[];
  /** `stdin: true` (kubectl run -i): a shell waits on its stdin instead of exiting. */
  stdin?: boolean;
}

/** The curl releases the modelled images and hosts ship; their output differs in details. */
export type CurlVersion = "8.5.0" | "7.81.0" | "7.88.1" | "8.11.1";

export interface ImageModel {
  /** "httpd", "registry.k8s.io/e2e-test-images/agnhost". */
  repo: string;
  /** What /bin/bash and /bin/sh resolve to; null for images without a shell. */
  shell: "bash" | "sh" | null;
  /** Commands found in PATH when the container starts. */
  tools: string[];
  packages?: { manager: "apt" | "apk"; installable: Record<string, string[]> };
  files(): Record<string, string>;
  process(container: ContainerSpec): ContainerProcess;
  /** Access-log line of the image's default server (httpd common, nginx combined). */
  accessLog?(req: HttpRequest, res: HttpResponse, nowMs: number): string;
  /** curl found in the image, or installed by its package manager. */
  curlVersion?: CurlVersion;
  /** Which wget `wget` runs. */
  wget?: "busybox" | "gnu";
  /** C library: busybox tools print musl's strerror texts on alpine. */
  libc?: "glibc" | "musl";
  /**
   * The busybox release whose applets (nslookup, wget) the image ships, "1.28.4"; absent for
   * images without busybox, and taken as 1.36/1.37 by the tools where unset.
   */
  busyboxVersion?: string;
  /** The image's WORKDIR (python's http.server serves it). */
  workingDir?: string;
  /** The image's ENV (docker inspect's Config.Env), PATH included when it is not the default. */
  env?: Record<string, string>;
  /** Where commands live when not in the default bin directory: { agnhost: "/agnhost" }. */
  locations?: Record<string, string>;
  /** The model of one tag of the image, where tags differ (hello-app:2.0, nginx-slim:0.8). */
  withTag?(tag: string): ImageModel;
}

/**
 * Whose userland an image's tools are: GNU coreutils where bash is the shell (Debian, Ubuntu;
 * their /bin/sh is dash, with the same ls and sleep), busybox's applets otherwise.
 */
export function userlandOf(m: ImageModel): "gnu" | "busybox" {
  return m.shell === "bash" ? "gnu" : "busybox";
}
