// The images each node's container runtime holds (pulled or preloaded by kind), which decide
// whether a start pulls and what `crictl images` lists. They live in a records bucket of
// their own (apiserver/storage.ts: nodeimages), one record per node, not in meta.json: on a
// 1,000-node cluster the lists were 430 KB of a file every command reads and rewrites, for
// the one node a pod start looks at. A state from before the bucket keeps them in
// `state.images`; they move to the bucket node by node as they are next written.
import type { KObject } from "../api/types.js";
import type { ApiServer } from "../apiserver/server.js";

export const NODE_IMAGES = "nodeimages";

interface ImagesRecord {
  images: string[];
}

interface Holder {
  readonly api: ApiServer;
  readonly state: { images: Record<string, string[]> };
}

/** The images on `node`, sorted. */
export function nodeImages(c: Holder, node: string): string[] {
  const rec = c.api.objects.bucket(NODE_IMAGES).get(node) as unknown as ImagesRecord | undefined;
  return rec?.images ?? c.state.images[node] ?? [];
}

/** Records the images on `node` (sorted here). */
export function setNodeImages(c: Holder, node: string, images: Iterable<string>): void {
  c.api.objects.bucket(NODE_IMAGES).set(node, { images: [...images].sort() } as unknown as KObject);
  delete c.state.images[node];
  c.api.markChanged();
}

/**
 * Moves the lists a state from before the bucket kept in meta.json into the bucket, as it
 * loads: they are written with the next change, and a read-only command writes nothing.
 */
export function moveLegacyImages(c: Holder): void {
  const legacy = c.state.images;
  const b = c.api.objects.bucket(NODE_IMAGES);
  for (const node of Object.keys(legacy)) {
    if (!b.get(node)) b.set(node, { images: legacy[node] } as unknown as KObject);
    delete legacy[node];
  }
}
