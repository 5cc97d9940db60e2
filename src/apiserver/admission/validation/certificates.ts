// CertificateSigningRequest validation (pkg/apis/certificates/validation, v1.32): the request
// must be a signed PEM CERTIFICATE REQUEST, usages known and not repeated, the signer a
// domain-qualified name (legacy-unknown is refused through v1), expirationSeconds at least
// ten minutes; Approved and Denied exclude each other and, outside the approval
// subresource, cannot be added or changed.

import { checkSignature, parseCsr } from "../../certificates/csr.js";
import { GoRepr } from "../gofmt.js";
import type { Obj } from "../raw.js";
import {
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  sortedList,
  tooLong,
} from "./errors.js";
import { arr, isObj, semanticEqual, str, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { isDNS1123Label, isDNS1123Subdomain } from "./names.js";

export const USAGES = sortedList([
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
]);

/** %#v of a []byte: every byte in hex, as Go prints the bad request. */
export function goBytes(b: Buffer): GoRepr {
  return new GoRepr(`[]byte{${[...b].map((x) => `0x${x.toString(16)}`).join(", ")}}`);
}

const requestBytes = (o: Obj): Buffer =>
  Buffer.from(str(isObj(o.spec) ? o.spec.request : undefined), "base64");

/** ValidateCertificateSigningRequestSignerName. */
function validateSignerName(path: string, signer: string): FieldError[] {
  if (!signer) return [required(path, "signerName must be provided")];
  const segs = signer.split("/");
  if (segs.length !== 2)
    return [
      invalid(
        path,
        signer,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    ];
  const errs: FieldError[] = [];
  if (segs[0].length > 253) errs.push(tooLong(path, 253));
  const domain = segs[0].split(".");
  for (const l of domain) {
    const e = isDNS1123Label(l);
    for (const m of e) errs.push(invalid(path, segs[0], `validating label ${JSON.stringify(l)}: ${m}`));
    if (e.length) break;
  }
  if (domain.length < 2)
    errs.push(invalid(path, segs[0], "should be a domain with at least two segments separated by dots"));
  for (const l of segs[1].split(".")) {
    const e = isDNS1123Subdomain(l);
    for (const m of e) errs.push(invalid(path, segs[1], `validating label ${JSON.stringify(l)}: ${m}`));
    if (e.length) break;
  }
  if (signer.length > 571) errs.push(tooLong(path, 571));
  return errs;
}

function validateConditions(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  const conds = arr(isObj(o.status) ? o.status.conditions : undefined);
  for (const [i, c0] of conds.entries()) {
    const c = isObj(c0) ? c0 : {};
    const p = index("status.conditions", i);
    const type = str(c.type);
    if (!type) errs.push(required(`${p}.type`, ""));
    const trueOnly = ["Approved", "Denied", "Failed"].includes(type);
    const allowed = trueOnly ? ["True"] : ["False", "True", "Unknown"];
    if (!str(c.status)) errs.push(required(`${p}.status`, ""));
    else if (!allowed.includes(str(c.status))) errs.push(notSupported(`${p}.status`, str(c.status), allowed));
    if (type === "Approved") {
      approved = true;
      if (denied)
        errs.push(invalid(`${p}.type`, type, "Approved and Denied conditions are mutually exclusive"));
    } else if (type === "Denied") {
      denied = true;
      if (approved)
        errs.push(invalid(`${p}.type`, type, "Approved and Denied conditions are mutually exclusive"));
    }
    if (seen.has(type)) errs.push(duplicate(`${p}.type`, type));
    seen.add(type);
  }
  return errs;
}

export function validateCertificateSigningRequest(o: Obj): FieldError[] {
  const errs = validateObjectMeta(o.metadata, false, () => []);
  const spec = isObj(o.spec) ? o.spec : {};
  const request = requestBytes(o);
  try {
    checkSignature(parseCsr(request));
  } catch (e) {
    errs.push(invalid("spec.request", goBytes(request), (e as Error).message));
  }
  const usages = arr(spec.usages).map((u) => str(u));
  if (usages.length === 0) errs.push(required("spec.usages", "usages must be provided"));
  for (const [i, u] of usages.entries())
    if (!USAGES.includes(u)) errs.push(notSupported(index("spec.usages", i), u, USAGES));
  const seen = new Set<string>();
  for (const [i, u] of usages.entries()) {
    if (seen.has(u)) errs.push(duplicate(index("spec.usages", i), u));
    seen.add(u);
  }
  const signer = str(spec.signerName);
  if (signer === "kubernetes.io/legacy-unknown")
    errs.push(
      invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version"),
    );
  else errs.push(...validateSignerName("spec.signerName", signer));
  if (typeof spec.expirationSeconds === "number" && spec.expirationSeconds < 600)
    errs.push(
      invalid(
        "spec.expirationSeconds",
        spec.expirationSeconds,
        "may not specify a duration less than 600 seconds (10 minutes)",
      ),
    );
  errs.push(...validateConditions(o));
  return errs;
}

const conditionsOf = (o: Obj, type: string) =>
  arr(isObj(o.status) ? o.status.conditions : undefined).filter((c) => isObj(c) && c.type === type);

/** The update rules; `approval` is the approval subresource, which may add Approved/Denied. */
export function validateCertificateSigningRequestUpdate(o: Obj, old: Obj, approval = false): FieldError[] {
  const errs = validateCertificateSigningRequest(o).filter((e) => !e.field.startsWith("metadata."));
  errs.unshift(...validateObjectMetaUpdate(o.metadata, old.metadata));
  for (const t of ["Approved", "Denied", "Failed"])
    if (conditionsOf(o, t).length < conditionsOf(old, t).length)
      errs.push(
        forbidden("status.conditions", `updates may not remove a condition of type ${JSON.stringify(t)}`),
      );
  if (!approval)
    for (const t of ["Approved", "Denied"]) {
      const [n, was] = [conditionsOf(o, t), conditionsOf(old, t)];
      if (n.length > was.length)
        errs.push(
          forbidden("status.conditions", `updates may not add a condition of type ${JSON.stringify(t)}`),
        );
      else if (n.length === was.length && !semanticEqual(n, was))
        errs.push(
          forbidden("status.conditions", `updates may not modify a condition of type ${JSON.stringify(t)}`),
        );
    }
  return errs;
}
