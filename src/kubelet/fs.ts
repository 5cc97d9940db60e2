// A container's file tree: what its image ships, what the kubelet mounts (/etc/hosts,
// /etc/resolv.conf, /etc/hostname, the service account token), what its command wrote
// when it started, and whatever exec sessions changed since, which the runtime state keeps
// until the pod is replaced.
import { type KObject, type Pod, type PodLike, podOf } from "../api/types.js";
import { containerHostname, podResolvConf, renderHostsFile, renderResolvConf } from "../dns/index.js";
import { Vfs, type VfsJSON } from "../shell/vfs.js";
import type { KubeletContext } from "./context.js";
import { forgetLog } from "./logs.js";
import { forgetPodVolumes, mountVolumes, saveMounts } from "./mounts.js";
import { probeAgain } from "./reprobe.js";
import { containerKey, containerSpec, modelOf, processOf, runtimeState } from "./runtime.js";
import { volumeFiles, volumeMountPaths } from "./volumes.js";

const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

function initialFs(c: KubeletContext, pod: Pod, container: string): Vfs {
  // Callers name a container of the pod (exec and probes check it first).
  const ctr = containerSpec(pod, container) ?? { name: container };
  // A volume mounted over an image directory hides what the image had there.
  const mounts = volumeMountPaths(pod, ctr);
  const image = Object.entries(modelOf(ctr.image ?? "").files()).filter(
    ([path]) => !mounts.some((m) => path === m || path.startsWith(`${m}/`)),
  );
  const files: Record<string, string> = { ...Object.fromEntries(image), ...volumeFiles(c, pod, ctr) };
  files["/etc/hosts"] = renderHostsFile(pod);
  files["/etc/resolv.conf"] = renderResolvConf(podResolvConf(pod));
  files["/etc/hostname"] = `${containerHostname(pod)}\n`;
  files[`${SA}/namespace`] = pod.metadata.namespace ?? "default";
  files[`${SA}/token`] = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVzaW0ifQ.simulated.token";
  files[`${SA}/ca.crt`] = "-----BEGIN CERTIFICATE-----\n(simulated cluster CA)\n-----END CERTIFICATE-----\n";
  const fs = Vfs.fromFiles(files, ["/tmp", "/root"]);
  // A script writes its files itself when it runs (src/runtime); a modelled one here.
  const proc = processOf(pod, ctr);
  for (const w of proc.script ? [] : (proc.writes ?? [])) {
    if (w.append) fs.append(w.path, w.content);
    else fs.write(w.path, w.content);
  }
  return fs;
}

const FS_BUCKET = "containerfs";

/** The container's current file tree (read-only use: nothing is saved). */
export function containerFs(c: KubeletContext, pod: PodLike, container: string): Vfs {
  const key = containerKey(pod, container);
  const saved = (c.api.objects.bucket(FS_BUCKET).get(key) ?? c.state.runtime[key]?.fs) as VfsJSON | undefined;
  const fs = saved ? Vfs.fromJSON(saved) : initialFs(c, podOf(pod), container);
  return mountVolumes(c, podOf(pod), container, fs);
}

/** Keeps a changed file tree for later sessions and for the servers that read it (via commitEffects). */
export function saveContainerFs(c: KubeletContext, pod: PodLike, container: string, whole: VfsJSON): void {
  // Files under writable mounts belong to the volume; every container reading it sees them.
  const { tree, changed } = saveMounts(c, podOf(pod), container, whole);
  // The bucket keeps records, not API objects (storage.ts: containerfs is `records`).
  c.api.objects.bucket(FS_BUCKET).set(containerKey(pod, container), tree as unknown as KObject);
  if (changed) readOnly.get(c)?.clear();
  else readOnly.get(c)?.delete(containerKey(pod, container));
  const st = runtimeState(c, pod, container);
  st.fsSaved = true;
  delete st.fs;
  c.api.markChanged();
  probeAgain(c, podOf(pod));
}

/**
 * Forgets a removed pod's containers: their runtime state (logs, installs) and saved file
 * trees, which nothing can reach once the pod is gone. Without `containers` (a pod removed
 * behind the kubelet's back), every key of the uid is looked for.
 */
export function forgetPodRuntime(c: KubeletContext, uid: string, containers?: string[]): void {
  forgetPodVolumes(c, uid);
  const keys = containers
    ? containers.map((name) => `${uid}/${name}`)
    : Object.keys(c.state.runtime).filter((k) => k.startsWith(`${uid}/`));
  for (const key of keys) {
    if (c.state.runtime[key]?.fsSaved) c.api.objects.bucket(FS_BUCKET).delete(key);
    forgetLog(c, key);
    readOnly.get(c)?.delete(key);
    delete c.state.runtime[key];
  }
}

/**
 * Trees only read from (a server reading its page on each request), per cluster and
 * container: a client loop's thousand requests build the tree once. A save replaces it.
 */
const readOnly = new WeakMap<KubeletContext, Map<string, Vfs>>();

function readOnlyFs(c: KubeletContext, pod: PodLike, container: string): Vfs {
  let trees = readOnly.get(c);
  if (!trees) {
    trees = new Map();
    readOnly.set(c, trees);
  }
  const key = containerKey(pod, container);
  let fs = trees.get(key);
  if (!fs) {
    fs = containerFs(c, pod, container);
    trees.set(key, fs);
  }
  return fs;
}

export function readContainerFile(
  c: KubeletContext,
  pod: PodLike,
  container: string,
  path: string,
): string | undefined {
  const fs = readOnlyFs(c, pod, container);
  try {
    return fs.isDir(path) ? undefined : fs.read(path);
  } catch {
    return undefined;
  }
}
