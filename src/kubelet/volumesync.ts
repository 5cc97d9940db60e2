// The kubelet's copy of each API-filled volume (configMap, secret, downwardAPI, projected) of
// a pod: written once when the pod's volumes are set up, and rewritten only on the pod's
// periodic sync after the source changed. A real node shows the new files up to a minute
// and a half after the edit: the kubelet resyncs every pod every syncFrequency (1 min) with up
// to 50% jitter (workerResyncIntervalJitterFactor), and with the default Watch change
// detection the ConfigMap/Secret cache itself adds next to nothing ("the total delay ... can
// be as long as the kubelet sync period + cache propagation delay", docs: Configure a Pod to
// Use a ConfigMap, Mounted ConfigMaps are updated automatically). A subPath mount is a bind
// mount of one file or directory as it was when the container started: it never updates.
import { createHash } from "node:crypto";
import type { Container, Volume } from "kubernetes-types/core/v1";
import type { Pod } from "../api/types.js";
import { NODES, PODS, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { resolvePath, type Vfs } from "../shell/vfs.js";
import type { KubeletContext } from "./context.js";
import { apiEnv } from "./envfrom.js";
import { isApiVolume, type VolumeContent, volumePayload } from "./projected.js";

/** A file as kept: its text is in the shared blob table under `h` (a hash of it). */
export interface KeptFile {
  h: string;
  mode: number;
}

export interface VolumeSnapshot {
  /** The files without the service account tokens, which are minted again from `at`. */
  files: Record<string, KeptFile>;
  /** When the kubelet first wrote it: the tokens' issue time, and where the pod's sync phase starts. */
  at: number;
  /** The pod's next sync after a source changed: the files are rewritten then. */
  due?: number;
  /** The files as first written, kept once they change, for subPath mounts. */
  initial?: Record<string, KeptFile>;
  /** Counts rewrites that changed the files (a cached tree of an older one is stale). */
  rev?: number;
  /** When the last rewrite that changed the files happened. */
  writtenAt?: number;
}

/** A pod's volume copies, with what a change of which API objects concerns them. */
export interface PodVolumes {
  ns: string;
  name: string;
  vols: Record<string, VolumeSnapshot>;
  /** The ConfigMaps and Secrets the volumes read ("configmaps/ns/name"); absent in older states. */
  refs?: string[];
  /** A downwardAPI file shows the pod's labels or annotations, which a pod write may change. */
  meta?: boolean;
}

/** Pod uid -> the pod's name and its volumes' copies by volume name. */
export type VolumeSnapshots = Record<string, PodVolumes>;

/**
 * The kubelet's section for volumes: the copies, and their texts by hash, so the CA bundle
 * every kube-api-access volume holds is kept once.
 */
export interface VolumeState {
  pods: VolumeSnapshots;
  blobs: Record<string, string>;
  /** The earliest rewrite due (null: none); absent in older states, where it is found by a scan. */
  nextDue?: number | null;
}

function volumeState(c: KubeletContext): VolumeState {
  // A section of another shape (none yet) starts empty: the copies are made again from the API.
  if (typeof c.state.volumes?.pods !== "object" || typeof c.state.volumes.blobs !== "object")
    c.state.volumes = { pods: {}, blobs: {} };
  return c.state.volumes;
}

function keep(c: KubeletContext, files: VolumeContent): Record<string, KeptFile> {
  const blobs = volumeState(c).blobs;
  const out: Record<string, KeptFile> = {};
  for (const [path, f] of Object.entries(files)) {
    const h = createHash("sha256").update(f.data).digest("base64url").slice(0, 16);
    blobs[h] = f.data;
    out[path] = { h, mode: f.mode };
  }
  return out;
}

function unkeep(c: KubeletContext, files: Record<string, KeptFile>): VolumeContent {
  const blobs = volumeState(c).blobs;
  return Object.fromEntries(
    Object.entries(files).map(([p, f]) => [p, { data: blobs[f.h] ?? "", mode: f.mode }]),
  );
}

/** Drops texts no copy refers to any more. */
function sweep(c: KubeletContext): void {
  const st = volumeState(c);
  const used = new Set<string>();
  for (const p of Object.values(st.pods))
    for (const s of Object.values(p.vols))
      for (const f of [...Object.values(s.files), ...Object.values(s.initial ?? {})]) used.add(f.h);
  for (const h of Object.keys(st.blobs)) if (!used.has(h)) delete st.blobs[h];
}

/** The pod's resync period, 60 s plus a jitter of up to 30 s fixed by its uid. */
function resyncMs(c: KubeletContext, uid: string): number {
  let h = 0;
  for (const ch of uid) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  return Math.round((60_000 + (h % 30_000)) * c.timeScale);
}

/** The API objects whose change concerns the pod's volumes, as change-log keys. */
function sourceRefs(pod: Pod): string[] {
  const ns = pod.metadata.namespace ?? "default";
  const refs = new Set<string>();
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap?.name) refs.add(`configmaps/${ns}/${v.configMap.name}`);
    if (v.secret?.secretName) refs.add(`secrets/${ns}/${v.secret.secretName}`);
    for (const src of v.projected?.sources ?? []) {
      if (src.configMap?.name) refs.add(`configmaps/${ns}/${src.configMap.name}`);
      if (src.secret?.name) refs.add(`secrets/${ns}/${src.secret.name}`);
    }
  }
  return [...refs].sort();
}

function podVolumes(c: KubeletContext, pod: Pod): Record<string, VolumeSnapshot> {
  const pods = volumeState(c).pods;
  const uid = pod.metadata.uid ?? "";
  pods[uid] ??= {
    ns: pod.metadata.namespace ?? "default",
    name: pod.metadata.name,
    vols: {},
    refs: sourceRefs(pod),
    ...((pod.spec.volumes ?? []).some(showsMetadata) ? { meta: true } : {}),
  };
  return pods[uid].vols;
}

/** The earliest rewrite due: kept in the state, found by one scan in a state that lacks it. */
function nextDue(c: KubeletContext): number | undefined {
  const st = volumeState(c);
  if (st.nextDue === undefined) {
    let min: number | null = null;
    for (const p of Object.values(st.pods))
      for (const v of Object.values(p.vols))
        if (v.due !== undefined && (min === null || v.due < min)) min = v.due;
    st.nextDue = min;
  }
  return st.nextDue ?? undefined;
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
  const have = volumeState(c).pods[pod.metadata.uid ?? ""]?.vols ?? {};
  const made: Record<string, VolumeContent> = {};
  for (const v of pod.spec.volumes ?? []) {
    if (!isApiVolume(v) || have[v.name]) continue;
    const p = volumePayload(c, pod, v);
    if (!p) continue;
    if ("error" in p) return { volume: v.name, error: p.error };
    made[v.name] = p.files;
  }
  const vols = Object.keys(made).length ? podVolumes(c, pod) : {};
  for (const [name, files] of Object.entries(made)) vols[name] = { files: keep(c, files), at: t };
  return undefined;
}

const same = (a: Record<string, KeptFile>, b: Record<string, KeptFile>): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * A ConfigMap or Secret was written at t: each pod volume whose files the API would now give
 * differently is rewritten on that pod's next sync. One already waiting keeps its turn.
 */
export function sourcesChanged(
  c: KubeletContext,
  t: number,
  getPod: (ns: string, name: string) => Pod | undefined,
  only: (v: Volume) => boolean = () => true,
  /** The pods worth reading: the others' volumes cannot have changed. */
  concerns: (p: PodVolumes) => boolean = () => true,
): void {
  const st = volumeState(c);
  for (const [uid, p] of Object.entries(st.pods)) {
    if (!concerns(p)) continue;
    const pod = getPod(p.ns, p.name);
    if (!pod || pod.metadata.uid !== uid) continue;
    const period = resyncMs(c, uid);
    for (const v of pod.spec.volumes ?? []) {
      const snap = p.vols[v.name];
      if (!snap || snap.due !== undefined || !only(v)) continue;
      const now = volumePayload(c, pod, v);
      if (now && "files" in now && same(keep(c, now.files), snap.files)) continue;
      snap.due = period > 0 ? snap.at + Math.ceil((t - snap.at + 1) / period) * period : t;
      const first = nextDue(c);
      st.nextDue = first === undefined ? snap.due : Math.min(first, snap.due);
    }
  }
}

/** The next moment a pod's sync rewrites a volume. */
export function volumesNextWake(c: KubeletContext): number | undefined {
  return nextDue(c);
}

/** The pods' syncs due by t rewrite their volumes; returns whether any was due. */
export function syncVolumes(
  c: KubeletContext,
  t: number,
  getPod: (ns: string, name: string) => Pod | undefined,
): boolean {
  const due = nextDue(c);
  if (due === undefined || due > t) return false;
  let any = false;
  for (const [uid, p] of Object.entries(volumeState(c).pods)) {
    if (!Object.values(p.vols).some((s) => s.due !== undefined && s.due <= t)) continue;
    any = true;
    const pod = getPod(p.ns, p.name);
    if (!pod || pod.metadata.uid !== uid) {
      delete volumeState(c).pods[uid];
      continue;
    }
    for (const v of pod.spec.volumes ?? []) if (isApiVolume(v)) current(c, pod, v, t);
  }
  if (any) sweep(c);
  // Found again by the next scan.
  delete volumeState(c).nextDue;
  return any;
}

/** The kubelet's part that notices ConfigMap and Secret writes and runs the pods' volume syncs. */
export class VolumeSync {
  /** How far into the API server's change log the last pass read. */
  private seen = 0;

  constructor(private readonly c: KubeletContext) {}

  private readonly getPod = (ns: string, name: string) => this.c.api.get(PODS, ns, name);

  /** Notes a source written since the last pass and rewrites the volumes due by t. */
  sync(t: number): boolean {
    // Only the pods a write concerns are read: those whose volumes read a written ConfigMap or
    // Secret, and written pods whose downwardAPI files show their labels or annotations.
    const log = this.c.api.changeLog;
    const sources = new Set<string>();
    const pods = new Set<string>();
    for (let i = this.seen; i < log.length; i++) {
      const e = log[i];
      if (e.startsWith("configmaps/") || e.startsWith("secrets/")) sources.add(e);
      else if (e.startsWith("pods/")) pods.add(e.slice(5));
    }
    this.seen = log.length;
    if (sources.size)
      sourcesChanged(this.c, t, this.getPod, undefined, (p) => !p.refs || p.refs.some((r) => sources.has(r)));
    if (pods.size)
      sourcesChanged(
        this.c,
        t,
        this.getPod,
        showsMetadata,
        (p) => (p.refs === undefined || p.meta === true) && pods.has(`${p.ns}/${p.name}`),
      );
    return syncVolumes(this.c, t, this.getPod);
  }

  nextWake(): number | undefined {
    return volumesNextWake(this.c);
  }
}

/** The volume has downwardAPI files of the pod's labels or annotations, which can change. */
function showsMetadata(v: Volume): boolean {
  const items = [
    ...(v.downwardAPI?.items ?? []),
    ...(v.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? []),
  ];
  return items.some((i) => /^metadata\.(labels|annotations)/.test(i.fieldRef?.fieldPath ?? ""));
}

/** Forgets a removed pod's volumes. */
export function forgetVolumes(c: KubeletContext, uid: string): void {
  const pods = volumeState(c).pods;
  if (!pods[uid]) return;
  delete pods[uid];
  sweep(c);
}

/** The kubelet's copy of the volume at t, rewritten if the pod's sync after a change has come. */
function current(c: KubeletContext, pod: Pod, v: Volume, t: number): VolumeSnapshot | undefined {
  const vols = podVolumes(c, pod);
  let snap = vols[v.name];
  if (!snap) {
    // A pod set up before volumes were kept (or a stored cluster): its files as they are now.
    const p = volumePayload(c, pod, v);
    if (!p || "error" in p) return undefined;
    snap = { files: keep(c, p.files), at: t };
    vols[v.name] = snap;
  }
  if (snap.due !== undefined && snap.due <= t) {
    const p = volumePayload(c, pod, v);
    // A source deleted meanwhile fails the remount: the files stay as they were.
    if (p && "files" in p) {
      const files = keep(c, p.files);
      if (!same(files, snap.files)) {
        snap.initial ??= snap.files;
        snap.files = files;
        snap.rev = (snap.rev ?? 0) + 1;
        snap.writtenAt = snap.due;
      }
    }
    delete snap.due;
  }
  return snap;
}

/** The volume's files as the container sees them: the kept ones and the tokens minted at `at`. */
function filesOf(
  c: KubeletContext,
  pod: Pod,
  v: Volume,
  snap: VolumeSnapshot,
  kept: Record<string, KeptFile>,
): VolumeContent {
  if (!v.projected?.sources?.some((src) => src.serviceAccountToken)) return unkeep(c, kept);
  // Minting is hashing: a probe or server reading the tree often reuses the pod's tokens. The
  // key holds everything the token names: another cluster of the same seed can give the same
  // uid to another pod, and the API server checks the pod and account the token names.
  const ns = pod.metadata.namespace ?? "default";
  const sa = c.api.get(SERVICEACCOUNTS, ns, pod.spec.serviceAccountName ?? "default")?.metadata.uid;
  const node = c.api.get(NODES, undefined, pod.spec.nodeName ?? "")?.metadata.uid;
  const key = `${ns}/${pod.metadata.name}/${pod.metadata.uid}/${sa}/${node}/${v.name}/${snap.at}`;
  let tokens = minted.get(key);
  if (!tokens) {
    const p = volumePayload(c, pod, tokensOnly(v), snap.at);
    tokens = p && "files" in p ? p.files : {};
    if (minted.size > 1000) minted.clear();
    minted.set(key, tokens);
  }
  return { ...unkeep(c, kept), ...tokens };
}

/** Tokens already minted in this process, by pod uid, volume and mount time. */
const minted = new Map<string, VolumeContent>();

/** The volume with its serviceAccountToken sources only. */
function tokensOnly(v: Volume): Volume {
  return {
    name: v.name,
    projected: {
      sources: (v.projected?.sources ?? []).filter((s) => s.serviceAccountToken),
      defaultMode: v.projected?.defaultMode,
    },
  };
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
  // What the mounts create is dated by the simulated clock, not the host's.
  const clock = fs.clock;
  fs.clock = () => t;
  fs.readOnly = [];
  try {
    mountAll(c, pod, ctr, fs, t);
  } finally {
    fs.clock = clock;
  }
  // The kubelet mounts these volumes read-only, whatever the mount says.
  fs.readOnly = (ctr.volumeMounts ?? [])
    .filter((m) => isApiVolume((pod.spec.volumes ?? []).find((v) => v.name === m.name)))
    .map((m) => resolvePath("/", m.mountPath));
}

function mountAll(c: KubeletContext, pod: Pod, ctr: Container, fs: Vfs, t: number): void {
  for (const m of ctr.volumeMounts ?? []) {
    const v = (pod.spec.volumes ?? []).find((x) => x.name === m.name);
    if (!v || !isApiVolume(v)) continue;
    const snap = current(c, pod, v, t);
    fs.clock = () => snap?.at ?? t;
    const dir = m.mountPath.replace(/\/+$/, "") || "/";
    const sub = m.subPathExpr ? expandSubPath(c, pod, ctr, m.subPathExpr) : m.subPath;
    if (fs.exists(dir) && (!sub || fs.isDir(dir))) fs.remove(dir, { recursive: true });
    if (sub) {
      const files = snap ? filesOf(c, pod, v, snap, snap.initial ?? snap.files) : {};
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
    if (snap)
      atomicLayout(fs, dir, filesOf(c, pod, v, snap, snap.files), snap, `${pod.metadata.uid}/${v.name}`);
  }
}

/**
 * The kubelet's AtomicWriter layout: the files in a `..2006_01_02_15_04_05.<random>` directory
 * named for the moment they were written, `..data` linking to it, and a link per top-level
 * name into `..data`, so a rewrite swaps every file at once by moving one link.
 */
function atomicLayout(fs: Vfs, dir: string, files: VolumeContent, snap: VolumeSnapshot, seed: string): void {
  const at = snap.writtenAt ?? snap.at;
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}`;
  // os.MkdirTemp's suffix: a random decimal number, fixed here by the pod, volume and rewrite.
  const suffix = createHash("sha256")
    .update(`${seed}/${snap.rev ?? 0}`)
    .digest()
    .readUInt32BE(0);
  const ts = `..${stamp}.${suffix}`;
  fs.clock = () => at;
  fs.mkdir(`${dir}/${ts}`);
  writeTree(fs, `${dir}/${ts}`, files, "");
  fs.symlink(ts, `${dir}/..data`);
  for (const name of new Set(Object.keys(files).map((k) => k.split("/")[0])))
    fs.symlink(`..data/${name}`, `${dir}/${name}`);
}
