// API errors as the apiserver returns them: a Status with a reason, a code and a message.
// kubectl formats them once (src/kubectl/errors.ts), so every verb prints the same words.
import { qualifiedPlural, type ResourceType } from "./resources.js";

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Invalid"
  | "BadRequest"
  | "Conflict"
  | "Forbidden"
  | "MethodNotAllowed"
  | "InternalError";

export class StatusError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly code: number,
    /** For Invalid: the kind and name the message is about. */
    readonly details?: { kind?: string; name?: string; causes?: string[] },
  ) {
    super(message);
  }
}

export function notFound(r: ResourceType, name: string): StatusError {
  return new StatusError("NotFound", `${qualifiedPlural(r)} "${name}" not found`, 404);
}

export function alreadyExists(r: ResourceType, name: string): StatusError {
  return new StatusError("AlreadyExists", `${qualifiedPlural(r)} "${name}" already exists`, 409);
}

/**
 * The authorization filter's refusal (responsewriters.Forbidden): what was asked, by whom,
 * where, and the authorizer's reason when it has one.
 */
export function forbiddenRequest(
  user: string,
  verb: string,
  r: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  reason: string,
  subresource?: string,
): StatusError {
  const resource = subresource ? `${r.plural}/${subresource}` : r.plural;
  const where = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  let why = `User "${user}" cannot ${verb} resource "${resource}" in API group "${r.group}" ${where}`;
  if (reason) why += `: ${reason}`;
  const what = name ? `${qualifiedPlural(r)} "${name}"` : qualifiedPlural(r);
  return new StatusError("Forbidden", `${what} is forbidden: ${why}`, 403);
}

export function badRequest(message: string): StatusError {
  return new StatusError("BadRequest", message, 400);
}

/** causes are formatted field errors (`spec.ports[0].port: Invalid value: 0: ...`). */
export function invalid(kind: string, name: string, causes: string[], group = ""): StatusError {
  // utilerrors.Aggregate: one error as itself, several in brackets.
  const agg = causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`;
  // NewInvalid names the group kind (`Deployment.apps`); kubectl's own line names the kind.
  const gk = group ? `${kind}.${group}` : kind;
  return new StatusError("Invalid", `${gk} "${name}" is invalid: ${agg}`, 422, {
    kind,
    name,
    causes,
  });
}
