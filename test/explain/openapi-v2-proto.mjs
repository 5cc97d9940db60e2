// The /openapi/v2 document as the apiserver sends it to kubectl: gnostic's openapi_v2.Document
// in protobuf (field numbers from gnostic's OpenAPIv2.proto), made from the bundled v3
// schemas the way kube-openapi words the same definitions in v2: `allOf: [{$ref}]` is a
// plain `$ref` beside the field's description, Quantity and IntOrString are strings.
// Test-only: kubectl --output=plaintext-openapiv2 reads nothing else.

function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

/** A length-delimited field (wire type 2): strings and embedded messages. */
function bytesField(num, data) {
  const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return Buffer.concat([varint((num << 3) | 2), varint(body.length), body]);
}

const msg = (...parts) => Buffer.concat(parts.filter(Boolean));

const V2_REF = (ref) => ref.replace("#/components/schemas/", "#/definitions/");

/** A v3 schema in v2's words (see above). */
function toV2(s, name) {
  if (name === "io.k8s.apimachinery.pkg.api.resource.Quantity") return { description: s.description, type: "string" };
  if (name === "io.k8s.apimachinery.pkg.util.intstr.IntOrString")
    return { description: s.description, type: "string", format: "int-or-string" };
  const out = {};
  if (s.allOf?.length === 1 && !s.properties) out.$ref = V2_REF(s.allOf[0].$ref);
  if (s.$ref) out.$ref = V2_REF(s.$ref);
  for (const k of ["description", "type", "format", "required", "x-kubernetes-group-version-kind"]) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.items) out.items = toV2(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === "object")
    out.additionalProperties = toV2(s.additionalProperties);
  if (s.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties)) out.properties[k] = toV2(v);
  }
  return out;
}

function yamlOfGVKs(list) {
  return list.map((g) => `- group: ${JSON.stringify(g.group)}\n  kind: ${g.kind}\n  version: ${g.version}\n`).join("");
}

/** openapi_v2.Schema */
function schemaMsg(s) {
  const parts = [];
  if (s.$ref) parts.push(bytesField(1, s.$ref));
  if (s.format) parts.push(bytesField(2, s.format));
  if (s.description) parts.push(bytesField(4, s.description));
  for (const r of s.required ?? []) parts.push(bytesField(19, r));
  if (s.additionalProperties) parts.push(bytesField(21, bytesField(1, schemaMsg(s.additionalProperties))));
  if (s.type) parts.push(bytesField(22, bytesField(1, s.type)));
  if (s.items) parts.push(bytesField(23, bytesField(1, schemaMsg(s.items))));
  if (s.properties) {
    const named = Object.entries(s.properties).map(([k, v]) => bytesField(1, msg(bytesField(1, k), bytesField(2, schemaMsg(v)))));
    parts.push(bytesField(25, msg(...named)));
  }
  const gvks = s["x-kubernetes-group-version-kind"];
  if (gvks) {
    const any = bytesField(2, yamlOfGVKs(gvks));
    parts.push(bytesField(31, msg(bytesField(1, "x-kubernetes-group-version-kind"), bytesField(2, any))));
  }
  return msg(...parts);
}

/** The whole document, definitions in name order. */
export function openapiV2Protobuf(schemas) {
  const defs = Object.keys(schemas)
    .sort()
    .map((name) => bytesField(1, msg(bytesField(1, name), bytesField(2, schemaMsg(toV2(schemas[name], name))))));
  const info = msg(bytesField(1, "Kubernetes"), bytesField(2, "v1.32.2"));
  return msg(bytesField(1, "2.0"), bytesField(2, info), bytesField(9, msg(...defs)));
}
