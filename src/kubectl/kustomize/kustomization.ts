// Reading kustomization.yaml as kustomize v5.5 does (types.Kustomization.Unmarshal): strict
// JSON field names at every level, Go's type errors, the deprecation warnings, and the
// fixes that fold deprecated fields into their replacements.
import { YamlToJsonError, yamlToJson } from "../../golang/yaml/decode.js";
import { KustomizeError, type Loader } from "./loader.js";
import type { Replacement } from "./replacements.js";

type Obj = Record<string, unknown>;

export interface KvSources {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GeneratorOptions;
}
export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}
export interface Patch {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: Record<string, boolean>;
}
export interface Label {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}
export interface Image {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}
export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: Label[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: Patch[];
  patches?: Patch[];
  images?: Image[];
  imageTags?: Image[];
  replicas?: { name?: string; count?: number }[];
  resources?: string[];
  bases?: string[];
  components?: string[];
  replacements?: (Replacement & { path?: string })[];
  configMapGenerator?: KvSources[];
  secretGenerator?: KvSources[];
  generatorOptions?: GeneratorOptions;
  sortOptions?: { order?: string; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } };
}

/** The shapes the strict decoder checks: Go scalar types, and structs by their Go names. */
type Scalar = "string" | "bool" | "int64" | "[]string" | "map[string]string" | "map[string]bool";
interface Struct {
  name: string;
  fields: { [k: string]: Shape };
  /** A slice of these structs. */
  list?: boolean;
}
type Shape = Scalar | Struct;

const struct = (name: string, fields: { [k: string]: Shape }, list = false): Struct => ({
  name,
  fields,
  list,
});

const SELECTOR = struct("Selector", {
  group: "string",
  version: "string",
  kind: "string",
  name: "string",
  namespace: "string",
  labelSelector: "string",
  annotationSelector: "string",
});
const OPTIONS = struct("GeneratorOptions", {
  labels: "map[string]string",
  annotations: "map[string]string",
  disableNameSuffixHash: "bool",
  immutable: "bool",
});
const GENERATOR = {
  name: "string",
  namespace: "string",
  behavior: "string",
  literals: "[]string",
  files: "[]string",
  envs: "[]string",
  env: "string",
  options: OPTIONS,
} as const;
const PATCH = struct(
  "Patch",
  { path: "string", patch: "string", target: SELECTOR, options: "map[string]bool" },
  true,
);
const IMAGE = struct(
  "Image",
  { name: "string", newName: "string", tagSuffix: "string", newTag: "string", digest: "string" },
  true,
);

const KUSTOMIZATION = struct("Kustomization", {
  apiVersion: "string",
  kind: "string",
  metadata: struct("ObjectMeta", {
    name: "string",
    namespace: "string",
    labels: "map[string]string",
    annotations: "map[string]string",
  }),
  namePrefix: "string",
  nameSuffix: "string",
  namespace: "string",
  commonLabels: "map[string]string",
  labels: struct(
    "Label",
    { pairs: "map[string]string", includeSelectors: "bool", includeTemplates: "bool", fields: "[]string" },
    true,
  ),
  commonAnnotations: "map[string]string",
  patchesStrategicMerge: "[]string",
  patchesJson6902: PATCH,
  patches: PATCH,
  images: IMAGE,
  imageTags: IMAGE,
  replicas: struct("Replica", { name: "string", count: "int64" }, true),
  sortOptions: struct("SortOptions", {
    order: "string",
    legacySortOptions: struct("LegacySortOptions", { orderFirst: "[]string", orderLast: "[]string" }),
  }),
  resources: "[]string",
  bases: "[]string",
  components: "[]string",
  replacements: struct(
    "ReplacementField",
    {
      path: "string",
      source: struct("SourceSelector", {
        group: "string",
        version: "string",
        kind: "string",
        name: "string",
        namespace: "string",
        fieldPath: "string",
        options: struct("FieldOptions", {
          delimiter: "string",
          index: "int64",
          encoding: "string",
          create: "bool",
        }),
      }),
      targets: struct(
        "TargetSelector",
        {
          select: SELECTOR,
          reject: struct("Selector", SELECTOR.fields, true),
          fieldPaths: "[]string",
          options: struct("FieldOptions", {
            delimiter: "string",
            index: "int64",
            encoding: "string",
            create: "bool",
          }),
        },
        true,
      ),
    },
    true,
  ),
  configMapGenerator: struct("ConfigMapArgs", GENERATOR, true),
  secretGenerator: struct("SecretArgs", { ...GENERATOR, type: "string" }, true),
  generatorOptions: OPTIONS,
});

/** Fields kustomize v5.5 has that kubesim does not build: named, not ignored. */
const UNBUILT = [
  "openapi",
  "vars",
  "crds",
  "helmGlobals",
  "helmCharts",
  "helmChartInflationGenerator",
  "configurations",
  "generators",
  "transformers",
  "validators",
  "buildMetadata",
];

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}

function goType(s: Shape): string {
  if (typeof s === "string") return s;
  return `${s.list ? "[]" : ""}types.${s.name}`;
}

/**
 * json.Unmarshal with DisallowUnknownFields, as far as kustomize's types go. Go names a bad
 * value by the struct that holds it and the JSON path to it: `Image.images.name`.
 */
function check(v: unknown, shape: Shape, holder: string, path: string): void {
  if (v === null) return;
  const bad = (): never => {
    throw new KustomizeError(
      `invalid Kustomization: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${holder}.${path} of type ${goType(shape)}`,
    );
  };
  if (shape === "string" && typeof v !== "string") bad();
  if (shape === "bool" && typeof v !== "boolean") bad();
  if (shape === "int64" && !Number.isInteger(v)) bad();
  if (shape === "[]string") {
    if (!Array.isArray(v)) bad();
    for (const x of v as unknown[]) check(x, "string", holder, path);
  }
  if (shape === "map[string]string" || shape === "map[string]bool") {
    if (typeof v !== "object" || Array.isArray(v)) bad();
    for (const x of Object.values(v as Obj))
      check(x, shape === "map[string]bool" ? "bool" : "string", holder, path);
  }
  if (typeof shape === "object") {
    if (shape.list ? !Array.isArray(v) : typeof v !== "object" || Array.isArray(v)) bad();
    for (const item of shape.list ? (v as unknown[]) : [v]) {
      if (item === null) continue;
      if (typeof item !== "object" || Array.isArray(item)) {
        throw new KustomizeError(
          `invalid Kustomization: json: cannot unmarshal ${jsonKind(item)} into Go struct field ${holder}.${path} of type types.${shape.name}`,
        );
      }
      for (const [k, x] of Object.entries(item as Obj)) {
        if (!(k in shape.fields))
          throw new KustomizeError(`invalid Kustomization: json: unknown field "${k}"`);
        check(x, shape.fields[k], shape.name, path ? `${path}.${k}` : k);
      }
    }
  }
}

const WARN_FIX = "Run 'kustomize edit fix' to update your Kustomization automatically.";
const DEPRECATED: [keyof Kustomization, string][] = [
  ["bases", `# Warning: 'bases' is deprecated. Please use 'resources' instead. ${WARN_FIX}`],
  ["commonLabels", `# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. ${WARN_FIX}`],
  ["imageTags", `# Warning: 'imageTags' is deprecated. Please use 'images' instead. ${WARN_FIX}`],
  [
    "patchesJson6902",
    `# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. ${WARN_FIX}`,
  ],
  [
    "patchesStrategicMerge",
    `# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. ${WARN_FIX}`,
  ],
];

const FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** LoadKustFile, Unmarshal, the deprecation warnings (to `warn`), FixKustomization, CheckEmpty. */
export function readKustomization(ldr: Loader, warn: (line: string) => void): Kustomization {
  const found = FILE_NAMES.filter((n) => ldr.has(n));
  if (found.length === 0) {
    throw new KustomizeError(
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${ldr.root}'`,
    );
  }
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${ldr.root}\n`);
  const text = ldr.load(found[0]).toString("utf8");
  let value: unknown;
  try {
    value = yamlToJson(text);
  } catch (e) {
    if (e instanceof YamlToJsonError) throw new KustomizeError(`invalid Kustomization: ${e.message}`);
    throw e;
  }
  if (value === null) value = {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new KustomizeError(
      `invalid Kustomization: json: cannot unmarshal ${jsonKind(value)} into Go value of type types.Kustomization`,
    );
  }
  const obj = value as Obj;
  for (const k of Object.keys(obj)) {
    if (UNBUILT.includes(k)) {
      throw new KustomizeError(
        `kubesim: the kustomization field "${k}" is not supported by kubesim's kustomize`,
      );
    }
  }
  check(obj, KUSTOMIZATION, "Kustomization", "");
  const k = obj as Kustomization;
  for (const l of (obj.labels as { fields?: unknown[] }[] | undefined) ?? []) {
    if (l?.fields?.length) {
      throw new KustomizeError(
        `kubesim: the kustomization field "labels.fields" is not supported by kubesim's kustomize`,
      );
    }
  }
  for (const [field, text] of DEPRECATED) {
    const v = k[field];
    if (v && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) warn(text);
  }
  k.kind = k.kind || "Kustomization";
  const empty = Object.entries(obj).every(
    ([key, v]) =>
      key === "apiVersion" ||
      key === "kind" ||
      v === null ||
      v === "" ||
      v === false ||
      (typeof v === "object" && Object.keys(v as Obj).length === 0),
  );
  if (empty) throw new KustomizeError(`${found[0]} is empty`);
  k.resources = [...(k.resources ?? []), ...(k.bases ?? [])];
  k.images = [...(k.images ?? []), ...(k.imageTags ?? [])];
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g?.env) g.envs = [...(g.envs ?? []), g.env];
  }
  return k;
}
