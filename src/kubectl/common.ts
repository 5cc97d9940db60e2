// Flags every verb shares and the small conversions verbs repeat: namespace and cluster
// selection, -o parsing, collecting repeated flags, resource/name argument forms.
import type { Command } from "commander";
import { expandCategory, lookupResource, type ResourceType } from "../apiserver/resources.js";
import { Session } from "../cluster/session.js";
import type { Ctx } from "./cli.js";
import { CliError, holdOutput } from "./io.js";

export interface GlobalOpts {
  namespace?: string;
  cluster?: string;
  context?: string;
}

export function collect(value: string, prev: string[] = []): string[] {
  return [...prev, value];
}

/** Adds the global flags kubectl accepts on every verb. */
export function withGlobals(cmd: Command): Command {
  return cmd
    .option("-n, --namespace <namespace>", "If present, the namespace scope for this CLI request")
    .option("--cluster <name>", "The kubesim cluster to use (default: the current one)")
    .option("--context <name>", "Same as --cluster: kubesim's clusters are its contexts")
    .option("--kubeconfig <path>", "Accepted for compatibility; kubesim keeps its own state")
    .option("--request-timeout <duration>", "Accepted for compatibility");
}

export function session(ctx: Ctx, o: GlobalOpts): Session {
  const flag = o.cluster ? "--cluster" : "--context";
  return new Session({
    cluster: o.cluster || o.context,
    flag,
    env: ctx.io.env,
    holdOutput: () => holdOutput(ctx.io),
    fs: ctx.io.fs,
  });
}

export function namespaceOf(o: GlobalOpts): string {
  return o.namespace || "default";
}

export function resolveType(typed: string): ResourceType {
  const r = lookupResource(typed);
  if (!r) throw new CliError(`error: the server doesn't have a resource type "${typed}"`);
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

/** Parses `30s`, `5m`, `1h`, `1m30s`, or a bare number of seconds, into milliseconds. */
/**
 * An integer flag as pflag parses it (strconv.ParseInt), or its error as cobra prints it:
 * `Error: invalid argument ... See 'kubectl VERB --help' for usage.`
 */
export function intFlag(value: string, flag: string, verb: string): number {
  if (!/^[-+]?\d+$/.test(value))
    throw new CliError(
      `Error: invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax\nSee 'kubectl ${verb} --help' for usage.`,
    );
  return Number(value);
}

export function parseDuration(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] as "ms" | "s" | "m" | "h"];
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}
