// kubectl describe pod (describePod in kubectl's pkg/describe).
import type { KObject } from "../../api/types.js";
import { addQuantity, compareQuantity, type Quantity, quantityOrZero } from "../../golang/quantity.js";
import {
  describeContainers,
  describeResources,
  describeTopologySpreadConstraints,
  describeVolumes,
  type EnvResolver,
} from "./containers.js";
import {
  type Any,
  controllerOf,
  describeEvents,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  since,
} from "./helpers.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from "./writer.js";

// kubectl resolves fieldRefs through its client scheme, which only knows metadata.name and
// metadata.namespace for pods; every other field path resolves to "".
function envResolver(pod: KObject): EnvResolver {
  return (fieldPath) => {
    if (fieldPath === "metadata.name") return pod.metadata.name ?? "";
    if (fieldPath === "metadata.namespace") return pod.metadata.namespace ?? "";
    return "";
  };
}

// qos.ComputePodQOS, used only when status.qosClass is not set.
function computeQOS(pod: Any): string {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const zero = quantityOrZero("0");
  const all: Any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of all) {
    for (const [name, raw] of Object.entries(c.resources?.requests ?? {})) {
      if (name !== "cpu" && name !== "memory") continue;
      const q = quantityOrZero(raw);
      if (compareQuantity(q, zero) === 1) requests.set(name, addQuantity(q, requests.get(name) ?? zero));
    }
    const found = new Set<string>();
    for (const [name, raw] of Object.entries(c.resources?.limits ?? {})) {
      if (name !== "cpu" && name !== "memory") continue;
      const q = quantityOrZero(raw);
      if (compareQuantity(q, zero) === 1) {
        found.add(name);
        limits.set(name, addQuantity(q, limits.get(name) ?? zero));
      }
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

function describePodIPs(pod: Any, w: PrefixWriter): void {
  const ips: Any[] = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, "IPs:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "IPs:\n");
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ""}\n`);
}

function describeConditions(pod: Any, w: PrefixWriter): void {
  const spec = pod.spec ?? {};
  const conditions: Any[] = pod.status?.conditions ?? [];
  const gates: Any[] = spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
    for (const g of gates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType ?? ""} \t${c ? (c.status ?? "") : "<none>"} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
    for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ""} \t${c.status ?? ""} \n`);
  }
}

export function describePod(pod: KObject, events: KObject[], now: number): string {
  const spec: Any = pod.spec ?? {};
  const status: Any = pod.status ?? {};
  const meta = pod.metadata;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${meta.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ""}\n`);
    if (spec.priority !== undefined && spec.priority !== null)
      w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, "Node:\t<none>\n");
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatTime(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", meta.labels);
    printAnnotationsMultiline(w, "Annotations", meta.annotations);
    if (meta.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
      if (seccomp.type === "Localhost")
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
    describePodIPs(pod, w);
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, "Resources:\n");
      describeResources(spec.resources, w, LEVEL_1);
    }
    const resolver = envResolver(pod);
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers(
        "Init Containers",
        spec.initContainers,
        status.initContainerStatuses,
        resolver,
        w,
        "",
      );
    }
    describeContainers("Containers", spec.containers ?? [], status.containerStatuses, resolver, w, "");
    if ((spec.ephemeralContainers ?? []).length > 0) {
      describeContainers(
        "Ephemeral Containers",
        spec.ephemeralContainers,
        status.ephemeralContainerStatuses,
        resolver,
        w,
        "",
      );
    }
    describeConditions(pod, w);
    describeVolumes(spec.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || computeQOS(pod)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec.nodeSelector);
    printTolerationsMultiline(w, "Tolerations", spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "");
    describeEvents(events, w, now);
  });
}
