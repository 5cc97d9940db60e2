// ValidatePodCreate and ValidatePodUpdate.

import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, index, invalid, required } from "./errors.js";
import { arr, isObj, semanticEqual, str, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import { inclusiveRangeError, nameIsDNSSubdomain } from "./names.js";
import { validateContainersOnlyForPod, validatePodCreateOnly, validatePodSpec } from "./podspec.js";

const UPDATABLE_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** validatePodMetadataAndSpec. */
function validatePodMetadataAndSpec(pod: Obj): FieldError[] {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  return [
    ...validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain),
    ...validatePodSpec("spec", spec, true),
    ...validateContainersOnlyForPod(spec),
  ];
}

export function validatePodCreate(pod: Obj): FieldError[] {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  return [...validatePodMetadataAndSpec(pod), ...validatePodCreateOnly(spec)];
}

function containerUpdates(
  path: string,
  next: unknown[],
  prev: unknown[],
): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length)
    return { errs: [forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str((c as Obj)?.image);
    if (!image) errs.push(required(child(index(path, i), "image")));
    if (image.trim().length !== image.length) {
      errs.push(
        invalid(child(index(path, i), "image"), image, "must not have leading or trailing whitespace"),
      );
    }
  });
  return { errs, stop: false };
}

// Go field names of PodSpec where they are not the JSON name capitalised.
const GO_NAMES: Record<string, string> = {
  dnsPolicy: "DNSPolicy",
  dnsConfig: "DNSConfig",
  hostIPC: "HostIPC",
  hostPID: "HostPID",
  serviceAccount: "DeprecatedServiceAccount",
  os: "OS",
  setHostnameAsFQDN: "SetHostnameAsFQDN",
};
const goName = (k: string) => GO_NAMES[k] ?? k[0].toUpperCase() + k.slice(1);

/**
 * An approximation of the cmp.Diff that follows the message: go-cmp deliberately varies
 * its whitespace, so only the changed top-level PodSpec fields are listed, as JSON.
 */
function specDiff(prev: Obj, next: Obj): string {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])];
  const lines = ["  core.PodSpec{"];
  let same = 0;
  const flush = () => {
    if (same > 0) lines.push(`  \t... // ${same} identical ${same === 1 ? "field" : "fields"}`);
    same = 0;
  };
  for (const k of keys) {
    if (semanticEqual(prev[k], next[k])) {
      same++;
      continue;
    }
    flush();
    if (prev[k] !== undefined) lines.push(`- \t${goName(k)}: ${JSON.stringify(prev[k])},`);
    if (next[k] !== undefined) lines.push(`+ \t${goName(k)}: ${JSON.stringify(next[k])},`);
  }
  flush();
  lines.push("  }");
  return lines.join("\n");
}

export function validatePodUpdate(pod: Obj, old: Obj): FieldError[] {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const oldSpec: Obj = isObj(old.spec) ? old.spec : {};
  const errs = [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodMetadataAndSpec(pod)];
  for (const list of ["containers", "initContainers"]) {
    const r = containerUpdates(child("spec", list), arr(spec[list]), arr(oldSpec[list]));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (typeof ads === "number") {
    if (ads < 0 || ads > 2147483647)
      return [...errs, invalid("spec.activeDeadlineSeconds", ads, inclusiveRangeError(0, 2147483647))];
    if (typeof oldAds === "number" && oldAds < ads) {
      return [
        ...errs,
        invalid("spec.activeDeadlineSeconds", ads, "must be less than or equal to previous value"),
      ];
    }
  } else if (typeof oldAds === "number") {
    errs.push(
      invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"),
    );
  }
  const newTols = arr(spec.tolerations).map((t) => ({ ...(t as Obj), tolerationSeconds: undefined }));
  for (const t of arr(oldSpec.tolerations)) {
    if (!newTols.some((n) => semanticEqual(n, { ...(t as Obj), tolerationSeconds: undefined }))) {
      errs.push(
        forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"),
      );
      break;
    }
  }
  if (semanticEqual(spec, oldSpec)) return errs;
  const munged: Obj = structuredClone(spec);
  for (const list of ["containers", "initContainers"]) {
    arr(munged[list]).forEach((c, i) => {
      (c as Obj).image = (oldSpec[list] as Obj[])[i]?.image;
    });
  }
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (
    typeof oldSpec.terminationGracePeriodSeconds === "number" &&
    oldSpec.terminationGracePeriodSeconds < 0 &&
    munged.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(
      forbidden(
        "spec",
        `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(",")}\n${specDiff(oldSpec, munged)}`,
      ),
    );
  }
  return errs;
}
