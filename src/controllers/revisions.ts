// ControllerRevisions (pkg/controller/history): the snapshots of a StatefulSet's (or
// DaemonSet's) pod template that rolling updates and `rollout history|undo` work from.
// A revision is named <owner>-<hash>, where the hash is FNV-1 (32 bit) over the JSON bytes
// of its data and the collision count, written as decimal through SafeEncodeString.
import type { ControllerRevision, Draft, KObject } from "../api/types.js";
import { CONTROLLERREVISIONS } from "../apiserver/resources.js";
import { ApiServer, controllerOf } from "../apiserver/server.js";
import type { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";
import { safeEncode } from "./hash.js";

export const REVISION_HASH_LABEL = "controller-revision-hash";

/** hash/fnv New32 (FNV-1: multiply, then xor), which history.HashControllerRevision uses. */
function fnv32(bytes: Buffer): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h >>> 0;
}

/** json.Marshal of a decoded map: keys sorted at every level, HTML characters escaped. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${goJson(k)}:${goJson(o[k])}`).join(",")}}`;
  }
  if (typeof v === "string")
    return JSON.stringify(v).replace(
      /[<>&\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  return JSON.stringify(v ?? null);
}

export function hashRevision(data: unknown, collisionCount: number): string {
  const bytes = Buffer.from(goJson(data) + String(collisionCount), "utf8");
  return safeEncode(String(fnv32(bytes)));
}

/** getPatch: the template a revision restores, as a strategic-merge replace. */
export function templatePatch(template: unknown): Record<string, unknown> {
  const t = structuredClone((template ?? {}) as Record<string, unknown>);
  // The apiserver marshals the template's zero creationTimestamp as null.
  t.metadata = { creationTimestamp: null, ...(t.metadata as Record<string, unknown> | undefined) };
  return { spec: { template: { ...t, $patch: "replace" } } };
}

/** The revisions `owner` controls, oldest revision number first. */
export function ownedRevisions(c: Pick<ControllerContext, "api">, owner: KObject): ControllerRevision[] {
  return c.api
    .list(CONTROLLERREVISIONS, owner.metadata.namespace)
    .filter((r) => controllerOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision || (a.metadata.name < b.metadata.name ? -1 : 1));
}

/**
 * The revision holding `data` (getStatefulSetRevisions / constructHistory): an equal one is
 * reused, renumbered as the newest if it is not; otherwise a new one is created with the
 * next number. Returns it.
 */
export function ensureRevision(
  c: ControllerContext,
  owner: KObject,
  labels: Record<string, string> | undefined,
  data: Record<string, unknown>,
  collisionCount: number,
  /**
   * `hash`: the name's hash when the owner's controller computes its own (a DaemonSet names
   * revisions by its template's hash); `rng`: where a new revision's uid comes from.
   */
  o: { hash?: string; rng?: Rng } = {},
): ControllerRevision {
  const revisions = ownedRevisions(c, owner);
  const last = revisions.at(-1);
  const next = (last?.revision ?? 0) + 1;
  const wanted = goJson(data);
  const equal = revisions.filter((r) => goJson(r.data) === wanted);
  const found = equal.at(-1);
  if (found) {
    if (found !== last) {
      found.revision = next;
      c.api.put(found);
    }
    return found;
  }
  const hash = o.hash ?? hashRevision(data, collisionCount);
  const draft: Draft<ControllerRevision> = {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...labels, [REVISION_HASH_LABEL]: hash },
      // newRevision copies the owner's annotations: `rollout history` reads change-cause there.
      ...(owner.metadata.annotations && Object.keys(owner.metadata.annotations).length
        ? { annotations: { ...owner.metadata.annotations } }
        : {}),
      ownerReferences: [ApiServer.controllerRef(owner)],
    },
    data,
    revision: next,
  };
  return c.api.insert<ControllerRevision>(draft, o.rng);
}

/** truncateHistory: the oldest revisions no pod uses go past revisionHistoryLimit. */
export function truncateHistory(
  c: ControllerContext,
  owner: KObject,
  live: Set<string>,
  limit: number,
): boolean {
  const old = ownedRevisions(c, owner).filter((r) => !live.has(r.metadata.name));
  const drop = old.slice(0, Math.max(0, old.length - limit));
  for (const r of drop) c.api.remove(r);
  return drop.length > 0;
}
