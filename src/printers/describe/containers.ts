// Containers, volumes and pod templates: the parts shared by the Pod, ReplicaSet and Deployment
// describers (kubectl's describeContainers, describeVolumes and DescribePodTemplate).

import { containerResourceValue } from "../../api/resource.js";
import { compareQuantity, quantityOrZero, quantityString, ZERO } from "../../golang/quantity.js";
import { goSort } from "../../golang/sort.js";
import {
  type Any,
  byteCompare,
  formatTime,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  stringOrNone,
} from "./helpers.js";
import { formatLabelSelector } from "./selector.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./writer.js";

/** Resolves an env var's fieldRef for a real pod; absent for pod templates. */
export type EnvResolver = ((fieldPath: string, apiVersion: string) => string) | undefined;

export function describeContainers(
  label: string,
  containers: Any[],
  statuses: Any[] | undefined,
  resolver: EnvResolver,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map<string, Any>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    describeBasicInfo(c, status, space, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if ((c.envFrom ?? []).length > 0) describeEnvFrom(c, w);
    describeEnvVars(c, resolver, w);
    describeMounts(c, w);
  }
}

function describeBasicInfo(c: Any, status: Any, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? " " : ""}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ""}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ""}\n`);
  const ports: Any[] = c.ports ?? [];
  const portString = ports.map((p) => `${p.containerPort ?? 0}/${p.protocol ?? ""}`).join(", ");
  if (portString.includes(",")) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
  const hostPorts = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}`).join(", ");
  if (hostPorts.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ""}\n`);
    if (seccomp.type === "Localhost")
      w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
  }
}

function describeCommand(c: Any, w: PrefixWriter): void {
  for (const [title, list] of [
    ["Command", c.command],
    ["Args", c.args],
  ] as const) {
    if (!list || list.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of list as string[]) for (const s of item.split("\n")) w.write(LEVEL_3, `${s}\n`);
  }
}

function describeStatus(stateName: string, state: Any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatTime(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${formatTime(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatTime(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeState(status: Any, w: PrefixWriter): void {
  describeStatus("State", status.state, w);
  if (status.lastState?.terminated) describeStatus("Last State", status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${status.ready === true ? "True" : "False"}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

export function describeResources(resources: Any, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [
    ["Limits", resources.limits],
    ["Requests", resources.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(byteCompare);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${quantityString(list[n])}\n`);
  }
}

function intOrString(v: unknown): string {
  return v === undefined || v === null ? "" : String(v);
}

function describeProbe(p: Any): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(" ")}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    // Go's url.URL{Scheme, Host: net.JoinHostPort(host, port), Path}.String()
    const port = intOrString(g.port);
    const rawHost = g.host ?? "";
    const hostPort = port ? `${rawHost.includes(":") ? `[${rawHost}]` : rawHost}:${port}` : rawHost;
    const scheme = String(g.scheme ?? "").toLowerCase();
    const path = g.path ?? "";
    let url = scheme ? `${scheme}:` : "";
    if ((scheme || hostPort) && (hostPort || path)) url += `//${hostPort}`;
    if (path && !path.startsWith("/") && hostPort) url += "/";
    return `http-get ${url}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ""}:${intOrString(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeProbes(c: Any, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeEnvFrom(c: Any, w: PrefixWriter): void {
  w.write(LEVEL_2, "Environment Variables from:\n");
  for (const e of c.envFrom as Any[]) {
    let from = "";
    let name = "";
    let optional = false;
    if (e.configMapRef) {
      from = "ConfigMap";
      name = e.configMapRef.name ?? "";
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = "Secret";
      name = e.secretRef.name ?? "";
      optional = e.secretRef.optional === true;
    }
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${name}\t${what}\tOptional: ${optional}\n`);
  }
}

function describeEnvVars(c: Any, resolver: EnvResolver, w: PrefixWriter): void {
  const env: Any[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? "")
        .split("\n")
        .forEach((s, i) => {
          w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
        });
    } else if (vf.fieldRef) {
      const apiVersion = vf.fieldRef.apiVersion ?? "";
      const value = resolver ? resolver(vf.fieldRef.fieldPath ?? "", apiVersion) : "";
      w.write(LEVEL_3, `${e.name}:\t${value} (${apiVersion}:${vf.fieldRef.fieldPath ?? ""})\n`);
    } else if (vf.resourceFieldRef) {
      const resource = vf.resourceFieldRef.resource ?? "";
      let value = containerResourceValue(vf.resourceFieldRef, c);
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory"))
        value = "node allocatable";
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (vf.secretKeyRef) {
      const r = vf.secretKeyRef;
      const opt = r.optional === true;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ""}'>\tOptional: ${opt}\n`,
      );
    } else if (vf.configMapKeyRef) {
      const r = vf.configMapKeyRef;
      const opt = r.optional === true;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ""}'>\tOptional: ${opt}\n`,
      );
    }
  }
}

function describeMounts(c: Any, w: PrefixWriter): void {
  const mounts: Any[] = c.volumeMounts ?? [];
  const none = mounts.length === 0 ? "\t<none>" : "";
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of goSort([...mounts], (a, b) => (a.mountPath ?? "") < (b.mountPath ?? ""))) {
    const flags = [m.readOnly ? "ro" : "rw"];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
  const devices: Any[] = c.volumeDevices ?? [];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of goSort([...devices], (a, b) => (a.devicePath ?? "") < (b.devicePath ?? ""))) {
      w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

// Go's %v of a *bool: only nil prints deterministically; a set pointer prints its address.
function goBoolPtr(v: unknown): string {
  return v === undefined || v === null ? "<nil>" : String(v);
}

function describeVolume(v: Any, w: PrefixWriter): void {
  if (v.hostPath) {
    w.write(LEVEL_2, "Type:\tHostPath (bare host directory volume)\n");
    w.write(
      LEVEL_0,
      `    Path:\t${v.hostPath.path ?? ""}\n    HostPathType:\t${v.hostPath.type ?? "<none>"}\n`,
    );
  } else if (v.emptyDir) {
    const limit = quantityOrZero(v.emptyDir.sizeLimit);
    const sizeLimit = compareQuantity(limit, ZERO) > 0 ? quantityString(v.emptyDir.sizeLimit) : "<unset>";
    w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
    w.write(LEVEL_0, `    Medium:\t${v.emptyDir.medium ?? ""}\n    SizeLimit:\t${sizeLimit}\n`);
  } else if (v.secret) {
    w.write(LEVEL_2, "Type:\tSecret (a volume populated by a Secret)\n");
    w.write(
      LEVEL_0,
      `    SecretName:\t${v.secret.secretName ?? ""}\n    Optional:\t${v.secret.optional === true}\n`,
    );
  } else if (v.configMap) {
    w.write(LEVEL_2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
    w.write(
      LEVEL_0,
      `    Name:\t${v.configMap.name ?? ""}\n    Optional:\t${v.configMap.optional === true}\n`,
    );
  } else if (v.persistentVolumeClaim) {
    const c = v.persistentVolumeClaim;
    w.write(
      LEVEL_2,
      "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n",
    );
    w.write(LEVEL_0, `    ClaimName:\t${c.claimName ?? ""}\n    ReadOnly:\t${c.readOnly === true}\n`);
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        const opt = goBoolPtr(s.secret.optional);
        w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ""}\n    SecretOptionalName:\t${opt}\n`);
      } else if (s.downwardAPI) {
        w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
      } else if (s.configMap) {
        const opt = goBoolPtr(s.configMap.optional);
        w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ""}\n    ConfigMapOptional:\t${opt}\n`);
      } else if (s.serviceAccountToken) {
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    }
  } else {
    w.write(LEVEL_1, "<unknown>\n");
  }
}

export function describeVolumes(volumes: Any[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? " " : ""}${v.name}:\n`);
    describeVolume(v, w);
  }
}

export function describeTopologySpreadConstraints(
  tscs: Any[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!tscs || tscs.length === 0) return;
  const sorted = goSort([...tscs], (a, b) => (a.topologyKey ?? "") < (b.topologyKey ?? ""));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${t.topologyKey ?? ""}:${t.whenUnsatisfiable ?? ""} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

export function describePodTemplate(template: Any, w: PrefixWriter): void {
  w.write(LEVEL_0, "Pod Template:\n");
  if (!template) {
    w.write(LEVEL_1, "<unset>");
    return;
  }
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  printLabelsMultiline(w, "  Labels", meta.labels);
  if (Object.keys(meta.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, "  Annotations", meta.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) {
    describeContainers("Init Containers", spec.initContainers, undefined, undefined, w, "  ");
  }
  describeContainers("Containers", spec.containers ?? [], undefined, undefined, w, "  ");
  describeVolumes(spec.volumes, w, "  ");
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, "  ");
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec.nodeSelector);
  printTolerationsMultiline(w, "  Tolerations", spec.tolerations);
}
