// `crictl inspect ID`: the CRI ContainerStatus as crictl prints it. crictl marshals the status
// with protojson (default values included), swaps the nanosecond times for RFC 3339 strings,
// and re-marshals everything through Go maps, so every object's keys come out sorted; the
// verbose info is containerd's single "info" entry. kubesim's info carries the runtime facts
// it models (pid, sandbox, snapshotter), not containerd's full OCI runtime spec.
import { sha256 } from "../../util/digest.js";
import { withSortedKeys as sorted } from "../../util/sorted-keys.js";
import type { CriContainer } from "./crictl-model.js";
import { imageId } from "./crictl-model.js";

/** time.Unix(0, ns).Format(RFC3339Nano) in UTC: trailing zeros of the fraction dropped. */
function nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_m, f: string) => (f === "000" ? "Z" : `.${f.replace(/0+$/, "")}Z`));
}

function pid(c: CriContainer): number {
  return 1000 + (Number.parseInt(c.id.slice(0, 6), 16) % 30000);
}

/** The kubelet's volume directory names per volume source (pkg/volume plugin names, escaped). */
const PLUGIN_DIRS: Record<string, string> = {
  projected: "kubernetes.io~projected",
  configMap: "kubernetes.io~configmap",
  secret: "kubernetes.io~secret",
  emptyDir: "kubernetes.io~empty-dir",
  downwardAPI: "kubernetes.io~downward-api",
  persistentVolumeClaim: "kubernetes.io~local-volume",
};

/**
 * The mounts the kubelet hands the runtime (makeMounts, then generateContainerConfig): the
 * container's volume mounts, the pod's managed /etc/hosts, and its termination-log file.
 */
function mounts(
  c: CriContainer,
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[],
): { containerPath: string; hostPath: string; readonly: boolean }[] {
  const pod = c.sandbox.pod;
  const dir = `/var/lib/kubelet/pods/${pod.metadata.uid}`;
  const out = volumeMounts.map((m) => {
    const vol = (pod.spec.volumes ?? []).find((v) => v.name === m.name);
    const hostPath = vol?.hostPath?.path;
    const kind = Object.keys(vol ?? {}).find((k) => PLUGIN_DIRS[k]);
    const base =
      hostPath ?? `${dir}/volumes/${kind ? PLUGIN_DIRS[kind] : "kubernetes.io~empty-dir"}/${m.name}`;
    return {
      containerPath: m.mountPath,
      hostPath: m.subPath ? `${base}/${m.subPath}` : base,
      readonly: m.readOnly ?? false,
    };
  });
  out.push({ containerPath: "/etc/hosts", hostPath: `${dir}/etc-hosts`, readonly: false });
  const suffix = sha256(`${c.id}/termination-log`).toString("hex").slice(0, 8);
  out.push({
    containerPath: "/dev/termination-log",
    hostPath: `${dir}/containers/${c.name}/${suffix}`,
    readonly: false,
  });
  return out;
}

function status(c: CriContainer): Record<string, unknown> {
  const pod = c.sandbox.pod;
  const ns = pod.metadata.namespace ?? "default";
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((x) => x.name === c.name);
  const hash = sha256(JSON.stringify(spec ?? {}))
    .toString("hex")
    .slice(0, 8);
  const annotations: Record<string, string> = {
    "io.kubernetes.container.hash": hash,
    "io.kubernetes.container.restartCount": String(c.attempt),
    "io.kubernetes.container.terminationMessagePath": spec?.terminationMessagePath ?? "/dev/termination-log",
    "io.kubernetes.container.terminationMessagePolicy": spec?.terminationMessagePolicy ?? "File",
    "io.kubernetes.pod.terminationGracePeriod": String(pod.spec.terminationGracePeriodSeconds ?? 30),
  };
  const ports = (spec?.ports ?? []).map((p) => ({
    containerPort: p.containerPort,
    protocol: p.protocol ?? "TCP",
  }));
  if (ports.length) annotations["io.kubernetes.container.ports"] = JSON.stringify(ports);
  const running = c.state === "CONTAINER_RUNNING";
  return {
    annotations,
    createdAt: nano(c.createdAt),
    exitCode: c.exitCode,
    finishedAt: nano(running ? 0 : c.finishedAt),
    id: c.id,
    image: { annotations: {}, image: c.image, runtimeHandler: "", userSpecifiedImage: c.userImage },
    imageId: imageId(c.image),
    imageRef: c.imageRef,
    labels: {
      "io.kubernetes.container.name": c.name,
      "io.kubernetes.pod.name": pod.metadata.name,
      "io.kubernetes.pod.namespace": ns,
      "io.kubernetes.pod.uid": pod.metadata.uid,
    },
    logPath: `/var/log/pods/${ns}_${pod.metadata.name}_${pod.metadata.uid}/${c.name}/${c.attempt}.log`,
    message: "",
    metadata: { attempt: c.attempt, name: c.name },
    mounts: mounts(c, spec?.volumeMounts ?? []).map((m) => ({
      containerPath: m.containerPath,
      gidMappings: [],
      hostPath: m.hostPath,
      propagation: "PROPAGATION_PRIVATE",
      readonly: m.readonly,
      recursiveReadOnly: false,
      selinuxRelabel: false,
      uidMappings: [],
    })),
    reason: c.reason,
    startedAt: nano(c.startedAt),
    state: c.state,
    user: { linux: { gid: "0", supplementalGroups: ["0"], uid: "0" } },
  };
}

function info(c: CriContainer): Record<string, unknown> {
  return {
    pid: c.state === "CONTAINER_RUNNING" ? pid(c) : 0,
    removing: false,
    runtimeType: "io.containerd.runc.v2",
    sandboxID: c.sandbox.id,
    snapshotKey: c.id,
    snapshotter: "overlayfs",
  };
}

/** The JSON crictl prints for the containers asked for: one object, or an array of several. */
export function crictlInspect(list: CriContainer[], quiet: boolean): string {
  const entries = list.map((c) =>
    sorted(quiet ? { status: status(c) } : { info: info(c), status: status(c) }),
  );
  return JSON.stringify(entries.length === 1 ? entries[0] : entries, null, 2);
}
