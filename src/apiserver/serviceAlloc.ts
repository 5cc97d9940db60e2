// Service allocation at create and update: the ClusterIP (kept across updates, released
// by the ExternalName type) and one nodePort per port for NodePort and LoadBalancer
// Services (kept, added or released as the type changes), refused with the real errors.

import type { Service } from "../api/types.js";
import type { FieldError } from "./admission/index.js";
import { AllocationError, ClusterIPAllocator, NodePortAllocator, type Taken } from "./allocators.js";
import type { AdmissionContext } from "./context.js";
import { allocValue, SVC_ALLOC } from "./indexes.js";

/**
 * The addresses and ports other Services hold, asked of the API server's index of Services
 * by address and port (indexes.ts) plus what this admission claims itself: the apiserver's
 * allocators keep a bitmap; reading every Service per create made building a cluster of
 * 10,000 Services quadratic.
 */
function usedBy(c: Pick<AdmissionContext, "api" | "rng">, self: Service | undefined) {
  const selfKey = self ? `${self.metadata.namespace}/${self.metadata.name}` : undefined;
  const held = (value: string) => c.api.indexKeys(SVC_ALLOC, value).some((k) => k !== selfKey);
  const claimedIPs = new Set<string>();
  const claimedPorts = new Set<number>();
  const ips: Taken<string> = {
    has: (ip) => claimedIPs.has(ip) || held(allocValue("ip", ip)),
    add: (ip) => claimedIPs.add(ip),
  };
  const ports: Taken<number> = {
    has: (p) => claimedPorts.has(p) || held(allocValue("port", String(p))),
    add: (p) => claimedPorts.add(p),
  };
  return { ips, ports };
}

export function allocateServicePorts(
  c: Pick<AdmissionContext, "api" | "rng">,
  svc: Service,
  old: Service | undefined,
  _dryRun?: boolean,
): FieldError[] {
  const { ips, ports } = usedBy(c, old);
  const spec = svc.spec;
  const errs: FieldError[] = [];
  if (spec.type === "ExternalName") {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (spec.clusterIP === "None") {
    spec.clusterIPs = ["None"];
  } else {
    const wanted = spec.clusterIP || old?.spec.clusterIP;
    const alloc = new ClusterIPAllocator(c.api.serviceCIDR, ips);
    if (wanted && wanted !== "None") {
      const refused = old?.spec.clusterIP === wanted ? undefined : alloc.claim(wanted);
      if (refused) {
        errs.push({
          type: "Invalid",
          field: "spec.clusterIPs",
          value: [wanted],
          detail: `failed to allocate IP ${wanted}: ${refused}`,
        });
        return errs;
      }
      spec.clusterIP = wanted;
    } else {
      spec.clusterIP = alloc.allocate(c.rng);
    }
    spec.clusterIPs = [spec.clusterIP];
  }
  const needsNodePorts =
    spec.type === "NodePort" ||
    (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
  const alloc = new NodePortAllocator(ports);
  const byPort = new Map<string, number>();
  (spec.ports ?? []).forEach((p, i) => {
    if (!needsNodePorts) {
      if (!p.nodePort || spec.type === "ClusterIP" || spec.type === "ExternalName") delete p.nodePort;
      return;
    }
    const oldPort = old?.spec.ports?.find((o) => o.port === p.port && o.protocol === p.protocol)?.nodePort;
    try {
      if (p.nodePort) {
        if (p.nodePort === oldPort) return;
        const refused = alloc.claim(p.nodePort);
        if (refused)
          errs.push({
            type: "Invalid",
            field: `spec.ports[${i}].nodePort`,
            value: p.nodePort,
            detail: refused,
          });
      } else if (oldPort) {
        p.nodePort = oldPort;
      } else {
        // The same port number under two protocols shares one nodePort.
        const shared = byPort.get(String(p.port));
        p.nodePort = shared ?? alloc.allocate(c.rng);
      }
      byPort.set(String(p.port), p.nodePort);
    } catch (e) {
      if (!(e instanceof AllocationError)) throw e;
      errs.push({
        type: "Invalid",
        field: `spec.ports[${i}].nodePort`,
        value: p.nodePort,
        detail: "range is full",
      });
    }
  });
  if (!errs.length) errs.push(...allocateHealthCheckNodePort(c, spec, old, alloc));
  return errs;
}

/**
 * The healthCheckNodePort a LoadBalancer Service with externalTrafficPolicy Local needs (the
 * REST storage allocates it after the nodePorts, from the same range): kept across updates,
 * claimed when the user set one, released when the Service no longer needs it.
 */
function allocateHealthCheckNodePort(
  c: Pick<AdmissionContext, "rng">,
  spec: Service["spec"],
  old: Service | undefined,
  alloc: NodePortAllocator,
): FieldError[] {
  const needs = spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
  if (!needs) {
    delete spec.healthCheckNodePort;
    return [];
  }
  const kept = old?.spec.healthCheckNodePort;
  if (spec.healthCheckNodePort && spec.healthCheckNodePort !== kept) {
    const refused = alloc.claim(spec.healthCheckNodePort);
    if (!refused) return [];
    return [
      {
        type: "Invalid",
        field: "spec.healthCheckNodePort",
        value: spec.healthCheckNodePort,
        detail: refused,
      },
    ];
  }
  if (spec.healthCheckNodePort) return [];
  if (kept) {
    spec.healthCheckNodePort = kept;
    return [];
  }
  try {
    spec.healthCheckNodePort = alloc.allocate(c.rng);
    return [];
  } catch (e) {
    if (!(e instanceof AllocationError)) throw e;
    return [{ type: "Invalid", field: "spec.healthCheckNodePort", value: 0, detail: "range is full" }];
  }
}
