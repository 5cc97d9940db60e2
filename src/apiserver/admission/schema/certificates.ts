// certificates.k8s.io/v1 CertificateSigningRequest: the field tree strict decoding checks.
import { bytes, i32, list, named, str, strList, struct, time } from "./dsl.js";
import { typeMetaFields } from "./meta.js";

export const certificateSigningRequest = struct("CertificateSigningRequest", {
  ...typeMetaFields,
  spec: struct("CertificateSigningRequestSpec", {
    request: bytes,
    signerName: str,
    expirationSeconds: i32,
    usages: list(named("KeyUsage")),
    username: str,
    uid: str,
    groups: strList,
    extra: { kind: "map", go: "map[string]v1.ExtraValue", values: strList },
  }),
  status: struct("CertificateSigningRequestStatus", {
    conditions: list(
      struct("CertificateSigningRequestCondition", {
        type: named("RequestConditionType"),
        status: named("ConditionStatus"),
        reason: str,
        message: str,
        lastUpdateTime: time,
        lastTransitionTime: time,
      }),
    ),
    certificate: bytes,
  }),
});
