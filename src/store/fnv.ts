// The hash that places a key in a bucket's shard: FNV-1a over the key's UTF-16 code units.
// Changing it would move every stored object to another shard file.
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
