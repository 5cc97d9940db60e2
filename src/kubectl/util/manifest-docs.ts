// The documents behind -f (files, directories, stdin, URLs of none) as kubectl's resource
// builder reads them for apply, create and delete: what failed to load is recorded and the
// rest go on, and each document is checked on the client before it is sent.

import type { KObject } from "../../api/types.js";
import { resourceForManifest } from "../../apiserver/resources.js";
import type { Ctx } from "../cli.js";
import type { ErrorList } from "../errors.js";
import { CliError } from "../io.js";
import {
  FilenameFlagError,
  type ManifestDoc,
  type ManifestEntry,
  ManifestError,
  visitManifests,
} from "../manifests.js";
import { buildKustomization, kustomizeFailure } from "./kustomize.js";
import type { GlobalOpts } from "./session.js";

export interface FileOpts extends GlobalOpts {
  filename?: string[];
  /** -k DIR: the kustomization built there stands in for -f. */
  kustomize?: string;
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
  if (o.kustomize !== undefined) {
    if (o.filename?.length) throw new CliError("error: only one of -f or -k can be specified");
    const built = buildKustomization(ctx, o.kustomize);
    if (built instanceof Error) throw kustomizeFailure(built);
    return built.objects.map((obj, index) => ({ source: o.kustomize as string, index, obj }));
  }
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
    // kubectl prints a url.Error without "error: " (CheckErr's "Unable to connect to the server").
    else if (e.problem.message.startsWith("Unable to connect to the server: ")) errors.raw(e.problem.message);
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
