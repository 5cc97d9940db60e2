// kubectl describe csr (describeCertificateSigningRequest, v1.32): who asked, the signer,
// the requested duration and status, then the request's subject and alternative names as
// kubectl parses them from spec.request.
import type { CertificateSigningRequest, KObject } from "../../api/types.js";
import { parseCsr } from "../../apiserver/certificates/csr.js";
import { humanDuration } from "../age.js";
import { csrCondition } from "../table/certificates.js";
import { describeEvents, formatLabels, formatTime } from "./helpers.js";
import { LEVEL_0, type PrefixWriter, tabbedString } from "./writer.js";

/** printListHelper: values after the name, continued lines under the first value. */
function list(w: PrefixWriter, prefix: string, name: string, values: readonly string[]): void {
  if (values.length === 0) return;
  w.write(LEVEL_0, `${prefix}${name}:\t${values.join(`\n${prefix}\t`)}\n`);
}

export function describeCertificateSigningRequest(
  csr: CertificateSigningRequest,
  events: KObject[],
  now: number,
): string {
  // kubectl refuses to describe a request it cannot parse; admission never stores one.
  const cr = parseCsr(Buffer.from(csr.spec.request, "base64"));
  const m = csr.metadata;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${m.name}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(m.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(m.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatTime(m.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${csr.spec.username ?? ""}\n`);
    if (csr.spec.signerName) w.write(LEVEL_0, `Signer:\t${csr.spec.signerName}\n`);
    if (csr.spec.expirationSeconds !== undefined)
      w.write(LEVEL_0, `Requested Duration:\t${humanDuration(csr.spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${csrCondition(csr)}\n`);
    w.write(LEVEL_0, "Subject:\n");
    w.write(LEVEL_0, `\tCommon Name:\t${cr.subject.commonName}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${cr.subject.serialNumber}\n`);
    list(w, "\t", "Organization", cr.subject.organization);
    list(w, "\t", "Organizational Unit", cr.subject.organizationalUnit);
    list(w, "\t", "Country", cr.subject.country);
    list(w, "\t", "Locality", cr.subject.locality);
    list(w, "\t", "Province", cr.subject.province);
    list(w, "\t", "StreetAddress", cr.subject.streetAddress);
    list(w, "\t", "PostalCode", cr.subject.postalCode);
    if (cr.dnsNames.length + cr.emailAddresses.length + cr.ipAddresses.length + cr.uris.length > 0) {
      w.write(LEVEL_0, "Subject Alternative Names:\n");
      list(w, "\t", "DNS Names", cr.dnsNames);
      list(w, "\t", "Email Addresses", cr.emailAddresses);
      list(w, "\t", "URIs", cr.uris);
      list(w, "\t", "IP Addresses", cr.ipAddresses);
    }
    describeEvents(events, w, now);
  });
}
