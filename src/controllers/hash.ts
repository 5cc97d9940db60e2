// pod-template-hash: an FNV-32a hash of the pod template, written as decimal digits mapped
// through SafeEncodeString's alphabet, as the deployment controller names ReplicaSets.

const SAFE = "bcdfghjklmnpqrstvwxz2456789";

export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, "utf8");
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character indexes the safe alphabet by its code. */
export function safeEncode(s: string): string {
  let out = "";
  for (const ch of s) out += SAFE[ch.charCodeAt(0) % SAFE.length];
  return out;
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const s = stable(template) + (collisionCount ? String(collisionCount) : "");
  return safeEncode(String(fnv32a(s)));
}
