// kubectl port-forward's port arguments as kubectl v1.32 reads them: a Service's port becomes
// its targetPort (a named targetPort the pod's container port of that name), a pod's named
// port its number, then client-go's parsePorts checks what is left.
import type { Pod, Service } from "../../api/types.js";
import { namedContainerPort } from "../../net/forward.js";
import { CliError } from "../io.js";

export interface ForwardedPort {
  local: number;
  remote: number;
}

/** kubectl's splitPort: `L:R`, else the whole word as both (`a:b:c` too). */
function splitPort(port: string): [string, string] {
  const parts = port.split(":");
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

function lookupContainerPort(pod: Pod, name: string): number {
  const n = namedContainerPort(pod, name);
  if (n < 0) throw new CliError(`error: Pod '${pod.metadata.name}' does not have a named port '${name}'`);
  return n;
}

/** translateServicePortToTargetPort. */
export function servicePorts(ports: string[], svc: Service, pod: Pod): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let portnum = /^[-+]?\d+$/.test(remote) ? Number(remote) : Number.NaN;
    if (Number.isNaN(portnum)) {
      const sp = (svc.spec?.ports ?? []).find((p) => p.name === remote);
      if (!sp)
        throw new CliError(`error: Service '${svc.metadata.name}' does not have a named port '${remote}'`);
      portnum = sp.port;
      if (local === remote) local = String(portnum);
    }
    const sp = (svc.spec?.ports ?? []).find((p) => p.port === portnum);
    if (!sp)
      throw new CliError(`error: Service ${svc.metadata.name} does not have a service port ${portnum}`);
    let container: number;
    if (svc.spec?.clusterIP === "None") container = portnum;
    else if (typeof sp.targetPort === "string") container = lookupContainerPort(pod, sp.targetPort);
    else container = sp.targetPort || sp.port;
    remote = String(container);
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** convertPodNamedPortToNumber. */
export function podPorts(ports: string[], pod: Pod): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    // v1.32 has no check for an empty remote port: `8080:` looks for a port named ''.
    const number = /^[-+]?\d+$/.test(remote) ? remote : String(lookupContainerPort(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** strconv.ParseUint(s, 10, 16) as client-go calls it, with Go's error text. */
function parseUint16(s: string, which: "local" | "remote"): number {
  const err = (why: string) =>
    new CliError(
      `error: error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: ${why}`,
    );
  if (!/^\d+$/.test(s)) throw err("invalid syntax");
  const n = Number(s);
  if (n > 65535) throw err("value out of range");
  return n;
}

/** client-go's parsePorts. */
export function parsePorts(ports: string[]): ForwardedPort[] {
  return ports.map((p) => {
    const parts = p.split(":");
    if (parts.length > 2) throw new CliError(`error: invalid port format '${p}'`);
    const local = parts.length === 1 ? parts[0] : parts[0] || "0";
    const remote = parts.length === 1 ? parts[0] : parts[1];
    const l = parseUint16(local, "local");
    const r = parseUint16(remote, "remote");
    if (r === 0) throw new CliError("error: remote port must be > 0");
    return { local: l, remote: r };
  });
}

export interface ListenAddress {
  address: string;
  network: "tcp4" | "tcp6";
  /** localhost's two addresses fail only together; an explicit address fails alone. */
  failureMode: "all" | "any";
}

/** client-go's parseAddresses: localhost is 127.0.0.1 and ::1; sorted, without repeats. */
export function parseAddresses(addresses: string[], isIP: (s: string) => number): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const a of addresses) {
    if (a === "localhost") {
      if (!parsed.has("127.0.0.1"))
        parsed.set("127.0.0.1", { address: "127.0.0.1", network: "tcp4", failureMode: "all" });
      if (!parsed.has("::1")) parsed.set("::1", { address: "::1", network: "tcp6", failureMode: "all" });
    } else if (isIP(a) === 4) parsed.set(a, { address: a, network: "tcp4", failureMode: "any" });
    else if (isIP(a) === 6) parsed.set(a, { address: a, network: "tcp6", failureMode: "any" });
    else throw new CliError(`error: ${a} is not a valid IP`);
  }
  return [...parsed.values()].sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}
