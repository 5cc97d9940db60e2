// kubectl apply -f: creates what is missing with the last-applied-configuration
// annotation, merges changes into what exists (configured), leaves equal objects alone
// (unchanged); errors are gathered and printed after the successes, as kubectl does.
import type { Command } from "commander";
import { ClientDecodeError, createObject, decode, updateObject } from "../apiserver/admit.js";
import { StatusError } from "../apiserver/errors.js";
import { resourceForManifest } from "../apiserver/resources.js";
import type { KObject } from "../apiserver/types.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { CliError } from "./io.js";
import {
  FilenameFlagError,
  type ManifestDoc,
  type ManifestEntry,
  ManifestError,
  visitManifests,
} from "./manifests.js";
import { threeWayMerge } from "./merge.js";
import { nameOf, parseOutput, printObjects } from "./output.js";
import { printTemplate } from "./templates.js";
import { collect } from "./util/flags.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export interface FileOpts extends GlobalOpts {
  filename?: string[];
  recursive?: boolean;
  output?: string;
  dryRun?: string;
}

/**
 * Reads -f arguments. Argument errors (a missing path) stop the command; problems inside
 * files (a YAML error in one document) are recorded and the documents that did load go on,
 * as kubectl's builder continues on error.
 */
export function loadDocs(ctx: Ctx, o: FileOpts, errors: ErrorList, verb: string): ManifestDoc[] {
  if (!o.filename?.length) throw new CliError("error: must specify one of -f and -k");
  let entries: ManifestEntry[];
  try {
    entries = visitManifests(o.filename, {
      recursive: !!o.recursive,
      stdin: () => ctx.io.readStdin(),
      files: ctx.io.files,
    });
  } catch (e) {
    if (e instanceof ManifestError) throw new CliError((e as Error).message);
    if (e instanceof FilenameFlagError) {
      throw new CliError(`Error: ${(e as Error).message}\nSee 'kubectl ${verb} --help' for usage.`);
    }
    throw e;
  }
  const docs: ManifestDoc[] = [];
  for (const e of entries) {
    if ("doc" in e) docs.push(e.doc);
    else if (e.problem.listErrors) errors.raw(e.problem.listErrors.join("\n"), e.problem.message);
    else errors.message(e.problem.message.replace(/^error: /, ""));
  }
  return docs;
}

/** Client-side checks kubectl makes before it sends an object: a served kind, a consistent namespace. */
export function checkDoc(doc: ManifestDoc, o: FileOpts, errors: ErrorList): boolean {
  const obj = doc.obj as KObject;
  const meta = (obj.metadata ?? {}) as KObject["metadata"];
  const r = resourceForManifest(String(obj.apiVersion), String(obj.kind));
  if (!r) {
    const version = String(obj.apiVersion);
    errors.message(
      `resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${doc.source}": no matches for kind "${obj.kind}" in version "${version}"\nensure CRDs are installed first`,
    );
    return false;
  }
  if (o.namespace && meta.namespace && r.namespaced && meta.namespace !== o.namespace) {
    errors.message(
      `the namespace from the provided object "${meta.namespace}" does not match the namespace "${o.namespace}". You must pass '--namespace=${meta.namespace}' to perform this operation.`,
    );
    return false;
  }
  return true;
}

export function dryRunMode(v: string | undefined): "none" | "client" | "server" {
  if (v === undefined || v === "none") return "none";
  if (v === "client" || v === "server" || v === "true") return v === "true" ? "client" : v;
  throw new CliError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );
}

/** What writing one document did, and kubectl's warning about it, if any. */
export interface Written {
  obj: KObject;
  op: string;
  warning?: string;
}

function applyOne(c: Cluster, doc: ManifestDoc, ns: string, dry: boolean): Written {
  // Strict decoding comes first, whether the object will be created or patched.
  const config = decode(doc.obj);
  config.metadata = config.metadata ?? {};
  const r = resourceForManifest(config.apiVersion, config.kind)!;
  if (r.namespaced) config.metadata.namespace = config.metadata.namespace || ns;
  // The annotation records the configuration as applied, without itself.
  const recorded = structuredClone(config);
  recorded.metadata.annotations = { ...recorded.metadata.annotations };
  delete recorded.metadata.annotations[LAST_APPLIED];
  const annotation = `${sortedJson(recorded)}\n`;
  const live = config.metadata.name
    ? c.api.get(r, config.metadata.namespace, config.metadata.name)
    : undefined;
  config.metadata.annotations = { ...config.metadata.annotations, [LAST_APPLIED]: annotation };
  if (!live) return { obj: createObject(c, config, ns, { dryRun: dry }), op: "created" };
  const lastText = live.metadata.annotations?.[LAST_APPLIED];
  // An object made by create, expose or run has no record of what was applied: kubectl
  // warns, then patches the annotation in with the rest.
  const warning = lastText
    ? undefined
    : `Warning: resource ${r.plural}/${live.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`;
  const original = lastText ? JSON.parse(lastText) : undefined;
  const merged = threeWayMerge(original, config, structuredClone(live)) as KObject;
  if (sortedJson(merged) === sortedJson(live)) return { obj: live, op: "unchanged", warning };
  return { obj: updateObject(c, merged, live, { dryRun: dry }), op: "configured", warning };
}

export function registerApply(program: Command, ctx: Ctx): void {
  withGlobals(program.command("apply"))
    .description("Apply a configuration to a resource by file name or stdin")
    .option("-f, --filename <file>", "The files that contain the configurations to apply", collect)
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .action((o: FileOpts) =>
      writeDocs(ctx, o, "apply", (c, doc, dry) => applyOne(c, doc, namespaceOf(o), dry)),
    );
}

/**
 * The loop apply and create share: each document that loaded and passes kubectl's
 * client-side checks is written in one transaction, its success line printed at once,
 * and the errors gathered for the end.
 */
export async function writeDocs(
  ctx: Ctx,
  o: FileOpts,
  verb: "apply" | "create",
  write: (c: Cluster, doc: ManifestDoc, dryRun: boolean) => Written,
): Promise<void> {
  const errors = new ErrorList();
  const docs = loadDocs(ctx, o, errors, verb);
  // An empty file, or one of only comments and `---`, is kubectl's error, not a quiet success.
  if (!docs.length && !errors.length) throw new CliError(`error: no objects passed to ${verb}`);
  const format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
    files: ctx.io.files,
  });
  const mode = dryRunMode(o.dryRun);
  const suffix = mode === "client" ? " (dry run)" : mode === "server" ? " (server dry run)" : "";
  await session(ctx, o).transact((c) => {
    for (const doc of docs) {
      if (!checkDoc(doc, o, errors)) continue;
      try {
        const { obj, op, warning } = write(c, doc, mode !== "none");
        if (warning) ctx.io.err(`${warning}\n`);
        if (format === "yaml" || format === "json") ctx.io.out(printObjects(format, [obj], true));
        else if (typeof format === "object") ctx.io.out(printTemplate(ctx.io, format, [obj], true, false));
        else if (format === "name") ctx.io.out(`${nameOf(obj)}\n`);
        else ctx.io.out(`${nameOf(obj)} ${op}${suffix}\n`);
      } catch (e) {
        if (e instanceof ClientDecodeError) errors.message(`unable to decode "${doc.source}": ${e.message}`);
        else if (e instanceof StatusError) errors.status(e, { file: doc.source, verb: "creating" });
        else throw e;
      }
    }
  });
  errors.throwIfAny();
}
