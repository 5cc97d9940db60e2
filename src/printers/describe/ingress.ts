// kubectl describe ingress and ingressclass (describeIngressV1, describeBackendV1,
// describeIngressTLSV1 and describeIngressClassV1 of pkg/describe). A backend names its
// Service and port, then the endpoints of the slices of that port, or the lookup's error.

import type { KObject } from "../../api/types.js";
import { type Any, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { formatEndpointSlices } from "./service.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./writer.js";

function backendString(ns: string, b: Any, related: KObject[]): string {
  if (b?.service) {
    const port = b.service.port?.number ? String(b.service.port.number) : (b.service.port?.name ?? "");
    const sb = `${b.service.name}:${port}`;
    const svc = related.find(
      (o) => o.kind === "Service" && o.metadata.namespace === ns && o.metadata.name === b.service.name,
    );
    if (!svc) return `${sb} (<error: services "${b.service.name}" not found>)`;
    let spName = "";
    for (const sp of svc.spec?.ports ?? []) {
      if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? "";
      else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? "";
    }
    const slices = related.filter(
      (o) =>
        o.kind === "EndpointSlice" &&
        o.metadata.namespace === ns &&
        o.metadata.labels?.["kubernetes.io/service-name"] === b.service.name,
    );
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  if (b?.resource) {
    const r = b.resource;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return "";
}

/** ingressLoadBalancerStatusStringerV1, wide: the sorted set of IPs, else hostnames. */
function addressOf(ing: KObject): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

/** `related`: the Services and EndpointSlices of the Ingress's namespace. */
export function describeIngress(ing: KObject, related: KObject[], events: KObject[], now: number): string {
  const ns = ing.metadata.namespace ?? "";
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${addressOf(ing)}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${ing.spec?.ingressClassName ?? "<none>"}\n`);
    const def = ing.spec?.defaultBackend;
    const defText = def ? backendString(ns, def, related) : "<default>";
    w.write(LEVEL_0, `Default backend:\t${defText}\n`);
    const tls: Any[] = ing.spec?.tls ?? [];
    if (tls.length) {
      w.write(LEVEL_0, "TLS:\n");
      for (const t of tls) {
        const hosts = (t.hosts ?? []).join(",");
        if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let count = 0;
    for (const rule of ing.spec?.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || "*"}\t\n`);
      for (const p of rule.http.paths ?? [])
        w.write(LEVEL_2, `\t${p.path ?? ""} \t${backendString(ns, p.backend, related)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defText}\n`);
    printAnnotationsMultiline(w, "Annotations", ing.metadata.annotations);
    describeEvents(events, w, now);
  });
}

export function describeIngressClass(ic: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ic.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ""}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, "Parameters:\n");
      if (p.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind ?? ""}\n`);
      w.write(LEVEL_1, `Name:\t${p.name ?? ""}\n`);
    }
    describeEvents(events, w, now);
  });
}
