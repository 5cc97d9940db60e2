// coordination.k8s.io/v1 Lease: the node heartbeats and the control plane's leader elections.
import { i32, microTime, named, str, struct } from "./dsl.js";
import { typeMetaFields } from "./meta.js";

export const lease = struct("Lease", {
  ...typeMetaFields,
  spec: struct("LeaseSpec", {
    holderIdentity: str,
    leaseDurationSeconds: i32,
    acquireTime: microTime,
    renewTime: microTime,
    leaseTransitions: i32,
    strategy: named("CoordinatedLeaseStrategy"),
    preferredHolder: str,
  }),
});
