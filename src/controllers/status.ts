// Controllers write status only when it really changed, so a settled cluster does no
// writes and its resourceVersions stay put, as on a real cluster.
import type { Stored } from "../api/types.js";
import type { ControllerContext } from "./context.js";

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes `status` as obj's status if it differs; `S` ties the status to the object's kind. */
export function putIfChanged<S>(c: ControllerContext, obj: Stored<{ status?: S }>, status: S): boolean {
  if (sameJson(obj.status, status)) return false;
  obj.status = status;
  c.api.put(obj);
  return true;
}
