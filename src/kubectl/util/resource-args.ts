// kubectl's resource arguments (`TYPE NAME...`, `TYPE1,TYPE2`, `TYPE/NAME...`, categories
// such as `all`) turned into resource types, with kubectl's words for a type it doesn't know.
import { expandCategory, lookupResource, type ResourceType } from "../../apiserver/resources.js";
import { CliError } from "../io.js";

/** The builder's refusal of a command given neither resources nor files. */
export const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export function resolveType(typed: string): ResourceType {
  const r = lookupResource(typed);
  // kubectl names only the resource part of `crontabs.stable.example.com` in its answer.
  if (!r) throw new CliError(`error: the server doesn't have a resource type "${typed.split(".")[0]}"`);
  return r;
}

/** `pods,svc` or `all` → the resource types, in the order given. */
export function resolveTypes(typed: string): ResourceType[] {
  const out: ResourceType[] = [];
  for (const t of typed.split(",").filter(Boolean)) {
    const cat = expandCategory(t);
    const found = cat && !lookupResource(t) ? cat : [resolveType(t)];
    for (const r of found) if (!out.includes(r)) out.push(r);
  }
  return out;
}

export interface TypedName {
  r: ResourceType;
  name: string;
}

/**
 * kubectl's argument forms: `TYPE NAME...`, `TYPE` alone, or `TYPE/NAME...`.
 * Returns the types (when listing) or the typed names.
 */
export function parseResourceArgs(args: string[]): { types: ResourceType[]; names: TypedName[] } {
  if (args.some((a) => a.includes("/"))) {
    const names: TypedName[] = [];
    for (const a of args) {
      const i = a.indexOf("/");
      if (i < 0) {
        throw new CliError(
          "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
        );
      }
      names.push({ r: resolveType(a.slice(0, i)), name: a.slice(i + 1) });
    }
    return { types: [], names };
  }
  const types = resolveTypes(args[0]);
  const rest = args.slice(1);
  if (!rest.length) return { types, names: [] };
  if (types.length > 1) {
    // `get pods,svc name` applies the names to every type.
    return { types: [], names: types.flatMap((r) => rest.map((name) => ({ r, name }))) };
  }
  return { types: [], names: rest.map((name) => ({ r: types[0], name })) };
}
