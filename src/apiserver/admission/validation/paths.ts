// Path checks for subPath, hostPath and projected file paths.
import { type FieldError, invalid } from "./errors.js";

/** validatePathNoBacksteps: one error is enough even for "../../..". */
export function validatePathNoBacksteps(field: string, p: string): FieldError[] {
  return p.split("/").includes("..") ? [invalid(field, p, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(field: string, p: string): FieldError[] {
  const errs: FieldError[] = p.startsWith("/") ? [invalid(field, p, "must be a relative path")] : [];
  return [...errs, ...validatePathNoBacksteps(field, p)];
}

export function validateLocalNonReservedPath(field: string, p: string): FieldError[] {
  const errs = validateLocalDescendingPath(field, p);
  // The ".." element check above already covers "../x".
  if (p.startsWith("..") && !p.startsWith("../")) errs.push(invalid(field, p, "must not start with '..'"));
  return errs;
}
