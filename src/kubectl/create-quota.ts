// kubectl create quota: a ResourceQuota from --hard resource=quantity pairs and --scopes,
// with kubectl's own parsing errors (populateResourceListV1, parseScopes).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { formatQuantity, parseQuantity } from "../golang/quantity.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { runVerb } from "./util/verb-options.js";

interface QuotaOpts extends BuildOpts {
  hard?: string;
  scopes?: string;
}

/** populateResourceListV1: `a=1,b=2Gi` as a ResourceList (Go prints its map sorted). */
function resourceList(spec: string): Record<string, string> | undefined {
  if (spec === "") return undefined;
  const out: Record<string, string> = {};
  for (const stmt of spec.split(",")) {
    const parts = stmt.split("=");
    if (parts.length !== 2)
      throw new CliError(`error: Invalid argument syntax ${stmt}, expected <resource>=<value>`);
    const q = parseQuantity(parts[1]);
    if (typeof q === "string") throw new CliError(`error: ${q}`);
    out[parts[0]] = formatQuantity(q);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

/** parseScopes: names are left to the apiserver; only an empty one is refused here. */
function scopes(spec: string): string[] | undefined {
  if (spec === "") return undefined;
  const out = spec.split(",");
  if (out.includes("")) throw new CliError('error: invalid resource quota scope ""');
  return out;
}

class CreateQuotaOptions extends GeneratorOptions<QuotaOpts> {
  protected build(): KObject {
    const hard = resourceList(this.flags.hard ?? "");
    const scopeList = scopes(this.flags.scopes ?? "");
    return {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: this.name, creationTimestamp: null },
      spec: { ...(hard ? { hard } : {}), ...(scopeList ? { scopes: scopeList } : {}) },
      status: {},
    } as unknown as KObject;
  }

  protected override wrap(m: string): string {
    return `failed to create quota: ${m}`;
  }
}

export function registerCreateQuota(create: Command, ctx: Ctx): void {
  generator(create, "quota", "resourcequota", "Create a quota with the specified name")
    .option(
      "--hard <pairs>",
      "A comma-delimited set of resource=quantity pairs that define a hard limit.",
      "",
    )
    .option(
      "--scopes <scopes>",
      "A comma-delimited set of quota scopes that must all match each object tracked by the quota.",
      "",
    )
    .action((names: string[], flags: QuotaOpts) =>
      runVerb(new CreateQuotaOptions(ctx, flags, "create quota"), names),
    );
}
