// kubectl describe endpoints / endpointslice (describeEndpoints, describeEndpointSliceV1).
import type { KObject } from "../../api/types.js";
import { type Any, describeEvents, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from "./writer.js";

export function describeEndpoints(ep: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ep.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ep.metadata.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for (const subset of (ep.subsets ?? []) as Any[]) {
      const ready = ((subset.addresses ?? []) as Any[]).map((a) => a.ip ?? "").join(",");
      w.write(LEVEL_1, `Addresses:\t${ready || "<none>"}\n`);
      const notReady = ((subset.notReadyAddresses ?? []) as Any[]).map((a) => a.ip ?? "").join(",");
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || "<none>"}\n`);
      const ports: Any[] = subset.ports ?? [];
      if (ports.length > 0) {
        w.write(LEVEL_1, "Ports:\n");
        w.write(LEVEL_2, "Name\tPort\tProtocol\n");
        w.write(LEVEL_2, "----\t----\t--------\n");
        for (const p of ports)
          w.write(LEVEL_2, `${p.name || "<unset>"}\t${p.port ?? 0}\t${p.protocol ?? ""}\n`);
      }
      w.write(LEVEL_0, "\n");
    }
    describeEvents(events, w, now);
  });
}

export function describeEndpointSlice(eps: KObject, events: KObject[], now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", eps.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ""}\n`);
    const ports: Any[] = eps.ports ?? [];
    if (ports.length === 0) {
      w.write(LEVEL_0, "Ports: <unset>\n");
    } else {
      w.write(LEVEL_0, "Ports:\n");
      w.write(LEVEL_1, "Name\tPort\tProtocol\n");
      w.write(LEVEL_1, "----\t----\t--------\n");
      for (const p of ports) {
        const port = p.port === undefined || p.port === null ? "<unset>" : String(p.port);
        w.write(LEVEL_1, `${p.name || "<unset>"}\t${port}\t${p.protocol ?? ""}\n`);
      }
    }
    const endpoints: Any[] = eps.endpoints ?? [];
    if (endpoints.length === 0) {
      w.write(LEVEL_0, "Endpoints: <none>\n");
    } else {
      w.write(LEVEL_0, "Endpoints:\n");
      for (const e of endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(", ") || "<none>"}\n`);
        w.write(LEVEL_2, "Conditions:\n");
        const ready = e.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? "<unset>" : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${e.hostname ?? "<unset>"}\n`);
        if (e.targetRef)
          w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ""}/${e.targetRef.name ?? ""}\n`);
        w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? "<unset>"}\n`);
        w.write(LEVEL_2, `Zone:\t${e.zone ?? "<unset>"}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}
