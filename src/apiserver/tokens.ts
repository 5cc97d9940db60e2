// The TokenRequest subresource of a ServiceAccount (serviceaccounts/NAME/token): the API
// server mints a JWT whose claims say who the account is and, for a bound token, which pod,
// secret or node it lives and dies with. `kubectl create token` asks for one, and so does the
// kubelet for a pod's projected serviceAccountToken volume. The shape is the real one
// (pkg/serviceaccount/claims.go): a base64url header, claims and an RS256-sized signature;
// the signature is a deterministic stand-in that only this cluster's authenticator (rest/authn.ts)
// recomputes.
import { sha256 } from "../util/digest.js";

export const DEFAULT_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
/** The issuer kind's API server is started with (--service-account-issuer). */
export const ISSUER = "https://kubernetes.default.svc.cluster.local";
/** What the kubelet asks for (TokenVolumeSource's expirationSeconds). */
export const KUBELET_TOKEN_SECONDS = 3607;
/**
 * --service-account-extend-token-expiration (on by default): a token asked for with exactly
 * 3607 s and bound to a pod is valid for a year, and `warnafter` records the 3607 s.
 */
const EXTENDED_SECONDS = 365 * 24 * 60 * 60;

export interface BoundRef {
  name: string;
  uid: string;
}

export interface TokenRequestSpec {
  namespace: string;
  serviceAccount: BoundRef;
  audiences?: string[];
  /** Requested lifetime; the server's default is one hour. */
  expirationSeconds?: number;
  pod?: BoundRef;
  secret?: BoundRef;
  node?: BoundRef;
  /** Unix seconds of the request (the simulated clock). */
  now: number;
  /** A uuid for the jti claim. */
  jti: string;
}

const b64url = (b: Buffer): string => b.toString("base64url");

let kid: string | undefined;
/**
 * The key id: a hash of the signing key, the same for every token of the cluster. Worked out
 * when a token is first made, so a command that makes none does not load crypto.
 */
const KID = (): string => (kid ??= b64url(sha256("kubesim service account signing key")).slice(0, 43));

export interface MintedToken {
  token: string;
  expirationTimestamp: number;
}

export function mintToken(req: TokenRequestSpec): MintedToken {
  const requested = req.expirationSeconds ?? 3600;
  const extend = requested === KUBELET_TOKEN_SECONDS && !!req.pod;
  const exp = req.now + (extend ? EXTENDED_SECONDS : requested);
  // go-jose merges the public and private claims through a map, so every level is in key order.
  const k8s: Record<string, unknown> = { namespace: req.namespace };
  if (req.node) k8s.node = { name: req.node.name, uid: req.node.uid };
  if (req.pod) k8s.pod = { name: req.pod.name, uid: req.pod.uid };
  if (req.secret) k8s.secret = { name: req.secret.name, uid: req.secret.uid };
  k8s.serviceaccount = { name: req.serviceAccount.name, uid: req.serviceAccount.uid };
  if (extend) k8s.warnafter = req.now + requested;
  const claims = {
    aud: req.audiences?.length ? req.audiences : [DEFAULT_AUDIENCE],
    exp,
    iat: req.now,
    iss: ISSUER,
    jti: req.jti,
    "kubernetes.io": k8s,
    nbf: req.now,
    sub: `system:serviceaccount:${req.namespace}:${req.serviceAccount.name}`,
  };
  const header = b64url(Buffer.from(JSON.stringify({ alg: "RS256", kid: KID() })));
  const payload = b64url(Buffer.from(JSON.stringify(claims)));
  return { token: `${header}.${payload}.${signature(`${header}.${payload}`)}`, expirationTimestamp: exp };
}

/** An RSA-2048 signature is 256 bytes: eight SHA-256 blocks chained from the signed part. */
function signature(signed: string): string {
  const blocks: Buffer[] = [];
  let seed = signed;
  for (let i = 0; i < 8; i++) {
    const d = sha256(seed);
    blocks.push(d);
    seed = d.toString("hex");
  }
  return b64url(Buffer.concat(blocks));
}

/** The claims of a token this cluster signed, as the authenticator reads them. */
export interface TokenClaims {
  aud: string[];
  exp: number;
  nbf: number;
  iss: string;
  sub: string;
  "kubernetes.io": {
    namespace: string;
    serviceaccount: BoundRef;
    pod?: BoundRef;
    secret?: BoundRef;
    node?: BoundRef;
  };
}

/**
 * The signature check of the JWT authenticator: a token this cluster's key signed gives its
 * claims; anything else (another cluster's token, a typo, a truncated paste) gives undefined.
 * The claims' validity (time, audience, the objects it is bound to) is the caller's to check.
 */
export function verifySignature(token: string): TokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || signature(`${parts[0]}.${parts[1]}`) !== parts[2]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as TokenClaims;
    return claims?.["kubernetes.io"]?.serviceaccount ? claims : undefined;
  } catch {
    return undefined;
  }
}
