// The field tree of the served kinds, as the Go structs of k8s.io/api v1.32 see it.
// Every node knows the Go type it decodes into, because the apiserver's decode errors
// quote that type (`... of type []v1.Container`), and the printers and validators can
// reuse the same tree to ask "what is at spec.x.y".

export type FieldType =
  /** `go` is the Go type name: "string", or a named string type such as "v1.RestartPolicy". */
  /** `omitEmpty`: a Go string tagged omitempty, so "" is not stored or served. */
  | { kind: "string"; go: string; base64?: boolean; omitEmpty?: boolean }
  | { kind: "int"; go: "int32" | "int64" }
  /** `omitEmpty`: a Go bool (not *bool) tagged omitempty, so false is not stored or served. */
  | { kind: "bool"; omitEmpty?: boolean }
  /** intstr.IntOrString: a JSON string, or a number that must fit an int32. */
  | { kind: "intOrString" }
  /** resource.Quantity: a string or a number in the quantity grammar. */
  | { kind: "quantity" }
  /** metav1.Time (RFC 3339) or metav1.MicroTime (RFC 3339 with microseconds). */
  | { kind: "time"; micro: boolean }
  | { kind: "struct"; def: StructDef }
  | { kind: "list"; items: FieldType }
  /** `go` is the Go map type, e.g. "map[string]string" or "v1.ResourceList". */
  | { kind: "map"; go: string; values: FieldType }
  /** Opaque JSON (metav1.FieldsV1): anything is accepted. */
  | { kind: "raw" };

export interface StructDef {
  /** Go type name without package, e.g. "PodSpec" (used in "Go struct field PodSpec.spec..."). */
  name: string;
  /** Go package name as Go prints it in a type ("v1" for core, apps, meta and discovery). */
  pkg: string;
  fields: Readonly<Record<string, FieldType>>;
}

export const str: FieldType = { kind: "string", go: "string" };
export const i32: FieldType = { kind: "int", go: "int32" };
export const i64: FieldType = { kind: "int", go: "int64" };
export const bool: FieldType = { kind: "bool" };
/** A Go string with omitempty (EnvVar.value, VolumeMount.subPath): "" is dropped. */
export const strOmit: FieldType = { kind: "string", go: "string", omitEmpty: true };
/** A plain Go bool with omitempty (VolumeMount.readOnly, PodSpec.hostNetwork): false is dropped. */
export const boolOmit: FieldType = { kind: "bool", omitEmpty: true };
export const intOrString: FieldType = { kind: "intOrString" };
export const quantity: FieldType = { kind: "quantity" };
export const time: FieldType = { kind: "time", micro: false };
export const microTime: FieldType = { kind: "time", micro: true };
export const raw: FieldType = { kind: "raw" };
export const uid: FieldType = { kind: "string", go: "types.UID" };
export const strList: FieldType = { kind: "list", items: str };
export const strMap: FieldType = { kind: "map", go: "map[string]string", values: str };
/** Go's []byte: a base64 string in JSON (Secret.data, ConfigMap.binaryData). */
export const bytes: FieldType = { kind: "string", go: "[]uint8", base64: true };
export const bytesMap: FieldType = { kind: "map", go: "map[string][]uint8", values: bytes };
export const resourceList: FieldType = { kind: "map", go: "v1.ResourceList", values: quantity };

/** A named Go string type such as v1.RestartPolicy. */
export function named(name: string, pkg = "v1"): FieldType {
  return { kind: "string", go: `${pkg}.${name}` };
}

export function list(items: FieldType): FieldType {
  return { kind: "list", items };
}

export function struct(name: string, fields: Record<string, FieldType>, pkg = "v1"): FieldType {
  return { kind: "struct", def: { name, pkg, fields } };
}

/** Fields of a struct node, for building embedded (inline) Go structs. */
export function fieldsOf(t: FieldType): Record<string, FieldType> {
  if (t.kind !== "struct") throw new Error("not a struct");
  return { ...t.def.fields };
}

/** The Go type as `%v` of reflect.Type prints it in "json: cannot unmarshal X into ... of type T". */
export function goTypeName(t: FieldType): string {
  switch (t.kind) {
    case "string":
      return t.go;
    case "int":
      return t.go;
    case "bool":
      return "bool";
    case "intOrString":
      return "intstr.IntOrString";
    case "quantity":
      return "resource.Quantity";
    case "time":
      return t.micro ? "v1.MicroTime" : "v1.Time";
    case "struct":
      return `${t.def.pkg}.${t.def.name}`;
    case "list":
      return `[]${goTypeName(t.items)}`;
    case "map":
      return t.go;
    case "raw":
      return "v1.FieldsV1";
  }
}
