// The apiserver's admission path for the kinds kubesim serves, in the order the
// apiserver runs it on a create:
//   strictDecode(body)            -> unknown fields / Go type errors (400 BadRequest)
//   applyDefaults(obj, ctx)       -> v1 defaults + mutating admission (a new copy)
//   prepareForCreate(obj)         -> status reset, generation (mutates)
//   validate(obj)                 -> FieldError[] (422 Invalid, formatInvalid for kubectl)
// and on an update: strictDecode, applyDefaults(obj, {operation: "update"}),
// prepareForUpdate(obj, old), validate(obj, old).

export {
  canonicalQuantity,
  compareQuantity,
  formatQuantity,
  parseQuantity,
  type Quantity,
} from "../../golang/quantity.js";
export { type DecodeResult, pruneUnknown, strictDecode } from "./decode.js";
export {
  applyDefaults,
  type DefaultsContext,
  kubeApiAccessVolume,
  MIRROR_ANNOTATION,
  SERVICE_ACCOUNT_MOUNT_PATH,
} from "./defaults.js";
export { GoRepr } from "./gofmt.js";
export { defaultPullPolicy, type ImageRef, parseImageRef } from "./imageref.js";
export { type FieldType, goTypeName, type StructDef } from "./schema/dsl.js";
export { fieldTypeAt, schemaFor, servedKinds } from "./schema/kinds.js";
export { computeQOS, prepareForCreate, prepareForUpdate } from "./strategy.js";
export {
  errorBody,
  type FieldError,
  formatFieldError,
  formatInvalid,
  invalidStatusMessage,
} from "./validation/errors.js";
export { validate } from "./validation/index.js";
