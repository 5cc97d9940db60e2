// kubectl describe networkpolicy (describeNetworkPolicy, describeNetworkPolicySpec and the
// ingress/egress rule printers of pkg/describe). No events are read for a NetworkPolicy.

import type { KObject } from "../../api/types.js";
import { formatLabelSelector } from "../../apiserver/labels.js";
import { type Any, parseTime, printAnnotationsMultiline, printLabelsMultiline } from "./helpers.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter, tabbedString } from "./writer.js";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** metav1.Time's String() (Go's time.Time.String) in UTC, as kubectl prints "Created on". */
function goTimeString(ts: unknown): string {
  const us = parseTime(ts);
  if (us === null) return "0001-01-01 00:00:00 +0000 UTC";
  const d = new Date(Math.floor(us / 1000));
  const frac = us % 1_000_000 ? `.${String(us % 1_000_000).padStart(6, "0")}`.replace(/0+$/, "") : "";
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${frac}`;
  return `${date} ${time} +0000 UTC`;
}

/** A selector present but empty prints `<none>` (metav1.FormatLabelSelector). */
const sel = (s: Any) => formatLabelSelector(s ?? {});

function printPorts(ports: Any[], indent: string, w: PrefixWriter): void {
  if (ports.length === 0) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol ?? "TCP";
    // %s of a nil *IntOrString is "<nil>".
    const port = p.port === undefined || p.port === null ? "<nil>" : String(p.port);
    if (p.endPort === undefined || p.endPort === null)
      w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
  }
}

function printPeers(peers: Any[], title: string, anyText: string, indent: string, w: PrefixWriter): void {
  if (peers.length === 0) {
    w.write(LEVEL_0, `${indent}${title}: <any> (${anyText})\n`);
    return;
  }
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${sel(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${sel(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${indent}PodSelector: ${sel(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${sel(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ""}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(", ")}\n`);
    }
  }
}

function printRules(rules: Any[], direction: "ingress" | "egress", w: PrefixWriter): void {
  const indent = "    ";
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(rule.ports ?? [], indent, w);
    if (direction === "ingress")
      printPeers(rule.from ?? [], "From", "traffic not restricted by source", indent, w);
    else printPeers(rule.to ?? [], "To", "traffic not restricted by destination", indent, w);
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(np: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", np.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", np.metadata.annotations);
    const spec: Any = np.spec ?? {};
    w.write(LEVEL_0, "Spec:\n");
    w.write(LEVEL_1, "PodSelector: ");
    const podSel = spec.podSelector ?? {};
    const empty =
      Object.keys(podSel.matchLabels ?? {}).length === 0 && (podSel.matchExpressions ?? []).length === 0;
    w.write(
      LEVEL_2,
      empty ? "<none> (Allowing the specific traffic to all pods in this namespace)\n" : `${sel(podSel)}\n`,
    );
    const types: string[] = spec.policyTypes ?? [];
    if (types.includes("Ingress")) {
      w.write(LEVEL_1, "Allowing ingress traffic:\n");
      printRules(spec.ingress ?? [], "ingress", w);
    } else {
      w.write(LEVEL_1, "Not affecting ingress traffic\n");
    }
    if (types.includes("Egress")) {
      w.write(LEVEL_1, "Allowing egress traffic:\n");
      printRules(spec.egress ?? [], "egress", w);
    } else {
      w.write(LEVEL_1, "Not affecting egress traffic\n");
    }
    w.write(LEVEL_1, `Policy Types: ${types.join(", ")}\n`);
  });
}
