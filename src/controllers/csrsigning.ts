// kube-controller-manager's csrsigning controller as kubeadm (and so kind) configures it:
// the cluster CA signs approved requests for the kube-apiserver-client, kubelet-serving and
// kube-apiserver-client-kubelet signers once each signer's rules hold, and marks the request
// Failed (SignerValidationFailure) when they do not. Other signers are left to whoever
// implements them: an approved request for example.com/x stays Approved without certificate.
import type { CertificateSigningRequest } from "../api/types.js";
import { updateStatus } from "../apiserver/certificates/approval.js";
import { type ParsedCsr, parseCsr } from "../apiserver/certificates/csr.js";
import { issueCertificate } from "../apiserver/certificates/sign.js";
import { CSRS } from "../apiserver/resources.js";
import { Rng } from "../util/rng.js";
import type { ControllerContext } from "./context.js";

/** --cluster-signing-duration's default (8760h): the longest certificate the signer issues. */
const MAX_TTL_MS = 365 * 24 * 3600 * 1000;
/** The signer backdates NotBefore by five minutes for clock skew. */
const BACKDATE_MS = 5 * 60 * 1000;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/** validAPIServerClientUsages. */
function apiServerClient(_r: ParsedCsr, usages: readonly string[]): string | undefined {
  let clientAuth = false;
  for (const u of usages) {
    if (u === "client auth") clientAuth = true;
    else if (u !== "digital signature" && u !== "key encipherment")
      return `invalid usage for client certificate: ${u}`;
  }
  return clientAuth ? undefined : "missing required usage for client certificate: client auth";
}

const isNodesOrg = (r: ParsedCsr) =>
  r.subject.organization.length === 1 && r.subject.organization[0] === "system:nodes";
const isNodeName = (r: ParsedCsr) => r.subject.commonName.startsWith("system:node:");

/** ValidateKubeletServingCSR. */
function kubeletServing(r: ParsedCsr, usages: readonly string[]): string | undefined {
  if (!isNodesOrg(r)) return "subject organization is not system:nodes";
  if (r.dnsNames.length === 0 && r.ipAddresses.length === 0) return "DNS or IP subjectAltName is required";
  if (r.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (r.uris.length) return "URI subjectAltNames are not allowed";
  if (
    !sameSet(usages, ["digital signature", "key encipherment", "server auth"]) &&
    !sameSet(usages, ["digital signature", "server auth"])
  )
    return "usages did not match [digital signature key encipherment server auth]";
  if (!isNodeName(r)) return "subject common name does not begin with system:node:";
  return undefined;
}

/** ValidateKubeletClientCSR. */
function kubeletClient(r: ParsedCsr, usages: readonly string[]): string | undefined {
  if (!isNodesOrg(r)) return "subject organization is not system:nodes";
  if (r.dnsNames.length) return "DNS subjectAltNames are not allowed";
  if (r.emailAddresses.length) return "Email subjectAltNames are not allowed";
  if (r.ipAddresses.length) return "IP subjectAltNames are not allowed";
  if (r.uris.length) return "URI subjectAltNames are not allowed";
  if (!isNodeName(r)) return "subject common name does not begin with system:node:";
  if (
    !sameSet(usages, ["digital signature", "key encipherment", "client auth"]) &&
    !sameSet(usages, ["digital signature", "client auth"])
  )
    return "usages did not match [client auth digital signature key encipherment]";
  return undefined;
}

const SIGNERS: Record<string, (r: ParsedCsr, usages: readonly string[]) => string | undefined> = {
  "kubernetes.io/kube-apiserver-client": apiServerClient,
  "kubernetes.io/kubelet-serving": kubeletServing,
  "kubernetes.io/kube-apiserver-client-kubelet": kubeletClient,
};

const has = (csr: CertificateSigningRequest, type: string) =>
  (csr.status?.conditions ?? []).some((c) => c.type === type);

function bytesOf(rng: Rng, n: number): Buffer {
  return Buffer.from(rng.hex(n * 2), "hex");
}

export function syncCsrSigning(c: ControllerContext): boolean {
  let changed = false;
  const admission = { api: c.api, rng: c.rng, t: c.clock.now() };
  for (const csr of c.api.all(CSRS)) {
    const rules = SIGNERS[csr.spec.signerName];
    if (!rules || !has(csr, "Approved") || has(csr, "Denied") || has(csr, "Failed")) continue;
    if (csr.status?.certificate) continue;
    const request = parseCsr(Buffer.from(csr.spec.request, "base64"));
    const usages = csr.spec.usages ?? [];
    const failure = rules(request, usages);
    const now = c.clock.now();
    if (failure) {
      const conditions = [...(csr.status?.conditions ?? [])];
      conditions.push({
        type: "Failed",
        status: "True",
        reason: "SignerValidationFailure",
        message: failure,
      });
      updateStatus(admission, { ...csr.status, conditions }, csr);
    } else {
      const ttl = Math.min(MAX_TTL_MS, (csr.spec.expirationSeconds ?? Number.POSITIVE_INFINITY) * 1000);
      // One signer key for every cluster; the serial from the request's own sequence, so
      // issuing draws nothing from the cluster's.
      const pem = issueCertificate({
        csr: request,
        usages,
        seed: bytesOf(Rng.forKey("kube-controller-manager/csrsigning/ca"), 32),
        serial: bytesOf(Rng.forKey(`kube-controller-manager/csrsigning/${csr.metadata.uid}`), 16),
        notBefore: now - BACKDATE_MS,
        notAfter: now + ttl,
      });
      updateStatus(admission, { ...csr.status, certificate: Buffer.from(pem).toString("base64") }, csr);
    }
    changed = true;
  }
  return changed;
}
