// Pods that almost match a label selector: the hint behind "selector matches no pod" in the
// diagram and in traces. Shared so both say the same thing about the same typo.

import type { KObject } from "../api/types.js";
import { typoDistance } from "../util/edit-distance.js";

export interface NearMiss {
  pod: string;
  /** The pod's label that is almost right, `k=v`; undefined when the pod lacks the label. */
  has?: string;
  /** The selector's requirement it misses, `k=v`. */
  wants: string;
}

/** Values a learner may have meant as the same: a typo, a case slip, or one cut short (`deploy`). */
export function looksLike(got: string, want: string): boolean {
  const [g, w] = [got.toLowerCase(), want.toLowerCase()];
  if (g === w || g.startsWith(w) || w.startsWith(g)) return true;
  return typoDistance(g, w) <= (Math.min(g.length, w.length) <= 4 ? 1 : 2);
}

/**
 * Pods that miss the selector by one requirement: the value typed differently, the value
 * under another key, or (when the other requirements do match) the label missing. With a
 * one-key selector nothing else vouches for the pod, so a different value must look like a
 * slip of the wanted one (`app=web` is not a near miss of `app=db`), and a missing label is
 * no hint at all: every unrelated pod lacks it.
 */
export function nearMisses(sel: Record<string, string>, pods: KObject[]): NearMiss[] {
  const out: NearMiss[] = [];
  const keys = Object.keys(sel);
  for (const p of pods) {
    const labels: Record<string, string> = p.metadata.labels ?? {};
    const wrong = keys.filter((k) => labels[k] !== sel[k]);
    if (wrong.length !== 1) continue;
    const k = wrong[0];
    const miss = { pod: p.metadata.name ?? "", wants: `${k}=${sel[k]}` };
    const other = Object.keys(labels).find((l) => !Object.hasOwn(sel, l) && labels[l] === sel[k]);
    if (Object.hasOwn(labels, k)) {
      if (keys.length > 1 || looksLike(labels[k], sel[k])) out.push({ ...miss, has: `${k}=${labels[k]}` });
    } else if (other !== undefined) out.push({ ...miss, has: `${other}=${labels[other]}` });
    else if (keys.length > 1) out.push(miss);
  }
  return out.sort((a, b) => (a.pod < b.pod ? -1 : 1));
}
