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
import { NODES, PODS, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { resolvePath, type Vfs } from "../shell/vfs.js";
import { sha256 } from "../util/digest.js";
import type { KubeletContext } from "./context.js";
import { apiEnv } from "./envfrom.js";
import { isApiVolume, type VolumeContent, type VolumeFile, volumePayload } from "./projected.js";
import {
  addPodRecord,
  dropPodRecord,
  dueBy,
  earliestDue,
  hashFiles,
  type KeptFile,
  markDue,
  type PodVolumes,
  podRecord,
  podRecordForUpdate,
  podsReading,
  recomputeDue,
  releaseFiles,
  retain,
  showsMetadata,
  sourceRefs,
  textsOf,
  type VolumeSnapshot,
} from "./volumerecords.js";

export type { KeptFile, PodVolumes, VolumeSnapshot, VolumeState } from "./volumerecords.js";

/** The pod's resync period, 60 s plus a jitter of up to 30 s fixed by its uid. */
function resyncMs(c: KubeletContext, uid: string): number {
  let h = 0;
  for (const ch of uid) h = (h * 33 + ch.charCodeAt(0)) >>> 0;
  return Math.round((60_000 + (h % 30_000)) * c.timeScale);
}

/** The pod's record for a writer, made (and indexed under what it reads) if it has none. */
function podVolumes(c: KubeletContext, pod: Pod): Record<string, VolumeSnapshot> {
  const uid = pod.metadata.uid ?? "";
  const rec = podRecordForUpdate(c, uid);
  if (rec) return rec.vols;
  const made: PodVolumes = {
    ns: pod.metadata.namespace ?? "default",
    name: pod.metadata.name,
    vols: {},
    refs: sourceRefs(pod),
    ...((pod.spec.volumes ?? []).some(showsMetadata) ? { meta: true } : {}),
  };
  addPodRecord(c, uid, made);
  return made.vols;
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
  const have = podRecord(c, pod.metadata.uid ?? "")?.vols ?? {};
  // Volume names are the pod's own (kube-api-access-x7k2p): an ordinary object gaining a
  // field of a new name makes a new hidden class for every pod; one without a prototype is a
  // hash table from the start, listing its fields in the same order.
  const made: Record<string, VolumeContent> = Object.create(null);
  for (const v of pod.spec.volumes ?? []) {
    if (!isApiVolume(v) || have[v.name]) continue;
    const p = volumePayload(c, pod, v);
    if (!p) continue;
    if ("error" in p) return { volume: v.name, error: p.error };
    made[v.name] = p.files;
  }
  const vols = Object.keys(made).length ? podVolumes(c, pod) : {};
  for (const [name, files] of Object.entries(made)) {
    const { kept, texts } = hashFiles(files);
    retain(c, kept, texts);
    vols[name] = { files: kept, at: t };
  }
  return undefined;
}

const same = (a: Record<string, KeptFile>, b: Record<string, KeptFile>): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * A ConfigMap or Secret (or, with `only` showsMetadata, the pod itself) was written at t:
 * each volume of the pod whose files the API would now give differently is rewritten on the
 * pod's next sync. One already waiting keeps its turn.
 */
function noteChange(c: KubeletContext, t: number, uid: string, pod: Pod, only: (v: Volume) => boolean): void {
  const rec = podRecord(c, uid);
  if (!rec) return;
  const period = resyncMs(c, uid);
  for (const v of pod.spec.volumes ?? []) {
    const snap = rec.vols[v.name];
    if (!snap || snap.due !== undefined || !only(v)) continue;
    const now = volumePayload(c, pod, v);
    if (now && "files" in now && same(hashFiles(now.files).kept, snap.files)) continue;
    podRecordForUpdate(c, uid);
    snap.due = period > 0 ? snap.at + Math.ceil((t - snap.at + 1) / period) * period : t;
    markDue(c, uid, snap.due);
  }
}

/** The next moment a pod's sync rewrites a volume. */
export function volumesNextWake(c: KubeletContext): number | undefined {
  return earliestDue(c);
}

/** The pods' syncs due by t rewrite their volumes; returns whether any was due. */
export function syncVolumes(
  c: KubeletContext,
  t: number,
  getPod: (ns: string, name: string) => Pod | undefined,
): boolean {
  const due = earliestDue(c);
  if (due === undefined || due > t) return false;
  let any = false;
  // Only the pods in the due set: a pod whose copy was rewritten as it was read since (a
  // container reading its files) leaves the set here.
  for (const uid of dueBy(c, t)) {
    const p = podRecord(c, uid);
    if (p && Object.values(p.vols).some((s) => s.due !== undefined && s.due <= t)) {
      any = true;
      const pod = getPod(p.ns, p.name);
      if (!pod || pod.metadata.uid !== uid) {
        dropPodRecord(c, uid);
        continue;
      }
      for (const v of pod.spec.volumes ?? []) if (isApiVolume(v)) current(c, pod, v, t);
    }
    recomputeDue(c, uid);
  }
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
    // Secret (the index says which), and written pods whose downwardAPI files show their
    // labels or annotations.
    const log = this.c.api.changeLog;
    const sources = new Set<string>();
    const pods = new Set<string>();
    for (let i = this.seen; i < log.length; i++) {
      const e = log[i];
      if (e.startsWith("configmaps/") || e.startsWith("secrets/")) sources.add(e);
      else if (e.startsWith("pods/")) pods.add(e.slice(5));
    }
    this.seen = log.length;
    const concerned = new Set<string>();
    for (const ref of sources) for (const uid of podsReading(this.c, ref)) concerned.add(uid);
    for (const uid of concerned) {
      const rec = podRecord(this.c, uid);
      const pod = rec && this.getPod(rec.ns, rec.name);
      if (pod && pod.metadata.uid === uid) noteChange(this.c, t, uid, pod, () => true);
    }
    for (const key of pods) {
      const slash = key.indexOf("/");
      const pod = this.getPod(key.slice(0, slash), key.slice(slash + 1));
      const uid = pod?.metadata.uid ?? "";
      if (pod && podRecord(this.c, uid)?.meta) noteChange(this.c, t, uid, pod, showsMetadata);
    }
    return syncVolumes(this.c, t, this.getPod);
  }

  nextWake(): number | undefined {
    return volumesNextWake(this.c);
  }
}

/** Forgets a removed pod's volumes. */
export function forgetVolumes(c: KubeletContext, uid: string): void {
  dropPodRecord(c, uid);
}

/** The kubelet's copy of the volume at t, rewritten if the pod's sync after a change has come. */
function current(c: KubeletContext, pod: Pod, v: Volume, t: number): VolumeSnapshot | undefined {
  const uid = pod.metadata.uid ?? "";
  let snap = podRecord(c, uid)?.vols[v.name];
  if (!snap) {
    // A pod set up before volumes were kept (or a stored cluster): its files as they are now.
    const p = volumePayload(c, pod, v);
    if (!p || "error" in p) return undefined;
    const { kept, texts } = hashFiles(p.files);
    retain(c, kept, texts);
    snap = { files: kept, at: t };
    podVolumes(c, pod)[v.name] = snap;
  }
  if (snap.due !== undefined && snap.due <= t) {
    podRecordForUpdate(c, uid);
    const p = volumePayload(c, pod, v);
    // A source deleted meanwhile fails the remount: the files stay as they were.
    if (p && "files" in p) {
      const { kept, texts } = hashFiles(p.files);
      if (!same(kept, snap.files)) {
        retain(c, kept, texts);
        // The first files stay for subPath mounts; a later one's are dropped.
        if (snap.initial) releaseFiles(c, snap.files);
        else snap.initial = snap.files;
        snap.files = kept;
        snap.rev = (snap.rev ?? 0) + 1;
        snap.writtenAt = snap.due;
      }
    }
    delete snap.due;
  }
  return snap;
}

/**
 * The volume's files as the container sees them: the kept ones and the tokens minted at
 * `at`. A token's text is made when first read (Vfs.writeLazy): minting is eight rounds of
 * SHA-256, and an exec that never reads the token need not pay for it.
 */
function filesOf(
  c: KubeletContext,
  pod: Pod,
  v: Volume,
  snap: VolumeSnapshot,
  kept: Record<string, KeptFile>,
): VolumeContent {
  const sources = (v.projected?.sources ?? []).filter((src) => src.serviceAccountToken);
  if (!sources.length) return textsOf(c, kept);
  let made: VolumeContent | undefined;
  const tokens = () => (made ??= mintedTokens(c, pod, v, snap));
  const out = textsOf(c, kept);
  const mode = v.projected?.defaultMode ?? 0o644;
  for (const src of sources) {
    const path = src.serviceAccountToken?.path ?? "";
    const entry = { mode } as VolumeFile;
    Object.defineProperty(entry, "data", { enumerable: true, get: () => tokens()[path]?.data ?? "" });
    out[path] = entry;
  }
  return out;
}

/** The volume's tokens as minted at the snapshot's moment (kept in this process). */
function mintedTokens(c: KubeletContext, pod: Pod, v: Volume, snap: VolumeSnapshot): VolumeContent {
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
  return tokens;
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
    fs.writeLazy(target, () => f.data, f.mode);
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
    // Secret, projected and downwardAPI volumes are tmpfs (drwxrwxrwt, 20 bytes an entry);
    // a configMap volume is a directory on the node's disk, 0777.
    fs.mkdir(dir, { parents: true });
    const tmpfs = !!(v.secret || v.projected || v.downwardAPI);
    fs.chmod(dir, tmpfs ? 0o1777 : 0o777);
    if (tmpfs) fs.tmpfs(dir);
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
  const suffix = sha256(`${seed}/${snap.rev ?? 0}`).readUInt32BE(0);
  const ts = `..${stamp}.${suffix}`;
  fs.clock = () => at;
  fs.mkdir(`${dir}/${ts}`);
  writeTree(fs, `${dir}/${ts}`, files, "");
  fs.symlink(ts, `${dir}/..data`);
  for (const name of new Set(Object.keys(files).map((k) => k.split("/")[0])))
    fs.symlink(`..data/${name}`, `${dir}/${name}`);
}
