// The API server's section of the persisted cluster state: the resourceVersion counter
// (etcd's revision) and the creation order of Services, which the kubelet reads to know
// which Services existed when a container started (their environment variables).

export interface ApiServerState {
  resourceVersion: number;
  /** Creation order of Services (uid -> n). */
  serviceSeq?: { last: number; byUid: Record<string, number> };
}
