// The creation order of Services, which the kubelet reads to know which Services existed
// when a container started (their environment variables). The counter stays in meta.json;
// each Service's number is a record of its own (storage.ts: serviceseq, by uid), so a
// command reads the shard of the Services it asks about, not all of them.
import type { KObject } from "../api/types.js";
import type { ObjectStore } from "../store/objects.js";
import type { ApiServerState } from "./state.js";

const SEQ_BUCKET = "serviceseq";

interface SeqRecord {
  n: number;
}

/** Numbers a new Service: the next of the counter. */
export function numberService(state: ApiServerState, objects: ObjectStore, uid: string): void {
  const seq = state.serviceSeq ?? { last: 0, byUid: {} };
  seq.last += 1;
  objects.bucket(SEQ_BUCKET).set(uid, { n: seq.last } as unknown as KObject);
  state.serviceSeq = seq;
}

/** The Service's number, or undefined (a Service created before numbering, or unknown). */
export function serviceNumber(state: ApiServerState, objects: ObjectStore, uid: string): number | undefined {
  if (!state.serviceSeq) return undefined;
  return (objects.bucket(SEQ_BUCKET).get(uid) as unknown as SeqRecord | undefined)?.n;
}

/** A removed Service's number is forgotten. */
export function forgetServiceNumber(state: ApiServerState, objects: ObjectStore, uid: string): void {
  if (state.serviceSeq) objects.bucket(SEQ_BUCKET).delete(uid);
}

/**
 * Moves the numbers a state written before the bucket kept in meta.json (serviceSeq.byUid)
 * into the bucket, once as the cluster loads; the commit that writes the shards writes the
 * meta.json without them.
 */
export function moveLegacyServiceNumbers(state: ApiServerState, objects: ObjectStore): void {
  const byUid = state.serviceSeq?.byUid;
  if (!byUid || !Object.keys(byUid).length) return;
  const kept: Record<string, number> = {};
  const b = objects.bucket(SEQ_BUCKET);
  for (const [uid, n] of Object.entries(byUid)) {
    if (typeof n !== "number") kept[uid] = n;
    else if (!b.get(uid)) b.set(uid, { n } as unknown as KObject);
  }
  if (state.serviceSeq) state.serviceSeq.byUid = kept;
}
