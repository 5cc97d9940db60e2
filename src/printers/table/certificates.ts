// The get columns of CertificateSigningRequests (printCertificateSigningRequest, v1.32):
// the signer, who asked, the requested duration and the condition kubectl summarizes as
// Pending, Approved or Denied, then ",Failed" and ",Issued".
import type { CertificateSigningRequest } from "../../api/types.js";
import { CSRS } from "../../apiserver/resources.js";
import { humanDuration } from "../age.js";
import { ageCol, type TableDef, table } from "./def.js";

/** extractCSRStatus: denial outranks approval, failure and issue are added. */
export function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let s = types.has("Denied") ? "Denied" : types.has("Approved") ? "Approved" : "Pending";
  if (types.has("Failed")) s += ",Failed";
  if (csr.status?.certificate) s += ",Issued";
  return s;
}

export const CERTIFICATE_TABLES: Record<string, TableDef> = {
  CertificateSigningRequest: table(CSRS, {
    columns: [
      { name: "NAME" },
      { name: "AGE" },
      { name: "SIGNERNAME" },
      { name: "REQUESTOR" },
      { name: "REQUESTEDDURATION" },
      { name: "CONDITION" },
    ],
    row: (csr, ctx) => [
      csr.metadata.name,
      ageCol(csr, ctx),
      csr.spec.signerName || "<none>",
      csr.spec.username ?? "",
      csr.spec.expirationSeconds === undefined ? "<none>" : humanDuration(csr.spec.expirationSeconds * 1000),
      csrCondition(csr),
    ],
  }),
};
