// Where the kubelet keeps its copies of the pods' API-filled volumes (volumesync.ts), so that a
// command pays for the pods it touches, not for all of them: each pod's copies are a record
// of the podvolumes bucket (by pod uid); the ConfigMaps and Secrets a pod reads index it in
// the volumerefs bucket (by "configmaps/ns/name"), so an edit finds the pods it concerns
// without a scan. meta.json keeps only what is small: the texts the copies hold, by hash
// (shared: the CA bundle of every kube-api-access volume is one text), how many kept files
// name each text, and the pods with a rewrite due.
//
// Every pod with a kube-api-access volume reads its namespace's kube-root-ca.crt: indexing
// those would make one record as big as the namespace, rewritten with every pod. That ref
// keeps a count instead, and its rare change (the CA is published once per namespace) scans
// the records for the namespace's pods.

import type { Volume } from "kubernetes-types/core/v1";
import type { KObject, Pod } from "../api/types.js";
import { PODS } from "../apiserver/resources.js";
import { sha256 } from "../util/digest.js";
import type { KubeletContext } from "./context.js";
import type { VolumeContent } from "./projected.js";

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

/** The kubelet's section for volumes in meta.json: what stays small as pods are added. */
export interface VolumeState {
  /** The kept files' texts by hash. */
  blobs: Record<string, string>;
  /** How many kept files (current and initial) name each text: at 0 the text goes. */
  counts: Record<string, number>;
  /** The pods with a rewrite due: uid -> the earliest due of its copies. */
  due: Record<string, number>;
  /** States written before the buckets: every pod's copies (uid -> copies); moved out on load. */
  pods?: Record<string, PodVolumes>;
  /** States written before the due set: the earliest rewrite due. Dropped on load. */
  nextDue?: number | null;
}

const RECORDS = "podvolumes";
const INDEX = "volumerefs";

/** A volumerefs record: the pods reading the object (uid -> 1), or for the namespace CA only how many. */
interface RefRecord {
  pods?: Record<string, 1>;
  n?: number;
}

/** The ConfigMap every pod with a kube-api-access volume reads: counted, not indexed. */
export function isCommonRef(ref: string): boolean {
  return ref.startsWith("configmaps/") && ref.endsWith("/kube-root-ca.crt");
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The section, moving a state's older layout into the buckets the first time it is asked for. */
export function volumeState(c: KubeletContext): VolumeState {
  const st = c.state.volumes as Partial<VolumeState> | undefined;
  // A section of another shape starts empty: the copies are made again from the API.
  if (!isObject(st) || !isObject(st.blobs) || (st.pods !== undefined && !isObject(st.pods))) {
    c.state.volumes = { blobs: {}, counts: {}, due: {} };
    return c.state.volumes;
  }
  if (st.pods !== undefined || !isObject(st.counts) || !isObject(st.due)) moveLegacy(c, st);
  return c.state.volumes as VolumeState;
}

/** The pod's copies, for a reader. */
export function podRecord(c: KubeletContext, uid: string): PodVolumes | undefined {
  // An older state's copies are moved into the bucket before any is looked for there.
  volumeState(c);
  return c.api.objects.bucket(RECORDS).get(uid) as unknown as PodVolumes | undefined;
}

/** The pod's copies for a writer that changes them in place: set back, so the shard is rewritten. */
export function podRecordForUpdate(c: KubeletContext, uid: string): PodVolumes | undefined {
  const rec = podRecord(c, uid);
  if (rec) c.api.objects.bucket(RECORDS).set(uid, rec as unknown as KObject);
  return rec;
}

/** Keeps a new pod's record and indexes it under the objects it reads. */
export function addPodRecord(c: KubeletContext, uid: string, rec: PodVolumes): void {
  c.api.objects.bucket(RECORDS).set(uid, rec as unknown as KObject);
  for (const ref of rec.refs ?? []) index(c, ref, uid, +1);
}

/** Forgets a pod's copies: the index entries, the texts only it held, its due rewrite. */
export function dropPodRecord(c: KubeletContext, uid: string): void {
  const rec = podRecord(c, uid);
  if (!rec) return;
  const st = volumeState(c);
  for (const snap of Object.values(rec.vols)) {
    release(st, snap.files);
    if (snap.initial) release(st, snap.initial);
  }
  for (const ref of rec.refs ?? []) index(c, ref, uid, -1);
  c.api.objects.bucket(RECORDS).delete(uid);
  delete st.due[uid];
}

function index(c: KubeletContext, ref: string, uid: string, by: 1 | -1): void {
  const b = c.api.objects.bucket(INDEX);
  const r: RefRecord = (b.get(ref) as unknown as RefRecord | undefined) ?? {};
  if (isCommonRef(ref)) r.n = Math.max(0, (r.n ?? 0) + by);
  else if (by > 0) {
    r.pods ??= {};
    r.pods[uid] = 1;
  } else if (r.pods) delete r.pods[uid];
  if (!r.n && !Object.keys(r.pods ?? {}).length) b.delete(ref);
  else b.set(ref, r as unknown as KObject);
}

/**
 * The uids of the pods whose copies read the object `ref`: from its index record, or for a
 * namespace's CA (counted, not indexed) from a scan of the records, done only when some pod
 * reads it.
 */
export function podsReading(c: KubeletContext, ref: string): string[] {
  const r = c.api.objects.bucket(INDEX).get(ref) as unknown as RefRecord | undefined;
  if (!r) return [];
  if (!isCommonRef(ref)) return Object.keys(r.pods ?? {});
  if (!r.n) return [];
  const ns = ref.split("/")[1];
  return c.api.objects
    .bucket(RECORDS)
    .entries()
    .filter(([, o]) => {
      const p = o as unknown as PodVolumes;
      return p.ns === ns && (p.refs ?? []).includes(ref);
    })
    .map(([uid]) => uid);
}

/**
 * Hashes of file texts this command made: every pod's service account volume holds the same
 * ca.crt and namespace, so a build of thousands of pods hashes each of them once.
 */
const fileHashes = new Map<string, string>();

function fileHash(data: string): string {
  let h = fileHashes.get(data);
  if (h === undefined) {
    h = sha256(data).toString("base64url").slice(0, 16);
    if (fileHashes.size >= 1024) fileHashes.clear();
    fileHashes.set(data, h);
  }
  return h;
}

/** The kept form of files: their hashes, and the texts to retain if they are stored. */
export function hashFiles(files: VolumeContent): {
  kept: Record<string, KeptFile>;
  texts: Record<string, string>;
} {
  const kept: Record<string, KeptFile> = {};
  const texts: Record<string, string> = {};
  for (const [path, f] of Object.entries(files)) {
    const h = fileHash(f.data);
    texts[h] = f.data;
    kept[path] = { h, mode: f.mode };
  }
  return { kept, texts };
}

/** Files now stored in a copy: their texts are kept, and counted once per file. */
export function retain(
  c: KubeletContext,
  kept: Record<string, KeptFile>,
  texts: Record<string, string>,
): void {
  const st = volumeState(c);
  for (const f of Object.values(kept)) {
    if (texts[f.h] !== undefined) st.blobs[f.h] = texts[f.h];
    st.counts[f.h] = (st.counts[f.h] ?? 0) + 1;
  }
}

/** Files no copy stores any more: a text no file names is dropped. */
export function releaseFiles(c: KubeletContext, kept: Record<string, KeptFile>): void {
  release(volumeState(c), kept);
}

function release(st: VolumeState, kept: Record<string, KeptFile>): void {
  for (const f of Object.values(kept)) {
    const n = (st.counts[f.h] ?? 0) - 1;
    if (n > 0) st.counts[f.h] = n;
    else {
      delete st.counts[f.h];
      delete st.blobs[f.h];
    }
  }
}

/** The texts of kept files. */
export function textsOf(c: KubeletContext, files: Record<string, KeptFile>): VolumeContent {
  const blobs = volumeState(c).blobs;
  return Object.fromEntries(
    Object.entries(files).map(([p, f]) => [p, { data: blobs[f.h] ?? "", mode: f.mode }]),
  );
}

/** A copy of the pod is due to be rewritten at `at`: the pod joins the due set. */
export function markDue(c: KubeletContext, uid: string, at: number): void {
  const due = volumeState(c).due;
  due[uid] = due[uid] === undefined ? at : Math.min(due[uid], at);
}

/** The pod's entry in the due set after its copies changed: the earliest due left, or none. */
export function recomputeDue(c: KubeletContext, uid: string): void {
  const st = volumeState(c);
  const rec = podRecord(c, uid);
  let min: number | undefined;
  for (const s of Object.values(rec?.vols ?? {}))
    if (s.due !== undefined && (min === undefined || s.due < min)) min = s.due;
  if (min === undefined) delete st.due[uid];
  else st.due[uid] = min;
}

/** The earliest rewrite due, from the due set (pods with a rewrite pending only). */
export function earliestDue(c: KubeletContext): number | undefined {
  let min: number | undefined;
  for (const at of Object.values(volumeState(c).due)) if (min === undefined || at < min) min = at;
  return min;
}

/** The pods with a rewrite due by t, in the order they were marked. */
export function dueBy(c: KubeletContext, t: number): string[] {
  return Object.entries(volumeState(c).due)
    .filter(([, at]) => at <= t)
    .map(([uid]) => uid);
}

/** The API objects whose change concerns the pod's volumes, as change-log keys. */
export function sourceRefs(pod: Pod): string[] {
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

/** The volume has downwardAPI files of the pod's labels or annotations, which can change. */
export function showsMetadata(v: Volume): boolean {
  const items = [
    ...(v.downwardAPI?.items ?? []),
    ...(v.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? []),
  ];
  return items.some((i) => /^metadata\.(labels|annotations)/.test(i.fieldRef?.fieldPath ?? ""));
}

/**
 * Moves the copies a state written before the buckets kept in meta.json into them, in one
 * pass: the records, the index, the counts, the due set. Texts no copy names are dropped (as
 * the old sweep did). The commit that writes the shards writes meta.json without the copies,
 * so a command that stops before it leaves the old layout whole, to be moved next time.
 */
function moveLegacy(c: KubeletContext, st: Partial<VolumeState>): void {
  const pods = (st.pods ?? {}) as Record<string, PodVolumes>;
  const blobs = st.blobs ?? {};
  const next: VolumeState = { blobs: {}, counts: {}, due: {} };
  c.state.volumes = next;
  for (const [uid, rec] of Object.entries(pods)) {
    if (!isObject(rec) || !isObject(rec.vols)) continue;
    if (!Array.isArray(rec.refs)) {
      // Older still: what the copies read is worked out from the pod (none if it is gone).
      const pod = c.api.get(PODS, rec.ns, rec.name);
      rec.refs = pod?.metadata.uid === uid ? sourceRefs(pod) : [];
      if (pod?.metadata.uid === uid && (pod.spec.volumes ?? []).some(showsMetadata)) rec.meta = true;
    }
    if (podRecord(c, uid)) continue;
    addPodRecord(c, uid, rec);
    for (const snap of Object.values(rec.vols)) {
      for (const files of [snap.files, snap.initial]) {
        if (!files) continue;
        const texts: Record<string, string> = {};
        for (const f of Object.values(files)) if (blobs[f.h] !== undefined) texts[f.h] = blobs[f.h];
        retain(c, files, texts);
      }
      if (snap.due !== undefined) markDue(c, uid, snap.due);
    }
  }
}
