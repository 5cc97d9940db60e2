// The API server's section of the persisted cluster state: the resourceVersion counter
// (etcd's revision) and the count of Services created, whose order the kubelet reads to know
// which Services existed when a container started (their environment variables); it reads
// its --service-cluster-ip-range from the cluster's settings.

import type { SubnetSettings } from "../util/subnets.js";

export interface ApiServerState {
  resourceVersion: number;
  /**
   * Creation order of Services: the last number given. Each Service's number is in the
   * serviceseq bucket (serviceseq.ts); byUid held them in states written before it, and is
   * empty since.
   */
  serviceSeq?: { last: number; byUid: Record<string, number> };
  /** The cluster's settings: the apiserver's --service-cluster-ip-range is kind's serviceSubnet. */
  settings?: SubnetSettings;
}
