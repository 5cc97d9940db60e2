// Controllers write status only when it really changed, so a settled cluster does no
// writes and its resourceVersions stay put, as on a real cluster.
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function putIfChanged(c: Cluster, obj: KObject, status: Record<string, unknown>): boolean {
  if (sameJson(obj.status, status)) return false;
  obj.status = status;
  c.api.put(obj);
  return true;
}
