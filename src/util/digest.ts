// SHA digests, as Node's crypto.createHash(alg).update(data).digest() gives them. Most
// commands make a handful (a container id, a token's signature, a kube-proxy chain name), and
// loading node:crypto for them cost every exec, curl and scale about 3.5 ms of its start:
// @noble/hashes computes those few in JavaScript already compiled into the bundle's code
// cache. Past NATIVE_AFTER digests in one process (a kube-proxy sync at 10,000 Services hashes
// 30,000 chain names), Node's native one-shot hash takes over: it is about twice as fast per
// short digest, and by then its load is noise. So it does for a large input (a container's
// whole file tree), where native hashing is ten times as fast. Both give the same bytes
// (digest.test.ts).

import * as crypto from "node:crypto";
import { sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256, sha512 as nobleSha512 } from "@noble/hashes/sha2.js";

export type DigestAlgorithm = "sha1" | "sha256" | "sha512";

/** The JavaScript hash, looked up per call: the bundle loads @noble/hashes when first read. */
function noble(alg: DigestAlgorithm): (data: Uint8Array) => Uint8Array {
  return alg === "sha256" ? nobleSha256 : alg === "sha1" ? nobleSha1 : nobleSha512;
}

/** Digests made in JavaScript before the native hash is loaded and used instead. */
const NATIVE_AFTER = 500;
/** Inputs this long (bytes or UTF-16 units) go to the native hash: 2 ms in JavaScript. */
const NATIVE_SIZE = 256 * 1024;
let made = 0;

/** The digest of `data` (a string is hashed as UTF-8, as Hash.update does). */
export function digest(alg: DigestAlgorithm, data: string | Uint8Array): Buffer {
  if (++made > NATIVE_AFTER || data.length >= NATIVE_SIZE) return crypto.hash(alg, data, "buffer");
  const out = noble(alg)(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** sha256 of `data`: the digest most callers want. */
export const sha256 = (data: string | Uint8Array): Buffer => digest("sha256", data);
