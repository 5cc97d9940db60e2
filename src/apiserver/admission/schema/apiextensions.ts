// apiextensions.k8s.io/v1 CustomResourceDefinition: the field tree strict decoding checks.
// JSONSchemaProps is recursive. Its float64 bounds and the fields Go decodes with their own
// UnmarshalJSON (items, additionalProperties, default, enum: plain encoding/json, so no
// strict errors below them) are left opaque.
import { bool, type FieldType, i32, i64, list, raw, str, strList, struct } from "./dsl.js";
import { metaCondition, typeMetaFields } from "./meta.js";

const pkg = "v1";
const propsFields: Record<string, FieldType> = {};
const props: FieldType = { kind: "struct", def: { name: "JSONSchemaProps", pkg, fields: propsFields } };
const propsMap: FieldType = { kind: "map", go: "map[string]v1.JSONSchemaProps", values: props };
Object.assign(propsFields, {
  id: str,
  $schema: str,
  $ref: str,
  description: str,
  type: str,
  format: str,
  title: str,
  default: raw,
  maximum: raw,
  exclusiveMaximum: bool,
  minimum: raw,
  exclusiveMinimum: bool,
  maxLength: i64,
  minLength: i64,
  pattern: str,
  maxItems: i64,
  minItems: i64,
  uniqueItems: bool,
  multipleOf: raw,
  enum: raw,
  maxProperties: i64,
  minProperties: i64,
  required: strList,
  items: raw,
  allOf: list(props),
  oneOf: list(props),
  anyOf: list(props),
  not: props,
  properties: propsMap,
  additionalProperties: raw,
  patternProperties: propsMap,
  dependencies: raw,
  additionalItems: raw,
  definitions: propsMap,
  externalDocs: struct("ExternalDocumentation", { description: str, url: str }),
  example: raw,
  nullable: bool,
  "x-kubernetes-preserve-unknown-fields": bool,
  "x-kubernetes-embedded-resource": bool,
  "x-kubernetes-int-or-string": bool,
  "x-kubernetes-list-map-keys": strList,
  "x-kubernetes-list-type": str,
  "x-kubernetes-map-type": str,
  "x-kubernetes-validations": list(
    struct("ValidationRule", {
      rule: str,
      message: str,
      messageExpression: str,
      reason: str,
      fieldPath: str,
      optionalOldSelf: bool,
    }),
  ),
});

const names = struct("CustomResourceDefinitionNames", {
  plural: str,
  singular: str,
  shortNames: strList,
  kind: str,
  listKind: str,
  categories: strList,
});

const serviceReference = struct("ServiceReference", { namespace: str, name: str, path: str, port: i32 });

const version = struct("CustomResourceDefinitionVersion", {
  name: str,
  served: bool,
  storage: bool,
  deprecated: bool,
  deprecationWarning: str,
  schema: struct("CustomResourceValidation", { openAPIV3Schema: props }),
  subresources: struct("CustomResourceSubresources", {
    status: raw,
    scale: struct("CustomResourceSubresourceScale", {
      specReplicasPath: str,
      statusReplicasPath: str,
      labelSelectorPath: str,
    }),
  }),
  additionalPrinterColumns: list(
    struct("CustomResourceColumnDefinition", {
      name: str,
      type: str,
      format: str,
      description: str,
      priority: i32,
      jsonPath: str,
    }),
  ),
  selectableFields: list(struct("SelectableField", { jsonPath: str })),
});

export const customResourceDefinition = struct("CustomResourceDefinition", {
  ...typeMetaFields,
  spec: struct("CustomResourceDefinitionSpec", {
    group: str,
    names,
    scope: str,
    versions: list(version),
    conversion: struct("CustomResourceConversion", {
      strategy: str,
      webhook: struct("WebhookConversion", {
        clientConfig: struct("WebhookClientConfig", { url: str, service: serviceReference, caBundle: raw }),
        conversionReviewVersions: strList,
      }),
    }),
    preserveUnknownFields: bool,
  }),
  status: struct("CustomResourceDefinitionStatus", {
    conditions: list(metaCondition),
    acceptedNames: names,
    storedVersions: strList,
  }),
});
