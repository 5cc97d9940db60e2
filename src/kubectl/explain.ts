// kubectl explain: the API's own field documentation, from the OpenAPI v3 schemas of
// Kubernetes v1.32 that kubesim bundles (assets/openapi-v1.32.json.gz, read only here, so no
// other command pays for it). Resource names resolve as kubectl resolves them: the longest
// `resource.group` prefix of the path that names a served resource, the rest being fields.
// With --api-version only the first word is the resource, and the group/version then names
// the schema, as kubectl's explain does (so `pods --api-version=apps/v1` fails as kubectl does).
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { Command } from "commander";
import type { JSONSchemaProps } from "../api/types.js";
import { customSchema } from "../apiserver/crd/served.js";
import { allResources, RESOURCES, type ResourceType } from "../apiserver/resources.js";
import { explainOpenAPIV2 } from "../printers/explain/openapiv2.js";
import {
  documentForSchema,
  explainOpenAPIV3,
  type GVK,
  type OpenAPIDocument,
} from "../printers/explain/openapiv3.js";
import { JsonPathError, type ListNode, type Node, parseJsonPath } from "../printers/jsonpath-parse.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./explain.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

const BUNDLE = path.join("assets", "openapi-v1.32.json.gz");

/** The bundle beside dist/ (the binary) or src/ (tests). */
export function bundlePath(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, BUNDLE))) return path.join(dir, BUNDLE);
    if (path.dirname(dir) === dir) throw new Error(`kubesim: ${BUNDLE} is missing from this installation`);
  }
}

let loaded: OpenAPIDocument | undefined;

/** The bundled v1.32 schemas as one OpenAPI v3 document. */
export function builtinOpenAPI(): OpenAPIDocument {
  if (!loaded) {
    const bundle = JSON.parse(zlib.gunzipSync(fs.readFileSync(bundlePath())).toString("utf8"));
    loaded = { components: { schemas: bundle.schemas } };
  }
  return loaded;
}

/** The served resources a word names (plural, singular, short name or kind), as the REST mapper's ResourcesFor. */
function resourcesFor(word: string): ResourceType[] {
  const name = word.toLowerCase();
  // The stored CRDs' kinds too (read only when a word misses the built-in table's names).
  return allResources().filter(
    (r) =>
      r.plural === name ||
      r.singular === name ||
      r.shortNames.includes(name) ||
      r.kind.toLowerCase() === name,
  );
}

interface Target {
  r: ResourceType;
  fields: string[];
}

/** explain's jsonPathParse: the input read as the client-go JSONPath `{.INPUT}`, its one action's nodes. */
function jsonPathNodes(input: string): Node[] {
  let nodes: readonly Node[];
  try {
    nodes = parseJsonPath(`{.${input.endsWith(".") ? input.slice(0, -1) : input}}`).nodes;
  } catch (e) {
    if (e instanceof JsonPathError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  if (nodes.length !== 1) throw new CliError("error: must pass in 1 jsonpath string");
  return (nodes[0] as ListNode).nodes;
}

/** The field names of nodes that must all be field nodes, else kubectl's `message`. */
function fieldNames(nodes: Node[], message: string): string[] {
  return nodes.map((n) => {
    if (n.kind !== "field") throw new CliError(`error: invalid jsonpath syntax, ${message}`);
    return n.name;
  });
}

/** The resource word: the first node, which must be a field naming something. */
function resourceWord(nodes: Node[]): string {
  const first = nodes[0];
  if (first?.kind !== "field")
    throw new CliError("error: invalid jsonpath syntax, first node must be field node");
  if (first.name === "") throw new CliError("error: a resource must be present, got: /, Resource=");
  return first.name;
}

/**
 * explain.SplitAndParseResourceRequestWithMatchingPrefix: the first JSONPath field names the
 * resource; the first of its matches whose `plural.group` prefixes the input takes the rest
 * as fields (so `deployments.apps.spec` is apps' spec), else the first match takes every
 * node after the first.
 */
function splitWithMatchingPrefix(input: string): Target {
  const nodes = jsonPathNodes(input);
  const word = resourceWord(nodes);
  const matches = resourcesFor(word);
  if (!matches.length) throw new CliError(`the server doesn't have a resource type "${word}"`);
  for (const r of matches) {
    const groupResource = r.group ? `${r.plural}.${r.group}` : r.plural;
    if (!input.startsWith(groupResource)) continue;
    const suffix = input.slice(groupResource.length);
    const rest = suffix ? jsonPathNodes(suffix).slice(1) : [];
    return { r, fields: fieldNames(rest, "first node must be field node") };
  }
  return { r: matches[0], fields: fieldNames(nodes.slice(1), "first node must be field node") };
}

/** explain.SplitAndParseResourceRequest (with --api-version): the first field is the resource. */
function splitFirst(input: string): Target {
  const nodes = jsonPathNodes(input);
  const word = resourceWord(nodes);
  const r = resourcesFor(word)[0];
  if (!r) throw new CliError(`the server doesn't have a resource type "${word}"`);
  return { r, fields: fieldNames(nodes.slice(1), "all nodes must be field nodes") };
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(s: string): { group: string; version: string } {
  if (s === "" || s === "/") return { group: "", version: "" };
  const parts = s.split("/");
  if (parts.length === 1) return { group: "", version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new CliError(`error: unexpected GroupVersion string: ${s}`);
}

interface ExplainFlags {
  apiVersion?: string;
  output?: string;
  recursive?: boolean | string;
}

const GO_TRUE = ["1", "t", "T", "TRUE", "true", "True"];
const GO_FALSE = ["0", "f", "F", "FALSE", "false", "False"];

class ExplainOptions implements VerbOptions<[string[]]> {
  private input = "";
  private recursive = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ExplainFlags,
  ) {}

  complete(args: string[]): void {
    const r = this.flags.recursive;
    if (typeof r === "string") {
      // commander gives an optional value the next word; pflag's bool flag takes only `=VALUE`.
      const written = (this.ctx.argv ?? []).some((a) => a === `--recursive=${r}`);
      if (written && !GO_TRUE.includes(r) && !GO_FALSE.includes(r))
        throw new CliError(
          `Error: invalid argument "${r}" for "--recursive" flag: strconv.ParseBool: parsing "${r}": invalid syntax\nSee 'kubectl explain --help' for usage.`,
        );
      if (written) this.recursive = GO_TRUE.includes(r);
      else {
        this.recursive = true;
        args = [r, ...args];
      }
    } else this.recursive = r === true;
    if (args.length === 0)
      throw new CliError(
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    if (args.length > 1) throw new CliError("error: We accept only this format: explain RESOURCE");
    this.input = args[0];
  }

  validate(): void {
    const output = this.flags.output ?? "plaintext";
    if (output !== "plaintext" && output !== "plaintext-openapiv2")
      throw new CliError(`error: unrecognized format: ${output}`);
  }

  run(): void {
    const apiVersion = this.flags.apiVersion ?? "";
    const { r, fields } = apiVersion ? splitFirst(this.input) : splitWithMatchingPrefix(this.input);
    const gvk: GVK = apiVersion
      ? { ...parseGroupVersion(apiVersion), kind: r.kind }
      : { group: r.group, version: r.version, kind: r.kind };
    const doc = withCustomKind(builtinOpenAPI(), r, gvk.version);
    const result =
      this.flags.output === "plaintext-openapiv2"
        ? explainOpenAPIV2(doc, gvk, fields, this.recursive)
        : this.v3(doc, r, apiVersion, fields);
    this.ctx.io.out(result.out);
    if (result.error) throw new CliError(result.error);
  }

  /** The v3 path: the group/version's document must be served, then the kind found in it by its path. */
  private v3(doc: OpenAPIDocument, r: ResourceType, apiVersion: string, fields: string[]) {
    const gv = apiVersion ? parseGroupVersion(apiVersion) : { group: r.group, version: r.version };
    const gvr = `${gv.group}/${gv.version}, Resource=${r.plural}`;
    const served = (x: ResourceType) =>
      x.group === gv.group &&
      (x.custom
        ? x.custom.versions.some((v) => v.served && v.name === gv.version)
        : x.version === gv.version);
    if (!RESOURCES.some(served) && !(r.custom && served(r)))
      return { out: "", error: `error: couldn't find resource for "${gvr}"` };
    const kind = r.custom
      ? served(r)
        ? r
        : undefined
      : RESOURCES.find((x) => served(x) && x.plural === r.plural);
    if (!kind) return { out: "", error: `error: GVR (${gvr}) not found in OpenAPI schema` };
    return explainOpenAPIV3(
      doc,
      { group: gv.group, version: gv.version, kind: kind.kind },
      fields,
      this.recursive,
    );
  }
}

const TYPE_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/**
 * A custom kind's schema as the apiextensions-apiserver publishes it (its OpenAPI builder):
 * the CRD's openAPIV3Schema with apiVersion and kind described as TypeMeta's fields and
 * metadata as a reference to ObjectMeta, next to the built-in definitions it refers to.
 */
function withCustomKind(doc: OpenAPIDocument, r: ResourceType, version: string): OpenAPIDocument {
  const schema = r.custom ? customSchema(r, version) : undefined;
  if (!schema) return doc;
  const pod = doc.components?.schemas?.["io.k8s.api.core.v1.Pod"] as { properties: Record<string, unknown> };
  const published: JSONSchemaProps = {
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: pod.properties.apiVersion as JSONSchemaProps,
      kind: pod.properties.kind as JSONSchemaProps,
      metadata: {
        description:
          "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        allOf: [{ $ref: `#/components/schemas/${TYPE_META}` }],
      } as JSONSchemaProps,
    },
  };
  const own = documentForSchema({ group: r.group, version, kind: r.kind }, published as never);
  return { components: { schemas: { ...doc.components?.schemas, ...own.components?.schemas } } };
}

export function registerExplain(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("explain")), HELP)
    .description("Get documentation for a resource")
    .argument("[args...]")
    .option("--api-version <version>", "Use given api-version (group/version) of the resource.")
    .option("-o, --output <format>", "Format in which to render the schema.")
    .option("--recursive [bool]", "When true, print the name of all the fields recursively.")
    .action((args: string[], flags: ExplainFlags) => runVerb(new ExplainOptions(ctx, flags), args));
}
