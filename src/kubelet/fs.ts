// A container's file tree: what its image ships, what the kubelet mounts (/etc/hosts,
// /etc/resolv.conf, /etc/hostname, its API-filled volumes: volumesync.ts, among them the
// kube-api-access volume with the service account token), what its command wrote
// when it started, and whatever exec sessions changed since, which the runtime state keeps
// until the pod is replaced.
import { type KObject, type Pod, type PodLike, podOf } from "../api/types.js";
import { containerHostname, podResolvConf, renderHostsFile, renderResolvConf } from "../dns/index.js";
import { rootLayout } from "../images/layout.js";
import { Vfs, type VfsJSON } from "../shell/vfs.js";
import { clusterDNSIP } from "../util/subnets.js";
import type { KubeletContext } from "./context.js";
import { forgetLog } from "./logbucket.js";
import { forgetPodVolumes, mountVolumes, saveMounts } from "./mounts.js";
import { probeAgain } from "./reprobe.js";
import {
  containerKey,
  containerSpec,
  forgetRuntime,
  modelOf,
  podRuntimeKeys,
  processOf,
  runtimeAt,
  runtimeForUpdate,
  runtimeState,
} from "./runtime.js";
import { volumeFiles, volumeMountPaths } from "./volumes.js";
import { apiVolumesStamp, forgetVolumes, mountApiVolumes } from "./volumesync.js";

/** Where a container writes its termination message unless its terminationMessagePath says otherwise. */
export const DEFAULT_TERMINATION_PATH = "/dev/termination-log";

function initialFs(c: KubeletContext, pod: Pod, container: string): Vfs {
  // Callers name a container of the pod (exec and probes check it first).
  const ctr = containerSpec(pod, container) ?? { name: container };
  // A volume mounted over an image directory hides what the image had there.
  const mounts = volumeMountPaths(pod, ctr);
  const model = modelOf(ctr.image ?? "");
  const image = Object.entries(model.files()).filter(
    ([path]) => !mounts.some((m) => path === m || path.startsWith(`${m}/`)),
  );
  const files: Record<string, string> = { ...Object.fromEntries(image), ...volumeFiles(c, pod, ctr) };
  files["/etc/hosts"] = renderHostsFile(pod);
  files["/etc/resolv.conf"] = renderResolvConf(podResolvConf(pod, clusterDNSIP(c.api.serviceCIDR)));
  files["/etc/hostname"] = `${containerHostname(pod)}\n`;
  // The kubelet mounts an empty file for the container's termination message (termination.ts).
  files[ctr.terminationMessagePath || DEFAULT_TERMINATION_PATH] ??= "";
  const layout = rootLayout(model);
  // Without a known layout: the directories every image has, and busybox's /bin of applets.
  const fs = Vfs.fromFiles(
    files,
    layout?.dirs ?? ["/tmp", "/root", ...(model.shell === "sh" ? ["/bin"] : [])],
  );
  // A link where a volume or a file made a directory already stays that directory. Made at
  // the image's time, as the directories are (fromFiles).
  const clock = fs.clock;
  fs.clock = () => 0;
  for (const [path, target] of layout?.links ?? []) if (!fs.lstat(path)) fs.symlink(target, path);
  fs.clock = clock;
  // Every image's /tmp (and Debian's /var/tmp) is world-writable and sticky: drwxrwxrwt.
  for (const tmp of ["/tmp", "/var/tmp"]) if (fs.lstat(tmp)?.type === "dir") fs.chmod(tmp, 0o1777);
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
  const saved = (c.api.objects.bucket(FS_BUCKET).get(key) ?? runtimeAt(c, key)?.fs) as VfsJSON | undefined;
  const p = podOf(pod);
  const fs = mountVolumes(c, p, container, saved ? Vfs.fromJSON(saved) : initialFs(c, p, container));
  // The API-filled volumes are the kubelet's current copies, whatever the saved tree held.
  mountApiVolumes(c, p, containerSpec(p, container) ?? { name: container }, fs, c.t);
  return fs;
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
  const keys = containers ? containers.map((name) => `${uid}/${name}`) : podRuntimeKeys(c, uid);
  forgetVolumes(c, uid);
  for (const key of keys) {
    if (runtimeAt(c, key)?.fsSaved) c.api.objects.bucket(FS_BUCKET).delete(key);
    forgetLog(c, key);
    readOnly.get(c)?.delete(key);
    forgetRuntime(c, key);
  }
}

/**
 * Trees only read from (a server reading its page on each request), per cluster and
 * container: a client loop's thousand requests build the tree once. A save replaces it.
 */
const readOnly = new WeakMap<KubeletContext, Map<string, { fs: Vfs; stamp: string }>>();

function readOnlyFs(c: KubeletContext, pod: PodLike, container: string): Vfs {
  let trees = readOnly.get(c);
  if (!trees) {
    trees = new Map();
    readOnly.set(c, trees);
  }
  const key = containerKey(pod, container);
  const p = podOf(pod);
  const stamp = apiVolumesStamp(c, p, containerSpec(p, container) ?? { name: container }, c.t);
  let tree = trees.get(key);
  if (!tree || tree.stamp !== stamp) {
    tree = { fs: containerFs(c, pod, container), stamp };
    trees.set(key, tree);
  }
  return tree.fs;
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

/**
 * A restarted container gets a new writable layer: what the last instance wrote or installed
 * is gone (volumes are not part of the layer), as when containerd creates the container anew.
 */
export function freshWritableLayer(c: KubeletContext, pod: PodLike, container: string): void {
  const key = containerKey(pod, container);
  const st = runtimeForUpdate(c, key);
  if (!st) return;
  if (st.fsSaved) c.api.objects.bucket(FS_BUCKET).delete(key);
  readOnly.get(c)?.delete(key);
  delete st.fsSaved;
  delete st.fs;
  delete st.installed;
  delete st.aptUpdated;
  c.api.markChanged();
}
