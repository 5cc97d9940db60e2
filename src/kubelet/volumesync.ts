// The kubelet's copy of each API-filled volume (configMap, secret, downwardAPI, projected) of
// a pod: written once when the pod's volumes are set up, and rewritten only on the pod's
// periodic sync after the source changed. A real node shows the new files up to a minute
// and a half after the edit: the kubelet resyncs every pod every syncFrequency (1 min) with up
// to 50% jitter (workerResyncIntervalJitterFactor), and with the default Watch change
// detection the ConfigMap/Secret cache itself adds next to nothing ("the total delay ... can
// be as long as the kubelet sync period + cache propagation delay", docs: Configure a Pod to
// Use a ConfigMap, Mounted ConfigMaps are updated automatically). A subPath mount is a bind
// mount of one file or directory as it was when the container started: it never updates.
import type { Container, Volume } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { PODS } from "../apiserver/resources.js";
import type { Vfs } from "../shell/vfs.js";
import type { KubeletContext } from "./context.js";
import { apiEnv } from "./envfrom.js";
import { isApiVolume, type VolumeContent, volumePayload } from "./projected.js";

export interface VolumeSnapshot {
  files: VolumeContent;
  /** When the kubelet wrote it (the pod's sync phase counts from the first). */
  at: number;
  /** The pod's next sync after a source changed: the files are rewritten then. */
  due?: number;
  /** The files as first written, kept once they change, for subPath mounts. */
  initial?: VolumeContent;
  /** Counts rewrites that changed the files (a cached tree of an older one is stale). */
  rev?: number;
}

/** Pod uid -> the pod's name and its volumes' copies by volume name. */
export type VolumeSnapshots = Record<
  string,
  { ns: string; name: string; vols: Record<string, VolumeSnapshot> }
>;

/** The pod's resync period, 60 s plus a jitter of up to 30 s fixed by its uid. */
function resyncMs(c: KubeletContext, uid: string): number {
  let h = 0;
  for (const ch of uid) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  return Math.round((60_000 + (h % 30_000)) * c.timeScale);
}

function podVolumes(c: KubeletContext, pod: Pod): Record<string, VolumeSnapshot> {
  c.state.volumes ??= {};
  const uid = pod.metadata.uid ?? "";
  c.state.volumes[uid] ??= { ns: pod.metadata.namespace ?? "default", name: pod.metadata.name, vols: {} };
  return c.state.volumes[uid].vols;
}

/** The token files of a projected volume: the kubelet keeps a token until it nears expiry. */
function tokenPaths(v: Volume): string[] {
  return (v.projected?.sources ?? []).flatMap((s) =>
    s.serviceAccountToken ? [s.serviceAccountToken.path] : [],
  );
}

/**
 * Sets up the pod's API-filled volumes at t: the first volume whose source is missing gives
 * the SetUp error the kubelet reports (FailedMount), and nothing is written until all can be.
 */
export function setUpApiVolumes(
  c: KubeletContext,
  pod: Pod,
  t: number,
): { volume: string; error: string } | undefined {
  const have = c.state.volumes?.[pod.metadata.uid ?? ""]?.vols ?? {};
  const made: Record<string, VolumeSnapshot> = {};
  for (const v of pod.spec.volumes ?? []) {
    if (!isApiVolume(v) || have[v.name]) continue;
    const p = volumePayload(c, pod, v, t);
    if (!p) continue;
    if ("error" in p) return { volume: v.name, error: p.error };
    made[v.name] = { files: p.files, at: t };
  }
  if (Object.keys(made).length) Object.assign(podVolumes(c, pod), made);
  return undefined;
}

/**
 * A ConfigMap or Secret was written at t: every pod's API volumes are rewritten on that pod's
 * next sync (an unchanged source rewrites the same files). One already waiting keeps its turn.
 */
export function sourcesChanged(c: KubeletContext, t: number): void {
  for (const [uid, p] of Object.entries(c.state.volumes ?? {})) {
    const period = resyncMs(c, uid);
    for (const snap of Object.values(p.vols)) {
      if (snap.due !== undefined) continue;
      snap.due = period > 0 ? snap.at + Math.ceil((t - snap.at + 1) / period) * period : t;
    }
  }
}

/** The next moment a pod's sync rewrites a volume. */
export function volumesNextWake(c: KubeletContext): number | undefined {
  let min: number | undefined;
  for (const p of Object.values(c.state.volumes ?? {}))
    for (const s of Object.values(p.vols))
      if (s.due !== undefined && (min === undefined || s.due < min)) min = s.due;
  return min;
}

/** The pods' syncs due by t rewrite their volumes; returns whether any was due. */
export function syncVolumes(
  c: KubeletContext,
  t: number,
  getPod: (ns: string, name: string) => Pod | undefined,
): boolean {
  let any = false;
  for (const [uid, p] of Object.entries(c.state.volumes ?? {})) {
    if (!Object.values(p.vols).some((s) => s.due !== undefined && s.due <= t)) continue;
    any = true;
    const pod = getPod(p.ns, p.name);
    if (!pod || pod.metadata.uid !== uid) {
      delete c.state.volumes?.[uid];
      continue;
    }
    for (const v of pod.spec.volumes ?? []) if (isApiVolume(v)) current(c, pod, v, t);
  }
  return any;
}

/** The kubelet's part that notices ConfigMap and Secret writes and runs the pods' volume syncs. */
export class VolumeSync {
  /** ConfigMap and Secret writes the last pass saw. */
  private seen = 0;

  constructor(private readonly c: KubeletContext) {}

  /** Notes a source written since the last pass and rewrites the volumes due by t. */
  sync(t: number): boolean {
    const writes = (this.c.api.writes.get("configmaps") ?? 0) + (this.c.api.writes.get("secrets") ?? 0);
    if (writes !== this.seen) {
      this.seen = writes;
      sourcesChanged(this.c, t);
    }
    return syncVolumes(this.c, t, (ns, name) => this.c.api.get(PODS, ns, name));
  }

  nextWake(): number | undefined {
    return volumesNextWake(this.c);
  }
}

/** Forgets a removed pod's volumes. */
export function forgetVolumes(c: KubeletContext, uid: string): void {
  if (c.state.volumes?.[uid]) delete c.state.volumes[uid];
}

/** The kubelet's copy of the volume at t, rewritten if the pod's sync after a change has come. */
function current(c: KubeletContext, pod: Pod, v: Volume, t: number): VolumeSnapshot | undefined {
  const vols = podVolumes(c, pod);
  let snap = vols[v.name];
  if (!snap) {
    // A pod set up before volumes were kept (or a stored cluster): its files as they are now.
    const p = volumePayload(c, pod, v, t);
    if (!p || "error" in p) return undefined;
    snap = { files: p.files, at: t };
    vols[v.name] = snap;
  }
  if (snap.due !== undefined && snap.due <= t) {
    const p = volumePayload(c, pod, v, snap.due);
    // A source deleted meanwhile fails the remount: the files stay as they were.
    if (p && "files" in p) {
      for (const path of tokenPaths(v)) if (snap.files[path]) p.files[path] = snap.files[path];
      if (JSON.stringify(p.files) !== JSON.stringify(snap.files)) {
        snap.initial ??= snap.files;
        snap.files = p.files;
        snap.rev = (snap.rev ?? 0) + 1;
      }
    }
    delete snap.due;
  }
  return snap;
}

/** $(VAR) in subPathExpr, from the container's environment (unknown names expand to nothing). */
function expandSubPath(c: KubeletContext, pod: Pod, ctr: Container, expr: string): string {
  const env = apiEnv(c, pod, ctr);
  return expr.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (_, name: string) => env[name] ?? "");
}

function writeTree(fs: Vfs, dir: string, files: VolumeContent, prefix: string): void {
  for (const [path, f] of Object.entries(files)) {
    if (prefix && !path.startsWith(`${prefix}/`)) continue;
    const target = `${dir}/${prefix ? path.slice(prefix.length + 1) : path}`;
    fs.mkdir(target.slice(0, target.lastIndexOf("/")) || "/", { parents: true });
    fs.write(target, f.data, f.mode);
    fs.chmod(target, f.mode);
  }
}

/** A stamp of what the container's API volumes hold at t: a cached tree with another stamp is stale. */
export function apiVolumesStamp(c: KubeletContext, pod: Pod, ctr: Container, t: number): string {
  return (ctr.volumeMounts ?? [])
    .map((m) => {
      const v = (pod.spec.volumes ?? []).find((x) => x.name === m.name);
      const snap = v && isApiVolume(v) ? current(c, pod, v, t) : undefined;
      return snap ? `${m.name}@${snap.rev ?? 0}` : "";
    })
    .join(",");
}

/**
 * Puts the container's API-filled volumes into its file tree at t: each mount point holds
 * the kubelet's current copy (hiding what the image had there), a subPath mount the one
 * file or directory as first written.
 */
export function mountApiVolumes(c: KubeletContext, pod: Pod, ctr: Container, fs: Vfs, t: number): void {
  for (const m of ctr.volumeMounts ?? []) {
    const v = (pod.spec.volumes ?? []).find((x) => x.name === m.name);
    if (!v || !isApiVolume(v)) continue;
    const snap = current(c, pod, v, t);
    const dir = m.mountPath.replace(/\/+$/, "") || "/";
    const sub = m.subPathExpr ? expandSubPath(c, pod, ctr, m.subPathExpr) : m.subPath;
    if (fs.exists(dir) && (!sub || fs.isDir(dir))) fs.remove(dir, { recursive: true });
    if (sub) {
      const files = snap?.initial ?? snap?.files ?? {};
      const key = sub.replace(/^\/+|\/+$/g, "");
      fs.mkdir(dir.slice(0, dir.lastIndexOf("/")) || "/", { parents: true });
      if (files[key]) {
        fs.write(dir, files[key].data, files[key].mode);
        fs.chmod(dir, files[key].mode);
      } else {
        // A directory of the volume, or (nothing there) the empty directory the kubelet makes.
        fs.mkdir(dir, { parents: true });
        writeTree(fs, dir, files, key);
      }
      continue;
    }
    // Secrets and projected volumes are tmpfs (drwxrwxrwt); configMap and downwardAPI dirs 0777.
    fs.mkdir(dir, { parents: true });
    fs.chmod(dir, v.secret || v.projected ? 0o1777 : 0o777);
    writeTree(fs, dir, snap?.files ?? {}, "");
  }
}
