// The TokenRequest JWT: three base64url parts, claims in go-jose's key order, the kubelet's
// 3607 s pod-bound request extended to a year with warnafter, and an RS256-sized signature.
import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIENCE, mintToken } from "./tokens.js";

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
const base = {
  namespace: "default",
  serviceAccount: { name: "default", uid: "sa-uid" },
  now: 1_795_773_600,
  jti: "11111111-2222-4333-a444-555555555555",
};

describe("mintToken", () => {
  it("is header.claims.signature in base64url with the real claims", () => {
    const { token, expirationTimestamp } = mintToken(base);
    const parts = token.split(".");
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decode(parts[0])).toEqual({ alg: "RS256", kid: expect.any(String) });
    expect(Object.keys(decode(parts[1]))).toEqual([
      "aud",
      "exp",
      "iat",
      "iss",
      "jti",
      "kubernetes.io",
      "nbf",
      "sub",
    ]);
    expect(decode(parts[1])).toMatchObject({
      aud: [DEFAULT_AUDIENCE],
      exp: base.now + 3600,
      iat: base.now,
      nbf: base.now,
      sub: "system:serviceaccount:default:default",
      "kubernetes.io": { namespace: "default", serviceaccount: { name: "default", uid: "sa-uid" } },
    });
    expect(expirationTimestamp).toBe(base.now + 3600);
    expect(Buffer.from(parts[2], "base64url")).toHaveLength(256);
  });

  it("extends the kubelet's pod-bound 3607 s token to a year and records warnafter", () => {
    const { token } = mintToken({
      ...base,
      expirationSeconds: 3607,
      pod: { name: "web", uid: "p" },
      node: { name: "kind-worker", uid: "n" },
    });
    const claims = decode(token.split(".")[1]);
    expect(claims.exp).toBe(base.now + 365 * 24 * 3600);
    expect(Object.keys(claims["kubernetes.io"])).toEqual([
      "namespace",
      "node",
      "pod",
      "serviceaccount",
      "warnafter",
    ]);
    expect(claims["kubernetes.io"].warnafter).toBe(base.now + 3607);
  });

  it("keeps a requested lifetime and audiences as asked", () => {
    const claims = decode(
      mintToken({ ...base, expirationSeconds: 600, audiences: ["a", "b"] }).token.split(".")[1],
    );
    expect(claims.aud).toEqual(["a", "b"]);
    expect(claims.exp).toBe(base.now + 600);
  });
});
