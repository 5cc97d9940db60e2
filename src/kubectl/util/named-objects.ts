// The objects -k names, as the verbs that act on existing objects read them (kubectl's
// builder with a kustomization as its source): each one's type, name and namespace.
import { resourceForManifest } from "../../apiserver/resources.js";
import type { Ctx } from "../cli.js";
import { ErrorList } from "../errors.js";
import { CliError } from "../io.js";
import { type FileOpts, loadDocs } from "./manifest-docs.js";
import type { TypedName } from "./resource-args.js";

export function namedObjects(
  ctx: Ctx,
  flags: FileOpts,
  dir: string,
  ns: string,
): (TypedName & { ns: string })[] {
  const errors = new ErrorList();
  const docs = loadDocs(ctx, { ...flags, filename: undefined, kustomize: dir }, errors, "get");
  errors.throwIfAny();
  return docs.map((d) => {
    const meta = (d.obj.metadata ?? {}) as { name?: string; namespace?: string };
    const r = resourceForManifest(String(d.obj.apiVersion), String(d.obj.kind));
    if (!r) {
      throw new CliError(
        `error: resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${dir}": no matches for kind "${d.obj.kind}" in version "${d.obj.apiVersion}"\nensure CRDs are installed first`,
      );
    }
    return { r, name: String(meta.name ?? ""), ns: r.namespaced ? meta.namespace || ns : "" };
  });
}
