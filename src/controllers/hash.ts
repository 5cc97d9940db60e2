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
  // Built as one string (a Deployment's template is hashed at each of its syncs): the text
  // is that of mapping and joining the parts, an undefined part written as nothing.
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) s += (i ? "," : "") + (stable(v[i]) ?? "");
    return `${s}]`;
  }
  if (v && typeof v === "object") {
    const keys = Object.keys(v).sort();
    let s = "{";
    for (let i = 0; i < keys.length; i++)
      s += `${i ? "," : ""}${JSON.stringify(keys[i])}:${stable((v as Record<string, unknown>)[keys[i]])}`;
    return `${s}}`;
  }
  return JSON.stringify(v);
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  // The template's zero creationTimestamp (stored as null) is left out, so a template hashes
  // the same whether or not it was stored before the null was written out.
  const t = template as { metadata?: Record<string, unknown> } | undefined;
  let input: unknown = template;
  if (t?.metadata && t.metadata.creationTimestamp === null) {
    const { creationTimestamp: _zero, ...metadata } = t.metadata;
    input = { ...t, metadata };
  }
  const s = stable(input) + (collisionCount ? String(collisionCount) : "");
  return safeEncode(String(fnv32a(s)));
}
