import * as crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { type DigestAlgorithm, digest, sha256 } from "./digest.js";

const inputs: (string | Uint8Array)[] = [
  "",
  "kubesim service account signing key",
  "default/kubernetes:https" + "tcp",
  "ünïcødé ✓ 名前",
  "x".repeat(1000),
  Buffer.from([0, 1, 2, 255, 254]),
  new Uint8Array(200_000).fill(7),
  "y".repeat(300_000),
];

describe("digest", () => {
  it("gives Node's bytes for every algorithm, strings as UTF-8", () => {
    for (const alg of ["sha1", "sha256", "sha512"] as DigestAlgorithm[])
      for (const data of inputs)
        expect(digest(alg, data).toString("hex")).toBe(crypto.createHash(alg).update(data).digest("hex"));
  });

  it("keeps giving them once the native hash takes over", () => {
    // Far past the JavaScript digests: every one must still match.
    for (let i = 0; i < 1200; i++) {
      const text = `ns/svc-${i}:http`;
      expect(sha256(text).equals(crypto.createHash("sha256").update(text).digest())).toBe(true);
    }
  });

  it("returns a Buffer of the digest's length", () => {
    expect(Buffer.isBuffer(sha256("a"))).toBe(true);
    expect(digest("sha1", "a").length).toBe(20);
    expect(digest("sha512", "a").length).toBe(64);
  });
});
