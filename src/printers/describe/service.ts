// kubectl describe service (describeService), which reads endpoints from the service's
// EndpointSlices rather than its Endpoints object.
import type { KObject } from "../../api/types.js";
import {
  type Any,
  describeEvents,
  formatLabels,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./helpers.js";
import { LEVEL_0, tabbedString } from "./writer.js";

function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

// formatEndpointSlices. Quirk kept on purpose: "more" is set when a fourth endpoint is *seen*,
// before its readiness is checked, so kubectl can print "+ 0 more...".
export function formatEndpointSlices(slices: Any[], portName: string): string {
  if (slices.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  const visit = (ep: Any, port: string | null) => {
    if (list.length === max) more = true;
    const ready = ep.conditions?.ready === undefined || ep.conditions?.ready === null || ep.conditions.ready;
    if (!ready) return;
    const addr = String(ep.addresses?.[0] ?? "");
    if (!more) list.push(port === null ? addr : joinHostPort(addr, port));
    count++;
  };
  for (const slice of slices) {
    const ports: Any[] = slice.ports ?? [];
    if (ports.length === 0) {
      for (const ep of slice.endpoints ?? []) visit(ep, null);
      continue;
    }
    for (const port of ports) {
      if ((port.name ?? "") !== portName) continue;
      for (const ep of slice.endpoints ?? []) visit(ep, String(port.port ?? 0));
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

function ingressString(ingress: Any[]): string {
  return ingress
    .map((i) => {
      if (i.ip) return i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip;
      return i.hostname ?? "";
    })
    .join(", ");
}

export function describeService(svc: KObject, slices: KObject[], events: KObject[], now: number): string {
  const spec: Any = svc.spec ?? {};
  const status: Any = svc.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", svc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) {
      w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    }
    const families: string[] = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    const ips: string[] = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(",") : "<none>"}\n`);
    if ((spec.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress: Any[] = status.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(ingress)}\n`);
    for (const sp of (spec.ports ?? []) as Any[]) {
      const name = sp.name || "<unset>";
      const proto = sp.protocol ?? "";
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port ?? 0}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${proto}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? "")}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy !== undefined && spec.internalTrafficPolicy !== null) {
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    }
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) {
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    }
    describeEvents(events, w, now);
  });
}
