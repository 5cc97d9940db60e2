// The Status objects the API server answers failures with (apimachinery's api/errors), in
// metav1.Status's field order (built in it): who may not do what, what is not there, who is not anyone.
import type { Attributes } from "../rbac/authorizer.js";

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

function status(code: number, reason: string, message: string, d?: Status["details"]): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(d ? { details: d } : {}),
    code,
  };
}

/** A group/resource as schema.GroupResource.String() prints it: "pods", "deployments.apps". */
export function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** responsewriters.Forbidden: the authorizer said no (or had no opinion). */
export function forbidden(a: Attributes, reason: string): Status {
  const user = a.user.name;
  let msg: string;
  if (a.resource === undefined) msg = `User "${user}" cannot ${a.verb} path "${a.path ?? ""}"`;
  else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const where = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
    msg = `User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup ?? ""}" ${where}`;
  }
  if (reason) msg = `${msg}: ${reason}`;
  const group = a.apiGroup ?? "";
  const resource = a.resource ?? "";
  const name = a.name ?? "";
  let message: string;
  if (!resource && !group) message = `forbidden: ${msg}`;
  else if (!name) message = `${qualified(group, resource)} is forbidden: ${msg}`;
  else message = `${qualified(group, resource)} "${name}" is forbidden: ${msg}`;
  return status(403, "Forbidden", message, {
    ...(name ? { name } : {}),
    ...(group ? { group } : {}),
    ...(resource ? { kind: resource } : {}),
  });
}

export function unauthorized(): Status {
  return status(401, "Unauthorized", "Unauthorized");
}

export function notFound(group: string, resource: string, name: string): Status {
  return status(404, "NotFound", `${qualified(group, resource)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

/** What the mux answers for a path no handler serves. */
export function noSuchPath(): Status {
  return status(404, "NotFound", "the server could not find the requested resource", {});
}

export function badRequest(message: string): Status {
  return status(400, "BadRequest", message);
}

export function methodNotAllowed(): Status {
  return status(
    405,
    "MethodNotAllowed",
    "the server does not allow this method on the requested resource",
    {},
  );
}

/** The proxy subresources' answer when the backend cannot be reached or has no endpoint. */
export function serviceUnavailable(message: string): Status {
  return status(503, "ServiceUnavailable", message);
}
