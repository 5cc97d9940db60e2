// StatefulSet and ControllerRevision validation (pkg/apis/apps/validation, v1.32 texts).
// The pod template is checked only for its labels and annotations, as upstream does:
// a template the pod validation refuses surfaces as the controller's FailedCreate.
import { GoRepr, goIntOrString } from "../gofmt.js";
import type { Obj } from "../raw.js";
import { child, type FieldError, forbidden, invalid, notSupported, required } from "./errors.js";
import {
  arr,
  isObj,
  labelSelectorAsSelector,
  nonNegative,
  selectorValue,
  semanticEqual,
  str,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from "./names.js";

const labelsValue = (labels: unknown) => (isObj(labels) ? labels : new GoRepr("map[string]string(nil)"));

/** %#v of the internal RollingUpdateStatefulSetStrategy once ErrorBody dereferences it. */
function goRollingUpdate(ru: Obj): GoRepr {
  const mu =
    ru.maxUnavailable === undefined || ru.maxUnavailable === null
      ? "(*intstr.IntOrString)(nil)"
      : "(*intstr.IntOrString)(0xc000000000)";
  return new GoRepr(
    `apps.RollingUpdateStatefulSetStrategy{Partition:${Number(ru.partition ?? 0)}, MaxUnavailable:${mu}}`,
  );
}

function intOrPercent(v: unknown): number {
  if (typeof v === "string") return isValidPercent(v).length === 0 ? Number.parseInt(v, 10) : 0;
  return typeof v === "number" ? v : 0;
}

function validateRollingUpdate(ru: Obj, path: string): FieldError[] {
  const errs = nonNegative(child(path, "partition"), ru.partition);
  const mu = ru.maxUnavailable;
  if (mu === undefined || mu === null) return errs;
  const mp = child(path, "maxUnavailable");
  const shown = new GoRepr(goIntOrString(mu));
  if (typeof mu === "string") errs.push(...isValidPercent(mu).map((m) => invalid(mp, shown, m)));
  else errs.push(...nonNegative(mp, mu));
  if (intOrPercent(mu) === 0) errs.push(invalid(mp, shown, "cannot be 0"));
  if (typeof mu === "string" && isValidPercent(mu).length === 0 && intOrPercent(mu) > 100)
    errs.push(invalid(mp, shown, "must not be greater than 100%"));
  return errs;
}

function validateRetention(policy: unknown, path: string): FieldError[] {
  if (!isObj(policy)) return [];
  const errs: FieldError[] = [];
  for (const f of ["whenDeleted", "whenScaled"]) {
    const v = str(policy[f]);
    if (v !== "Retain" && v !== "Delete") errs.push(notSupported(child(path, f), v, ["Retain", "Delete"]));
  }
  return errs;
}

function validateStrategy(strategy: unknown): FieldError[] {
  const s = isObj(strategy) ? strategy : {};
  const p = "spec.updateStrategy";
  const ru = s.rollingUpdate;
  switch (str(s.type)) {
    case "":
      return [required(p)];
    case "OnDelete":
      return isObj(ru)
        ? [
            invalid(
              child(p, "rollingUpdate"),
              goRollingUpdate(ru),
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case "RollingUpdate":
      return isObj(ru) ? validateRollingUpdate(ru, child(p, "rollingUpdate")) : [];
    default: {
      const ruText = isObj(ru)
        ? "(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)"
        : "(*apps.RollingUpdateStatefulSetStrategy)(nil)";
      const value = new GoRepr(
        `apps.StatefulSetUpdateStrategy{Type:"${str(s.type)}", RollingUpdate:${ruText}}`,
      );
      return [invalid(p, value, "must be 'RollingUpdate' or 'OnDelete'")];
    }
  }
}

/** ValidateStatefulSetSpec. */
function validateSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(required("spec.podManagementPolicy"));
  else if (policy !== "OrderedReady" && policy !== "Parallel")
    errs.push(invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateStrategy(spec.updateStrategy));
  errs.push(
    ...validateRetention(
      spec.persistentVolumeClaimRetentionPolicy,
      "spec.persistentVolumeClaimRetentionPolicy",
    ),
  );
  errs.push(...nonNegative("spec.replicas", spec.replicas));
  errs.push(...nonNegative("spec.minReadySeconds", spec.minReadySeconds));
  if (isObj(spec.ordinals)) errs.push(...nonNegative("spec.ordinals.start", spec.ordinals.start));
  const sel = spec.selector;
  if (sel === undefined || sel === null) errs.push(required("spec.selector"));
  else {
    errs.push(...validateLabelSelector("spec.selector", sel));
    const s = isObj(sel) ? sel : {};
    if (Object.keys(isObj(s.matchLabels) ? s.matchLabels : {}).length + arr(s.matchExpressions).length === 0)
      errs.push(invalid("spec.selector", selectorValue(sel), "empty selector is invalid for statefulset"));
  }
  const template = isObj(spec.template) ? spec.template : {};
  const meta = isObj(template.metadata) ? template.metadata : {};
  const selector = labelSelectorAsSelector(sel);
  if (!selector) errs.push(invalid("spec.selector", selectorValue(sel), ""));
  else {
    if (!selector.empty && !selector.matches(isObj(meta.labels) ? meta.labels : undefined))
      errs.push(
        invalid(
          "spec.template.metadata.labels",
          labelsValue(meta.labels),
          "`selector` does not match template `labels`",
        ),
      );
    errs.push(...validateLabels("spec.template.labels", meta.labels));
    errs.push(...validateAnnotations("spec.template.annotations", meta.annotations));
  }
  const podSpec = isObj(template.spec) ? template.spec : {};
  if (str(podSpec.restartPolicy) !== "Always")
    errs.push(notSupported("spec.template.spec.restartPolicy", str(podSpec.restartPolicy), ["Always"]));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null)
    errs.push(
      forbidden(
        "spec.template.spec.activeDeadlineSeconds",
        "activeDeadlineSeconds in StatefulSet is not Supported",
      ),
    );
  return errs;
}

export function validateStatefulSet(sts: Obj): FieldError[] {
  const spec: Obj = isObj(sts.spec) ? sts.spec : {};
  return [...validateObjectMeta(sts.metadata, true, nameIsDNSLabel), ...validateSpec(spec)];
}

/** Fields a StatefulSet update may change; anything else is forbidden. */
const MUTABLE = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
];

export function validateStatefulSetUpdate(sts: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(sts.metadata, old.metadata);
  const spec: Obj = isObj(sts.spec) ? sts.spec : {};
  const oldSpec: Obj = isObj(old.spec) ? old.spec : {};
  errs.push(...validateSpec(spec));
  const a = { ...spec };
  const b = { ...oldSpec };
  for (const f of MUTABLE) {
    delete a[f];
    delete b[f];
  }
  if (!semanticEqual(a, b))
    errs.push(
      forbidden(
        "spec",
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  return errs;
}

/** ValidateControllerRevision: data is mandatory, revision non-negative. */
export function validateControllerRevision(cr: Obj): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain);
  if (cr.data === undefined || cr.data === null) errs.push(required("data", "data is mandatory"));
  errs.push(...nonNegative("revision", cr.revision));
  return errs;
}

export function validateControllerRevisionUpdate(cr: Obj, old: Obj): FieldError[] {
  const errs = validateObjectMetaUpdate(cr.metadata, old.metadata);
  errs.push(...validateControllerRevision(cr).filter((e) => !e.field.startsWith("metadata.")));
  if (!semanticEqual(cr.data, old.data))
    errs.push(
      invalid(
        "data",
        new GoRepr("runtime.RawExtension{Raw:[]uint8{...}, Object:runtime.Object(nil)}"),
        "field is immutable",
      ),
    );
  return errs;
}
