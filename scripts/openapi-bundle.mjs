// Builds assets/openapi-v1.32.json.gz, the OpenAPI v3 schemas `kubesim explain` reads. Run by
// hand (`node scripts/openapi-bundle.mjs`), never at install: the output is committed.
//
// The Kubernetes v1.32 OpenAPI documents themselves cannot be downloaded here, so the bundle
// is rebuilt from two npm packages generated from Kubernetes' own OpenAPI spec:
// - @kubernetes/client-node 1.1.0, generated from v1.32.0 (its models say "OpenAPI spec
//   version: v1.32.0"): which definitions and fields exist, which are required, integer or
//   number, and the field descriptions as v1.32 words them. Its generator flattens newlines
//   and tabs to spaces and drops enums and "Possible enum values" paragraphs.
// - kubernetes-models 4.5.0 and @kubernetes-models/apimachinery 2.1.0, generated from v1.33.0
//   (with enums): the references between definitions (Quantity, IntOrString, Time stay named),
//   the enums, and the descriptions with their line breaks. A v1.33 description is used only
//   when, with its "Possible enum values" paragraph set aside and whitespace squeezed, it
//   equals the v1.32 one; otherwise the v1.32 text stands as client-node has it.
// The schemas are written in the shape of the apiserver's /openapi/v3 documents (a field that
// names another definition is `allOf: [{$ref}]`, Quantity and IntOrString are `oneOf`), since
// kubectl's explain templates read that shape.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";

const PACKAGES = {
  cn: "@kubernetes/client-node@1.1.0",
  km: "kubernetes-models@4.5.0",
  am: "@kubernetes-models/apimachinery@2.1.0",
};
const OUT = path.join(import.meta.dirname, "..", "assets", "openapi-v1.32.json.gz");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openapi-bundle-"));
const roots = {};
for (const [key, spec] of Object.entries(PACKAGES)) {
  const file = execFileSync("npm", ["pack", "--silent", spec], { cwd: tmp, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
  const dir = path.join(tmp, key);
  fs.mkdirSync(dir);
  execFileSync("tar", ["xzf", path.join(tmp, file), "-C", dir]);
  roots[key] = path.join(dir, "package");
}

// --- kubernetes-models: definitions from the .d.ts files ---------------------------------

/** The Go package path of a kubernetes-models folder (`apps/v1` → io.k8s.api.apps.v1). */
function packageOf(dir) {
  const [group, version] = dir.split("/");
  if (group === "v1") return "io.k8s.api.core.v1";
  if (group === "apiextensions.k8s.io")
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (group === "apiregistration.k8s.io") return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  if (group === "flowcontrol.apiserver.k8s.io") return `io.k8s.api.flowcontrol.${version}`;
  if (group === "rbac.authorization.k8s.io") return `io.k8s.api.rbac.${version}`;
  return `io.k8s.api.${group.replace(/\.k8s\.io$/, "")}.${version}`;
}

function unJsdoc(lines) {
  return lines
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n")
    .replace(/\\\*/g, "*")
    .replace(/\\\//g, "/");
}

/** `export interface IX {...}` → {description, props: [{name, optional, type, description}]}. */
function parseDts(text) {
  const lines = text.split("\n");
  let doc = null;
  let iface = null;
  let prop = null;
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s*\/\*\*/.test(l)) {
      const body = [];
      if (/\*\/\s*$/.test(l)) body.push(l.replace(/^\s*\/\*\*/, "").replace(/\*\/\s*$/, ""));
      else {
        for (i++; !/^\s*\*\/\s*$/.test(lines[i]); i++) body.push(lines[i]);
      }
      doc = unJsdoc(body).trim();
      continue;
    }
    const start = /^export (?:declare )?interface (\w+)/.exec(l);
    if (start) {
      iface = { name: start[1], description: doc, props: [] };
      doc = null;
      out.push(iface);
      continue;
    }
    const alias = /^export declare type (\w+) = (.*);$/.exec(l);
    if (alias) {
      out.push({ name: alias[1], description: doc, alias: alias[2] });
      doc = null;
      continue;
    }
    if (iface && /^}/.test(l)) {
      iface = null;
      continue;
    }
    const p = iface && /^ {4}"([^"]+)"(\?)?: (.*)$/.exec(l);
    if (p) {
      let type = p[3];
      let depth = (type.match(/[{<]/g) ?? []).length - (type.match(/[}>]/g) ?? []).length;
      while (depth > 0 || !type.endsWith(";")) {
        const next = lines[++i].trim();
        type += ` ${next}`;
        depth += (next.match(/[{<]/g) ?? []).length - (next.match(/[}>]/g) ?? []).length;
      }
      prop = { name: p[1], optional: !!p[2], type: type.slice(0, -1).trim(), description: doc };
      iface.props.push(prop);
      doc = null;
    }
  }
  return out;
}

function walk(dir, rel = "") {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && e.name !== "_schemas") out.push(...walk(dir, r));
    else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") out.push(r);
  }
  return out;
}

const km = new Map(); // definition name → parsed interface or alias
const aliasToDef = new Map(); // IIoK8s... → definition name
function load(root, defName) {
  for (const rel of walk(root)) {
    const text = fs.readFileSync(path.join(root, rel), "utf8");
    const name = defName(rel);
    if (!name) continue;
    const exp = /export (?:type )?\{ (\w+) as (IIoK8s\w+)/.exec(text);
    if (exp) aliasToDef.set(exp[2], name);
    const parsed = parseDts(text).find((d) => d.name === exp?.[1]);
    if (parsed) km.set(name, parsed);
  }
}
load(roots.km, (rel) => {
  const m = /^(.+)\/(\w+)\.d\.ts$/.exec(rel);
  return m ? `${packageOf(m[1])}.${m[2]}` : undefined;
});
load(roots.am, (rel) => `io.k8s.apimachinery.pkg.${rel.replace(/\.d\.ts$/, "").replaceAll("/", ".")}`);

// --- client-node: what v1.32 has ------------------------------------------------------------

/** client-node's class name for a definition: V1Pod, or CoreV1Event where two groups share a name. */
function cnNames(def) {
  const parts = def.split(".");
  const kind = parts.at(-1);
  const version = parts.at(-2);
  const v = version[0].toUpperCase() + version.slice(1);
  const group = def.startsWith("io.k8s.api.")
    ? parts[3]
    : def.startsWith("io.k8s.apimachinery")
      ? ""
      : parts.at(-3);
  const g = group ? group[0].toUpperCase() + group.slice(1) : "";
  return [`${g}${v}${kind}`, `${v}${kind}`];
}
const cnDir = path.join(roots.cn, "dist", "gen", "models");
function cnModel(def) {
  for (const n of cnNames(def)) {
    const js = path.join(cnDir, `${n}.js`);
    if (!fs.existsSync(js)) continue;
    const map = JSON.parse(/attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(fs.readFileSync(js, "utf8"))[1]);
    const dts = fs.readFileSync(path.join(cnDir, `${n}.d.ts`), "utf8");
    const docs = new Map();
    const required = new Set();
    const re = /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\n\s*'([^']+)'(\?)?:/g;
    for (let m = re.exec(dts); m; m = re.exec(dts)) {
      docs.set(m[2], unCn(m[1]));
      if (!m[3]) required.add(m[2]);
    }
    const bare = /\n {4}'([^']+)':/g;
    for (let m = bare.exec(dts); m; m = bare.exec(dts)) required.add(m[1]);
    const classDoc = /\n\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\nexport declare class/.exec(dts);
    return { map, docs, required, description: classDoc ? unCn(classDoc[1]) : undefined };
  }
  return undefined;
}
function unCn(block) {
  return (
    block
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join(" ")
      .replace(/\\(['"\\])/g, "$1")
      // its generator keeps `/*` and `*/` out of its comments as `/_*` and `*_/`
      .replaceAll("/_*", "/*")
      .replaceAll("*_/", "*/")
      .trim()
  );
}
const squeeze = (s) => (s ?? "").replace(/\s+/g, " ").trim();
const withoutEnums = (s) => (s ?? "").replace(/\n\nPossible enum values:\n[\s\S]*$/, "");

/**
 * The v1.33 text where it words the v1.32 one the same, else the v1.32 text. client-node has
 * no description for a field that names another definition: there the v1.33 text stands.
 */
const tally = { same: 0, v132: 0, v133only: 0, rebroken: 0 };
function pickDescription(v133, v132) {
  if (v132 === undefined) {
    if (v133) tally.v133only++;
    return v133;
  }
  if (v133 !== undefined && squeeze(withoutEnums(v133)) === squeeze(v132)) {
    tally.same++;
    return v133;
  }
  tally.v132++;
  // client-node drops the enum paragraph that v1.32's spec has; v1.33's stands in for it.
  const enums = /\n\nPossible enum values:\n[\s\S]*$/.exec(v133 ?? "")?.[0] ?? "";
  return v132 ? rebreak(v132, withoutEnums(v133)) + enums : undefined;
}

/**
 * client-node turns each newline and tab into one space, so a v1.32 text keeps the length
 * of every white-space run. Where the words on both sides of a run are the same words,
 * in the same order, in v1.33's text, and its run there is as long, that run is restored.
 */
function rebreak(v132, v133) {
  if (!v133) return v132;
  const a = v132.split(/(\s+)/);
  const b = v133.split(/(\s+)/);
  const aw = a.filter((_, i) => i % 2 === 0);
  const bw = b.filter((_, i) => i % 2 === 0);
  // The longest common subsequence of the words, as a map from a's word index to b's.
  const n = aw.length;
  const m = bw.length;
  const len = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i][j] = aw[i] === bw[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  const match = new Map();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (aw[i] === bw[j]) match.set(i++, j++);
    else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  for (let k = 1; k < a.length; k += 2) {
    const i = (k - 1) / 2;
    const j = match.get(i);
    if (j === undefined || match.get(i + 1) !== j + 1) continue;
    const run = b[2 * j + 1];
    if (run !== a[k] && run?.length === a[k].length) {
      a[k] = run;
      tally.rebroken++;
    }
  }
  return a.join("");
}

// --- the v3 schemas -------------------------------------------------------------------------

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INTORSTRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const schemas = {};
const queue = [];
const ref = (def) => {
  if (!schemas[def] && !queue.includes(def)) queue.push(def);
  return `#/components/schemas/${def}`;
};

/** A field's schema from its kubernetes-models type, checked against client-node's. */
function typeSchema(ts, cnType, format, field) {
  if (/^Array<(.*)>$/.test(ts)) {
    const inner = /^Array<(.*)>$/.exec(ts)[1];
    return { type: "array", items: typeSchema(inner, cnType?.replace(/^Array<(.*)>$/, "$1"), format, false) };
  }
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(ts);
  if (map) {
    const inner = cnType?.replace(/^\{ \[key: string\]: (.*); \}$/, "$1");
    return { type: "object", additionalProperties: typeSchema(map[1], inner, format, false) };
  }
  // StatefulSet's volumeClaimTemplates: kubernetes-models inlines a looser PersistentVolumeClaim.
  if (ts.startsWith("{ /**")) {
    const def = [...km.keys()].find((d) => cnNames(d).includes(cnType));
    if (!def) throw new Error(`no definition for the inline type of ${cnType}`);
    return { allOf: [{ $ref: ref(def) }] };
  }
  // A definition naming itself (JSONSchemaProps) uses its local name.
  const local = /^I(\w+)$/.exec(ts) && `${currentDef.replace(/\.\w+$/, "")}.${ts.slice(1)}`;
  if (aliasToDef.has(ts) || (local && km.has(local))) {
    const def = aliasToDef.get(ts) ?? local;
    // A map's values and a list's items name Quantity directly; fields wrap the reference.
    if (!field && def === QUANTITY) return { $ref: ref(def) };
    return { allOf: [{ $ref: ref(def) }] };
  }
  if (ts === "string" || /^"[^"]*"$/.test(ts)) return { type: "string" };
  if (/^"[^"]*"( \| "[^"]*")+$/.test(ts))
    return { type: "string", enum: ts.split(" | ").map((s) => JSON.parse(s)) };
  if (ts === "number") {
    const integer = format === "int32" || format === "int64";
    return { type: integer ? "integer" : "number", ...(format && { format }) };
  }
  if (ts === "boolean") return { type: "boolean" };
  if (ts === "any" || ts === "object" || ts === "{}") return { type: "object" };
  throw new Error(`unknown type ${ts} (${cnType})`);
}

/**
 * Neither package describes Quantity; kubernetes-types (the project's devDependency, from the
 * v1.30 spec) does, and apimachinery has not changed those words since long before v1.30.
 */
function quantityDescription() {
  const dts = fs.readFileSync(
    path.join(import.meta.dirname, "..", "node_modules", "kubernetes-types", "api", "resource.d.ts"),
    "utf8",
  );
  const m = /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\nexport type Quantity = string;/.exec(dts);
  if (!m) throw new Error("no Quantity description in kubernetes-types");
  return unJsdoc(m[1].split("\n").filter((l) => l.trim() !== "")).trim();
}

let currentDef = "";
function buildDefinition(def) {
  currentDef = def;
  const k = km.get(def);
  if (def === QUANTITY)
    return { description: quantityDescription(), oneOf: [{ type: "string" }, { type: "number" }] };
  if (def === INTORSTRING)
    return {
      description: k?.description,
      format: "int-or-string",
      oneOf: [{ type: "integer" }, { type: "string" }],
    };
  if (k?.alias) {
    const t = k.alias === "string" ? { type: "string" } : { type: "object" };
    if (/\.(Time|MicroTime)$/.test(def)) t.format = def.endsWith("MicroTime") ? "date-time" : "date-time";
    return { description: k.description ?? undefined, ...t };
  }
  const cn = cnModel(def);
  // RawExtension, FieldsV1: free-form objects, which client-node inlines as `any`.
  if (k && !cn && k.props?.length === 0) return { description: k.description ?? undefined, type: "object" };
  if (!k || !cn) return undefined;
  const properties = {};
  const cnByName = new Map(cn.map.map((a) => [a.baseName, a]));
  for (const p of k.props) {
    const a = cnByName.get(p.name);
    if (!a) continue; // a v1.33 field
    const description = pickDescription(p.description ?? undefined, cn.docs.get(p.name));
    const s = typeSchema(p.type, a.type, a.format, true);
    properties[p.name] = { ...(description && { description }), ...s };
  }
  for (const a of cn.map) {
    if (properties[a.baseName]) continue;
    throw new Error(`${def}.${a.baseName} is in v1.32 but not in kubernetes-models`);
  }
  const gvk = k.props.find((p) => p.name === "kind" && /^"\w+"$/.test(p.type));
  const av = k.props.find((p) => p.name === "apiVersion" && /^"[^"]+"$/.test(p.type));
  const required = [...cn.required].filter((n) => properties[n]);
  const description = pickDescription(k.description ?? undefined, cn.description);
  const out = { ...(description && { description }), type: "object", properties };
  if (required.length) out.required = required;
  if (gvk && av) {
    const [group, version] = JSON.parse(av.type).includes("/")
      ? JSON.parse(av.type).split("/")
      : ["", JSON.parse(av.type)];
    out["x-kubernetes-group-version-kind"] = [{ group, kind: JSON.parse(gvk.type), version }];
  }
  return out;
}

// Every kind of v1.32 that kubernetes-models also has, and what they reach.
for (const [def, k] of km) {
  if (k.props?.some((p) => p.name === "kind" && /^"\w+"$/.test(p.type)) && cnModel(def)) queue.push(def);
}
while (queue.length) {
  const def = queue.shift();
  if (schemas[def]) continue;
  const s = buildDefinition(def);
  if (!s) throw new Error(`no v1.32 definition for ${def}`);
  schemas[def] = s;
}
const sorted = Object.fromEntries(
  Object.keys(schemas)
    .sort()
    .map((k) => [k, schemas[k]]),
);
const json = JSON.stringify({ source: Object.values(PACKAGES), schemas: sorted });
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, zlib.gzipSync(json, { level: 9 }));
// The licences the data comes under, beside it (assets/README.md says what came from where).
fs.copyFileSync(
  path.join(roots.cn, "LICENSE"),
  path.join(path.dirname(OUT), "LICENSE-kubernetes-client-node"),
);
fs.copyFileSync(path.join(roots.km, "LICENSE"), path.join(path.dirname(OUT), "LICENSE-kubernetes-models"));
fs.rmSync(tmp, { recursive: true, force: true });
console.log(
  `${OUT}: ${Object.keys(sorted).length} definitions, ${json.length} bytes, ${fs.statSync(OUT).size} gzipped`,
);
console.log(
  `descriptions: ${tally.same} v1.32 as worded in v1.33, ${tally.v132} v1.32 flattened, ${tally.v133only} v1.33 only, ${tally.rebroken} white-space runs restored in the flattened ones`,
);
