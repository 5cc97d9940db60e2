// Who a request to the API server's port is: the authenticators kind's kube-apiserver runs for
// a client without a certificate. A bearer token this cluster signed for a ServiceAccount
// (pkg/serviceaccount: the signature, the time window, the audience, and the objects the
// token is bound to still existing with the same uid) makes the request that account's; a
// bearer token that fails any check is refused (401); no token at all is system:anonymous
// (--anonymous-auth defaults to true).

import type { UserInfo } from "../rbac/authorizer.js";
import { PODS, SECRETS, SERVICEACCOUNTS } from "../resources.js";
import type { ApiServer } from "../server.js";
import { ISSUER, verifySignature } from "../tokens.js";

export const ANONYMOUS: UserInfo = { name: "system:anonymous", groups: ["system:unauthenticated"] };

/** The JWT validator allows this much clock skew on exp and nbf. */
const LEEWAY_SECONDS = 60;

export type Authn = { ok: true; user: UserInfo } | { ok: false };

/** The request's user from its Authorization header; `nowMs` is the simulated clock. */
export function authenticate(api: ApiServer, authorization: string | undefined, nowMs: number): Authn {
  const m = /^Bearer\s+(.*)$/i.exec(authorization?.trim() ?? "");
  // Basic credentials and other schemes have no authenticator: the request stays anonymous.
  if (!m) return { ok: true, user: ANONYMOUS };
  const token = m[1].trim();
  if (!token) return { ok: true, user: ANONYMOUS };
  const claims = verifySignature(token);
  if (!claims || claims.iss !== ISSUER) return { ok: false };
  const now = Math.floor(nowMs / 1000);
  if (claims.exp + LEEWAY_SECONDS < now || claims.nbf - LEEWAY_SECONDS > now) return { ok: false };
  if (!(claims.aud ?? []).includes(ISSUER)) return { ok: false };
  const k8s = claims["kubernetes.io"];
  const ns = k8s.namespace;
  const sa = api.get(SERVICEACCOUNTS, ns, k8s.serviceaccount.name);
  if (!sa || sa.metadata.uid !== k8s.serviceaccount.uid) return { ok: false };
  if (k8s.pod) {
    const pod = api.get(PODS, ns, k8s.pod.name);
    if (!pod || pod.metadata.uid !== k8s.pod.uid) return { ok: false };
    // A terminating pod's token lives until the pod's grace period is over.
    const gone = pod.metadata.deletionTimestamp;
    if (gone && Date.parse(gone) < nowMs) return { ok: false };
  }
  if (k8s.secret) {
    const secret = api.get(SECRETS, ns, k8s.secret.name);
    if (!secret || secret.metadata.uid !== k8s.secret.uid) return { ok: false };
  }
  return {
    ok: true,
    user: {
      name: `system:serviceaccount:${ns}:${sa.metadata.name}`,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    },
  };
}
