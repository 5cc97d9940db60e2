// ValidateCustomResourceDefinition's checks a learner meets, with the apiserver's texts:
// the name rule (`must be spec.names.plural+"."+spec.group`), the group, the scope, one
// storage version, the names, a schema per version, and the printer columns.
import type { CustomResourceDefinition } from "../../api/types.js";
import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
} from "../admission/validation/errors.js";
import { immutable, validateObjectMeta, validateObjectMetaUpdate } from "../admission/validation/meta.js";
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from "../admission/validation/names.js";
import type { Schema } from "./structural.js";

const COLUMN_TYPES = ["integer", "number", "string", "boolean", "date"];

export function validateCrd(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (old) return validateCrdUpdate(crd, old);
  const spec = crd.spec ?? ({} as CustomResourceDefinition["spec"]);
  const names = spec.names ?? ({} as CustomResourceDefinition["spec"]["names"]);
  const want = `${names.plural ?? ""}.${spec.group ?? ""}`;
  const errs = validateObjectMeta(crd.metadata, false, (n, prefix) => {
    const msgs = nameIsDNSSubdomain(n, prefix);
    if (n !== want) msgs.push(`must be spec.names.plural+"."+spec.group`);
    return msgs;
  });
  return [...errs, ...validateSpec(crd)];
}

/** ValidateCustomResourceDefinitionUpdate: the spec again, and what storage depends on stays. */
function validateCrdUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const errs = validateObjectMetaUpdate(crd.metadata, old.metadata);
  errs.push(...validateSpec(crd));
  // Names are immutable once Established, which kubesim's CRDs are from their creation.
  errs.push(...immutable("spec.scope", crd.spec.scope, old.spec.scope));
  errs.push(...immutable("spec.names.kind", crd.spec.names?.kind, old.spec.names?.kind));
  errs.push(...immutable("spec.group", crd.spec.group, old.spec.group));
  errs.push(...immutable("spec.names.plural", crd.spec.names?.plural, old.spec.names?.plural));
  return errs;
}

function validateSpec(crd: CustomResourceDefinition): FieldError[] {
  const spec = crd.spec ?? ({} as CustomResourceDefinition["spec"]);
  const names = spec.names ?? ({} as CustomResourceDefinition["spec"]["names"]);
  const errs: FieldError[] = [];
  const group = spec.group ?? "";
  if (!group) errs.push(required("spec.group"));
  else if (isDNS1123Subdomain(group).length)
    errs.push(invalid("spec.group", group, isDNS1123Subdomain(group).join(",")));
  else if (group.split(".").length < 2)
    errs.push(invalid("spec.group", group, "should be a domain with at least one dot"));
  if (!spec.scope) errs.push(required("spec.scope"));
  else if (spec.scope !== "Cluster" && spec.scope !== "Namespaced")
    errs.push(notSupported("spec.scope", spec.scope, ["Cluster", "Namespaced"]));
  const versions = spec.versions ?? [];
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const bad = isDNS1035Label(v.name ?? "");
    if (bad.length) errs.push(invalid(`${path}.name`, v.name ?? "", bad.join(",")));
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) errs.push(required(`${path}.schema.openAPIV3Schema`, "schemas are required"));
    else errs.push(...structuralErrors(schema as Schema, `${path}.schema.openAPIV3Schema`, "root"));
    (v.additionalPrinterColumns ?? []).forEach((c, j) => {
      const cp = `${path}.additionalPrinterColumns[${j}]`;
      if (!c.name) errs.push(required(`${cp}.name`));
      if (!c.type) errs.push(required(`${cp}.type`));
      else if (!COLUMN_TYPES.includes(c.type)) errs.push(notSupported(`${cp}.type`, c.type, COLUMN_TYPES));
      if (!c.jsonPath) errs.push(required(`${cp}.JSONPath`));
    });
  });
  if (!unique)
    errs.push(invalid("spec.versions", versionsRepr(versions), "must contain unique version names"));
  if (versions.filter((v) => v.storage).length !== 1)
    errs.push(
      invalid(
        "spec.versions",
        versionsRepr(versions),
        "must have exactly one version marked as storage version",
      ),
    );
  for (const f of ["plural", "singular", "kind", "listKind"] as const)
    if (!names[f]) errs.push(required(`spec.names.${f}`));
  errs.push(...validateNames(names));
  return errs;
}

/** The value Go prints for spec.versions is a struct dump; kubesim names the versions instead. */
function versionsRepr(versions: { name: string }[]): string[] {
  return versions.map((v) => v.name);
}

/** validateStructuralInvariants' type rules: every node says what it is, the root is an object. */
function structuralErrors(s: Schema, path: string, level: "root" | "item" | "field"): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.type && !s["x-kubernetes-int-or-string"] && !s["x-kubernetes-preserve-unknown-fields"]) {
    const where = {
      root: "at the root",
      item: "for specified array items",
      field: "for specified object fields",
    };
    errs.push(required(`${path}.type`, `must not be empty ${where[level]}`));
  }
  if (level === "root" && s.type && s.type !== "object")
    errs.push(invalid(`${path}.type`, s.type, "must be object at the root"));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== true)
    errs.push(
      forbidden(`${path}.additionalProperties`, "additionalProperties and properties are mutual exclusive"),
    );
  for (const [k, sub] of Object.entries(s.properties ?? {}))
    errs.push(...structuralErrors(sub, `${path}.properties[${k}]`, "field"));
  if (s.items) errs.push(...structuralErrors(s.items, `${path}.items`, "item"));
  if (typeof s.additionalProperties === "object")
    errs.push(...structuralErrors(s.additionalProperties, `${path}.additionalProperties`, "field"));
  return errs;
}

function validateNames(names: CustomResourceDefinition["spec"]["names"]): FieldError[] {
  const errs: FieldError[] = [];
  const label = (field: string, v: string | undefined, lower = false) => {
    if (!v) return;
    const bad = isDNS1035Label(lower ? v.toLowerCase() : v);
    if (bad.length)
      errs.push(
        invalid(
          `spec.names.${field}`,
          v,
          (lower ? "may have mixed case, but should otherwise match: " : "") + bad.join(","),
        ),
      );
  };
  label("plural", names.plural);
  label("singular", names.singular);
  label("kind", names.kind, true);
  label("listKind", names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => {
    const bad = isDNS1035Label(s);
    if (bad.length) errs.push(invalid(`spec.names.shortNames[${i}]`, s, bad.join(",")));
  });
  if (names.kind && names.kind === names.listKind)
    errs.push(invalid("spec.names.listKind", names.listKind, "kind and listKind may not be the same"));
  (names.categories ?? []).forEach((s, i) => {
    const bad = isDNS1035Label(s);
    if (bad.length) errs.push(invalid(`spec.names.categories[${i}]`, s, bad.join(",")));
  });
  return errs;
}
