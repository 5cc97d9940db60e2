// Probe and lifecycle handler validation (validateHandler, validate*Probe).

import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, invalid, notSupported, required } from "./errors.js";
import { arr, isObj, nonNegative, str } from "./meta.js";
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from "./names.js";

export function validatePortNumOrName(path: string, port: unknown): FieldError[] {
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = typeof port === "number" ? port : 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

function validateHandler(
  path: string,
  h: Obj,
  gracePeriod: number | undefined,
  lifecycle: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const kinds = lifecycle
    ? ["exec", "httpGet", "tcpSocket", "sleep"]
    : ["exec", "httpGet", "tcpSocket", "grpc"];
  for (const kind of ["exec", "httpGet", "tcpSocket", "grpc", "sleep"]) {
    if (!kinds.includes(kind) || !isObj(h[kind])) continue;
    const kp = child(path, kind);
    if (n++ > 0) {
      errs.push(forbidden(kp, "may not specify more than 1 handler type"));
      continue;
    }
    const a = h[kind];
    if (kind === "exec" && arr(a.command).length === 0) errs.push(required(child(kp, "command")));
    if (kind === "httpGet") {
      if (!str(a.path)) errs.push(required(child(kp, "path")));
      errs.push(...validatePortNumOrName(child(kp, "port"), a.port));
      if (!["HTTP", "HTTPS"].includes(str(a.scheme)))
        errs.push(notSupported(child(kp, "scheme"), str(a.scheme), ["HTTP", "HTTPS"]));
      for (const hh of arr(a.httpHeaders)) {
        const hn = str((hh as Obj)?.name);
        if (isHTTPHeaderName(hn).length > 0)
          errs.push(invalid(child(kp, "httpHeaders"), hn, isHTTPHeaderName(hn)[0]));
      }
    }
    if (kind === "tcpSocket") errs.push(...validatePortNumOrName(child(kp, "port"), a.port));
    if (kind === "grpc") errs.push(...validatePortNumOrName(child(kp, "port"), Number(a.port ?? 0)));
    if (kind === "sleep" && gracePeriod !== undefined) {
      const s = Number(a.seconds ?? 0);
      if (s <= 0 || s > gracePeriod) {
        errs.push(
          invalid(
            kp,
            s,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
          ),
        );
      }
    }
  }
  if (n === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

function validateProbe(
  path: string,
  p: unknown,
  which: "liveness" | "readiness" | "startup",
  grace?: number,
): FieldError[] {
  if (!isObj(p)) return [];
  const errs = validateHandler(path, p, grace, false);
  for (const f of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ]) {
    errs.push(...nonNegative(child(path, f), p[f]));
  }
  const tgp = p.terminationGracePeriodSeconds;
  if (typeof tgp === "number" && tgp <= 0)
    errs.push(invalid(child(path, "terminationGracePeriodSeconds"), tgp, "must be greater than 0"));
  if (which === "readiness" && tgp !== undefined && tgp !== null) {
    errs.push(
      invalid(child(path, "terminationGracePeriodSeconds"), tgp, "must not be set for readinessProbes"),
    );
  }
  if (which !== "readiness" && Number(p.successThreshold ?? 0) !== 1) {
    errs.push(invalid(child(path, "successThreshold"), Number(p.successThreshold ?? 0), "must be 1"));
  }
  return errs;
}

/** The probe and lifecycle checks that apply to regular (and restartable init) containers. */
export function validateProbesAndLifecycle(path: string, c: Obj, grace?: number): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(c.lifecycle)) {
    for (const h of ["postStart", "preStop"]) {
      if (isObj(c.lifecycle[h]))
        errs.push(...validateHandler(child(path, "lifecycle", h), c.lifecycle[h], grace, true));
    }
  }
  errs.push(...validateProbe(child(path, "livenessProbe"), c.livenessProbe, "liveness", grace));
  errs.push(...validateProbe(child(path, "readinessProbe"), c.readinessProbe, "readiness", grace));
  errs.push(...validateProbe(child(path, "startupProbe"), c.startupProbe, "startup", grace));
  return errs;
}
