// kubectl create quota: a ResourceQuota from --hard resource=quantity pairs and --scopes,
// with kubectl's own parsing errors (populateResourceListV1, parseScopes).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { resourceListArg } from "./util/resource-list.js";
import { runVerb } from "./util/verb-options.js";

interface QuotaOpts extends BuildOpts {
  hard?: string;
  scopes?: string;
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
    const hard = resourceListArg(this.flags.hard ?? "");
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
