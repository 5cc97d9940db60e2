// The Service environment variables the kubelet gives a container when it starts: every
// Service of the pod's namespace that existed then, plus `kubernetes` from default, minus
// headless and ExternalName ones (envvars.go).
//
// A namespace with 10,000 Services gives some 70,000 of them, so a container's shell reads
// them by name (ServiceLinks.get reads only the Services a name can come from) and lists
// them all only for a command that prints the whole environment (ServiceLinks.all).
import type { Pod, Service } from "../api/types.js";
import type { Environ } from "../shell/index.js";

function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, "_");
}

/** Whether the pod gets this Service's variables, if it existed when the container started. */
function linked(pod: Pod, s: Service): boolean {
  return (
    ((s.metadata.namespace === pod.metadata.namespace && pod.spec.enableServiceLinks !== false) ||
      (s.metadata.namespace === "default" && s.metadata.name === "kubernetes")) &&
    !!s.spec.clusterIP &&
    s.spec.clusterIP !== "None"
  );
}

/** One Service's variables, in the order the kubelet writes them. */
function varsOf(s: Service): [string, string][] {
  const name = envName(s.metadata.name ?? "");
  const ip = s.spec.clusterIP ?? ""; // linked() kept Services with one
  const ports = s.spec.ports ?? [];
  if (!ports.length) return [];
  const out: [string, string][] = [
    [`${name}_SERVICE_HOST`, ip],
    [`${name}_SERVICE_PORT`, String(ports[0].port)],
  ];
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  const proto0 = String(ports[0].protocol ?? "TCP").toLowerCase();
  out.push([`${name}_PORT`, `${proto0}://${ip}:${ports[0].port}`]);
  for (const p of ports) {
    const proto = String(p.protocol ?? "TCP");
    const base = `${name}_PORT_${p.port}_${proto}`;
    out.push(
      [base, `${proto.toLowerCase()}://${ip}:${p.port}`],
      [`${base}_PROTO`, proto.toLowerCase()],
      [`${base}_PORT`, String(p.port)],
      [`${base}_ADDR`, ip],
    );
  }
  return out;
}

/**
 * All the variables, from Services in list order (namespace, then name): a name two
 * Services give keeps the first one's place and takes the last one's value.
 */
export function serviceEnv(
  pod: Pod,
  services: Service[],
  existedAtStart: (svc: Service) => boolean,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of services)
    if (linked(pod, s) && existedAtStart(s)) for (const [k, v] of varsOf(s)) env[k] = v;
  return env;
}

/** What ServiceLinks reads: one Service, or all of them in list order. */
export interface ServiceReader {
  get(namespace: string, name: string): Service | undefined;
  list(): Service[];
}

/** The part of a variable's name after a Service's, in every name varsOf gives. */
const SUFFIX = /^(SERVICE_HOST$|SERVICE_PORT(_|$)|PORT(_|$))/;
/** A Service name (an RFC 1035 label) as envName writes it. */
const PREFIX = /^[A-Z]([A-Z0-9_]{0,61}[A-Z0-9])?$/;

/**
 * The Service variables as an Environ: `get` reads the few Services a name can come from
 * (the name minus a suffix, turned back into a Service name; `A_PORT_80_TCP_PORT` may come
 * from `a` or from `a-port-80-tcp`), `entries` reads them all.
 */
export class ServiceLinks implements Environ {
  private readonly known = new Map<string, string | undefined>();
  private whole?: Record<string, string>;

  constructor(
    private readonly pod: Pod,
    private readonly read: ServiceReader,
    private readonly existedAtStart: (svc: Service) => boolean,
  ) {}

  get(name: string): string | undefined {
    if (this.whole) return Object.hasOwn(this.whole, name) ? this.whole[name] : undefined;
    if (this.known.has(name)) return this.known.get(name);
    let value: string | undefined;
    // In list order, so that the last Service giving the name wins, as in serviceEnv.
    for (const s of this.sources(name)) for (const [k, v] of varsOf(s)) if (k === name) value = v;
    this.known.set(name, value);
    return value;
  }

  all(): Record<string, string> {
    this.whole ??= serviceEnv(this.pod, this.read.list(), this.existedAtStart);
    return this.whole;
  }

  entries(): Iterable<[string, string]> {
    return Object.entries(this.all());
  }

  /** The Services that may give `name`, in list order. */
  private sources(name: string): Service[] {
    const ns = this.pod.metadata.namespace ?? "default";
    const keys = new Set<string>();
    for (let i = name.indexOf("_"); i > 0; i = name.indexOf("_", i + 1)) {
      const prefix = name.slice(0, i);
      if (!SUFFIX.test(name.slice(i + 1)) || !PREFIX.test(prefix)) continue;
      const svc = prefix.toLowerCase().replace(/_/g, "-");
      keys.add(`${ns}/${svc}`);
      if (svc === "kubernetes") keys.add("default/kubernetes");
    }
    const found: Service[] = [];
    for (const key of [...keys].sort()) {
      const slash = key.indexOf("/");
      const s = this.read.get(key.slice(0, slash), key.slice(slash + 1));
      if (s && linked(this.pod, s) && this.existedAtStart(s)) found.push(s);
    }
    return found;
  }
}
