// The CSR's approval and status subresources (pkg/registry/certificates): the approval
// one changes only the conditions (kubectl certificate approve|deny), the status one only
// what the signer writes; both stamp the conditions' missing times as the strategies do.
import type { CertificateSigningRequest } from "../../api/types.js";
import { rfc3339 } from "../../golang/time.js";
import { formatFieldError } from "../admission/index.js";
import { validateCertificateSigningRequestUpdate } from "../admission/validation/certificates.js";
import type { AdmissionContext } from "../context.js";
import { invalid } from "../errors.js";
import { CSRS } from "../resources.js";

type Condition = NonNullable<NonNullable<CertificateSigningRequest["status"]>["conditions"]>[number];

/** populateConditionTimestamps: an unchanged condition keeps its transition time. */
function stampTimes(next: CertificateSigningRequest, old: CertificateSigningRequest, now: string): void {
  for (const c of next.status?.conditions ?? []) {
    c.lastUpdateTime ??= now;
    if (c.lastTransitionTime) continue;
    const was = (old.status?.conditions ?? []).find((o: Condition) => o.type === c.type);
    c.lastTransitionTime =
      was && was.status === c.status && was.lastTransitionTime ? was.lastTransitionTime : now;
  }
}

function write(
  c: AdmissionContext,
  next: CertificateSigningRequest,
  old: CertificateSigningRequest,
  approval: boolean,
): CertificateSigningRequest {
  stampTimes(next, old, rfc3339(c.t));
  const errs = validateCertificateSigningRequestUpdate(next, old, approval);
  if (errs.length)
    throw invalid(next.kind, next.metadata.name ?? "", errs.map(formatFieldError), "certificates.k8s.io");
  return c.api.put(next);
}

/** PUT …/approval: the new conditions over the stored spec and certificate. */
export function updateApproval(
  c: AdmissionContext,
  conditions: Condition[],
  old: CertificateSigningRequest,
): CertificateSigningRequest {
  c.api.authorizeRequest("update", CSRS, undefined, old.metadata.name, "approval");
  const next = structuredClone(old);
  next.status = { ...next.status, conditions };
  return c.api.internally(() => write(c, next, old, true));
}

/** PUT …/status: the signer's certificate or Failed condition; Approved/Denied cannot change here. */
export function updateStatus(
  c: AdmissionContext,
  status: NonNullable<CertificateSigningRequest["status"]>,
  old: CertificateSigningRequest,
): CertificateSigningRequest {
  const next = structuredClone(old);
  next.status = status;
  return write(c, next, old, false);
}
