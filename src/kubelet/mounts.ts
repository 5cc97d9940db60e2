// Writable shared mounts: emptyDir (one per pod, shared by its containers, gone with the
// pod), hostPath (a directory of the node, shared by every pod there that mounts it) and
// persistentVolumeClaim (its PV's directory on its node: it outlives pods and is deleted
// with the PV). One mechanism for the three: a volume's files are a tree kept in the
// volumedata bucket; a container's file tree shows that tree at the mount path when it is
// read, and what a container writes under the mount path goes back to the volume when the
// tree is saved, so the other containers see it on their next read.

import type { Container, VolumeMount } from "kubernetes-types/core/v1";
import type { KObject, Pod } from "../api/types.js";
import { PVCS, PVS } from "../apiserver/resources.js";
import { hostDirKey, type VolumeRecord } from "../apiserver/storage.js";
import type { Vfs, VfsJSON } from "../shell/vfs.js";
import type { KubeletContext } from "./context.js";

const BUCKET = "volumedata";
/** A volume's files are capped like logs: a file past this keeps its newest bytes. */
const MAX_FILE = 256 * 1024;

type Entry = VfsJSON["entries"][string];

interface Mount {
  mountPath: string;
  /** The volume's key in the bucket, and the subdirectory mounted (subPath). */
  key: string;
  sub: string;
  /** An emptyDir of medium Memory: a tmpfs. */
  memory?: boolean;
}

const norm = (p: string) => `/${p.replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "");

/** Where a pod's volume keeps its files, or undefined for volumes this module does not own. */
function volumeKey(c: KubeletContext, pod: Pod, name: string): string | undefined {
  const v = (pod.spec.volumes ?? []).find((x) => x.name === name);
  if (!v) return undefined;
  const node = pod.spec.nodeName ?? "";
  if (v.emptyDir) return `emptydir:${pod.metadata.uid}/${name}`;
  if (v.hostPath) return hostDirKey(node, v.hostPath.path);
  const claimName = v.persistentVolumeClaim?.claimName;
  if (!claimName) return undefined;
  const claim = c.api.get(PVCS, pod.metadata.namespace, claimName);
  const pv = claim?.spec.volumeName ? c.api.get(PVS, undefined, claim.spec.volumeName) : undefined;
  if (!pv) return undefined;
  const dir = pv.spec.hostPath?.path ?? pv.spec.local?.path;
  return dir ? hostDirKey(node, dir) : `pv:${pv.metadata.name}/`;
}

function mountsOf(c: KubeletContext, pod: Pod, ctr: Container | undefined): Mount[] {
  const mounts: Mount[] = (ctr?.volumeMounts ?? []).flatMap((m: VolumeMount) => {
    const key = volumeKey(c, pod, m.name);
    const memory = pod.spec.volumes?.find((v) => v.name === m.name)?.emptyDir?.medium === "Memory";
    return key ? [{ mountPath: norm(m.mountPath), key, sub: m.subPath ? norm(m.subPath) : "", memory }] : [];
  });
  // The node's root (kubectl debug node/...: hostPath "/" at /host) shows every directory
  // pods wrote on the node where it is: each is a mount of its own below the root's.
  const root = hostDirKey(pod.spec.nodeName ?? "", "/");
  for (const m of [...mounts])
    if (m.key === root && !m.sub)
      for (const dir of nodeDirKeys(c, pod.spec.nodeName ?? ""))
        mounts.push({ mountPath: `${m.mountPath}/${dir.slice(root.length)}`, key: dir, sub: "" });
  return mounts;
}

/** The keys of the node's directories that pods wrote, but its root. */
function nodeDirKeys(c: KubeletContext, node: string): string[] {
  const prefix = hostDirKey(node, "");
  const keys: string[] = [];
  for (const r of c.api.objects.bucket(BUCKET).shardList(`${prefix}x`) as unknown as VolumeRecord[])
    if (r.key?.startsWith(prefix) && r.key !== prefix) keys.push(r.key);
  return keys.sort();
}

/** What the node's root shows besides what was written to it: the node's own files. */
function nodeOwnFiles(node: string): Record<string, Entry> {
  return {
    "": { dir: true, mode: 0o755, mtime: 0 },
    "/etc": { dir: true, mode: 0o755, mtime: 0 },
    "/etc/hostname": { data: `${node}\n`, mode: 0o644, mtime: 0 },
    "/tmp": { dir: true, mode: 0o1777, mtime: 0 },
  };
}

function load(c: KubeletContext, key: string): VolumeRecord {
  return (
    (c.api.objects.bucket(BUCKET).get(key) as unknown as VolumeRecord | undefined) ?? { key, entries: {} }
  );
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** The container's tree with each writable volume's files at its mount path (over what was there). */
export function withMounts(c: KubeletContext, pod: Pod, ctr: Container | undefined, tree: VfsJSON): VfsJSON {
  const mounts = mountsOf(c, pod, ctr);
  if (mounts.length === 0) return tree;
  const entries: Record<string, Entry> = {};
  for (const [path, e] of Object.entries(tree.entries))
    if (!mounts.some((m) => m.mountPath && under(path, m.mountPath))) entries[path] = e;
  for (const m of mounts) {
    // The mount point's parents exist in the container (the runtime makes them).
    const parts = m.mountPath.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const p = `/${parts.slice(0, i).join("/")}`;
      entries[p] ??= { dir: true, mode: 0o755, mtime: 0 };
    }
    const node = pod.spec.nodeName ?? "";
    const vol =
      m.key === hostDirKey(node, "/")
        ? { ...nodeOwnFiles(node), ...load(c, m.key).entries }
        : load(c, m.key).entries;
    // An emptyDir is 0777 on the node's disk; of medium Memory, a tmpfs (drwxrwxrwt). The
    // kubelet makes it as it sets the pod up.
    const made = Date.parse(pod.status?.startTime ?? "") || 0;
    entries[m.mountPath || "/"] =
      vol[m.sub] ??
      (m.memory
        ? { dir: true, tmpfs: true, mode: 0o1777, mtime: made }
        : { dir: true, mode: 0o777, mtime: made });
    for (const [rel, e] of Object.entries(vol))
      if (rel !== m.sub && under(rel, m.sub)) entries[`${m.mountPath}${rel.slice(m.sub.length)}`] = e;
  }
  return { version: 1, entries };
}

/**
 * Moves what the container's tree holds under its writable mounts into the volumes, and
 * returns the rest (the container's own files). True in `changed` when a volume changed.
 */
export function takeMounts(
  c: KubeletContext,
  pod: Pod,
  ctr: Container | undefined,
  tree: VfsJSON,
): { tree: VfsJSON; changed: boolean } {
  const mounts = mountsOf(c, pod, ctr);
  if (mounts.length === 0) return { tree, changed: false };
  let changed = false;
  const own: Record<string, Entry> = {};
  for (const [path, e] of Object.entries(tree.entries))
    if (!mounts.some((m) => m.mountPath && under(path, m.mountPath))) own[path] = e;
  for (const m of mounts) {
    const rec = load(c, m.key);
    const next: Record<string, Entry> = {};
    for (const [rel, e] of Object.entries(rec.entries)) if (!under(rel, m.sub)) next[rel] = e;
    const parts = m.sub.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++)
      next[`/${parts.slice(0, i).join("/")}`] ??= { dir: true, mode: 0o755, mtime: 0 };
    // A mount below this one (the node's directories under its root) takes its own files.
    const deeper = mounts.filter(
      (d) => d !== m && d.mountPath !== m.mountPath && under(d.mountPath, m.mountPath),
    );
    const nodeFiles =
      m.key === hostDirKey(pod.spec.nodeName ?? "", "/") ? nodeOwnFiles(pod.spec.nodeName ?? "") : {};
    for (const [path, e] of Object.entries(tree.entries)) {
      if (!under(path, m.mountPath || "/")) continue;
      if (deeper.some((d) => under(path, d.mountPath))) continue;
      const r = path.slice(m.mountPath.length);
      if (nodeFiles[r] && JSON.stringify(nodeFiles[r]) === JSON.stringify(e)) continue;
      const rel = `${m.sub}${path.slice(m.mountPath.length)}`;
      const data = e.data !== undefined && e.data.length > MAX_FILE ? e.data.slice(-MAX_FILE) : e.data;
      next[rel] = data === e.data ? e : { ...e, data };
    }
    if (JSON.stringify(next) !== JSON.stringify(rec.entries)) {
      c.api.objects.bucket(BUCKET).set(m.key, { key: m.key, entries: next } as unknown as KObject);
      changed = true;
    }
  }
  return { tree: { version: 1, entries: own }, changed };
}

/** A removed pod's emptyDirs go with it. */
export function forgetPodVolumes(c: KubeletContext, uid: string): void {
  const b = c.api.objects.bucket(BUCKET);
  const prefix = `emptydir:${uid}/`;
  for (const r of b.shardList(`${prefix}x`) as unknown as VolumeRecord[])
    if (r.key?.startsWith(prefix)) b.delete(r.key);
}

/**
 * The node's directories that pods have written (hostPath volumes, local-path PVs), as
 * absolute paths on the node: what the node's own shell shows of its disk.
 */
export function nodeDirEntries(c: KubeletContext, node: string): Record<string, Entry> {
  const prefix = hostDirKey(node, "");
  const out: Record<string, Entry> = {};
  // A node's directories share a shard (storage.ts).
  for (const r of c.api.objects.bucket(BUCKET).shardList(`${prefix}x`) as unknown as VolumeRecord[]) {
    if (!r.key?.startsWith(prefix)) continue;
    const root = `/${r.key.slice(prefix.length)}`.replace(/\/$/, "");
    for (const [rel, e] of Object.entries(r.entries)) out[`${root}${rel}` || "/"] = e;
  }
  return out;
}

/** `fs` (a container's tree, or a running process's live one) with its volumes' current files. */
export function mountVolumes(c: KubeletContext, pod: Pod, container: string, fs: Vfs): Vfs {
  const ctr = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find(
    (x) => x.name === container,
  );
  if (mountsOf(c, pod, ctr).length === 0) return fs;
  fs.load(withMounts(c, pod, ctr, fs.toJSON()));
  return fs;
}

/** saveContainerFs's half: the volumes take their files; the rest is the container's. */
export function saveMounts(
  c: KubeletContext,
  pod: Pod,
  container: string,
  tree: VfsJSON,
): { tree: VfsJSON; changed: boolean } {
  const ctr = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].find(
    (x) => x.name === container,
  );
  return takeMounts(c, pod, ctr, tree);
}
