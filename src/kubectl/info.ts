// The informational verbs: version, cluster-info, api-resources, api-versions.
import { Chalk } from "chalk";
import type { Command } from "commander";
import { allResources, apiVersionOf, type ResourceType } from "../apiserver/resources.js";
import { K8S_VERSION } from "../cluster/bootstrap.js";
import { compareKeys } from "../golang/sort.js";
import { tabwrite } from "../printers/tabwriter.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { HELP } from "./info.help.js";
import { usageError } from "./io.js";
import { apiServerURL } from "./util/kubeconfig.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ApiResourcesFlags {
  namespaced?: string | boolean;
  output?: string;
  headers: boolean;
  apiGroup?: string;
  categories?: string[];
}

/** kubectl's APIResourceOptions: the served types, filtered by --namespaced, as a table or names. */
class ApiResourcesOptions implements VerbOptions<[]> {
  private list: ResourceType[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ApiResourcesFlags,
  ) {}

  complete(): void {
    const o = this.flags;
    this.list = [...allResources()].sort(
      (a, b) => compareKeys(a.group, b.group) || compareKeys(a.plural, b.plural),
    );
    if (o.namespaced !== undefined) {
      const want = o.namespaced === true || o.namespaced === "true";
      this.list = this.list.filter((r) => r.namespaced === want);
    }
    const group = o.apiGroup;
    if (group !== undefined) this.list = this.list.filter((r) => r.group === group);
    const cats = (o.categories ?? []).flatMap((c) => c.split(","));
    if (cats.length) this.list = this.list.filter((r) => cats.every((c) => r.categories.includes(c)));
  }

  validate(): void {}

  run(): void {
    const { ctx, flags: o, list } = this;
    // api-resources prints resource types, not objects: its own name and wide forms.
    if (o.output === "name") {
      ctx.io.out(list.map((r) => `${r.plural}${r.group ? `.${r.group}` : ""}\n`).join(""));
      return;
    }
    const wide = o.output === "wide";
    const rows = list.map((r) => [
      r.plural,
      r.shortNames.join(","),
      apiVersionOf(r),
      String(r.namespaced),
      r.kind,
      ...(wide ? [`[${r.verbs.join(" ")}]`, r.categories.join(",")] : []),
    ]);
    const header = [
      "NAME",
      "SHORTNAMES",
      "APIVERSION",
      "NAMESPACED",
      "KIND",
      ...(wide ? ["VERBS", "CATEGORIES"] : []),
    ];
    ctx.io.out(tabwrite(o.headers === false ? rows : [header, ...rows]));
  }
}

/** kubectl's VersionOptions: the client's version, and the server's unless --client. */
class VersionOptions implements VerbOptions<[]> {
  private clientOnly = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: { client?: boolean },
  ) {}

  complete(): void {
    this.clientOnly = !!this.flags.client;
  }

  validate(): void {
    // -o is accepted and, as the one format kubesim prints is kubectl's default, ignored.
  }

  run(): void {
    let text = `Client Version: ${K8S_VERSION}\nKustomize Version: v5.5.0\n`;
    if (!this.clientOnly) text += `Server Version: ${K8S_VERSION}\n`;
    this.ctx.io.out(text);
  }
}

/** kubectl's ClusterInfoOptions: where the control plane and CoreDNS answer. */
class ClusterInfoOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly flags: GlobalOpts,
  ) {}

  complete(): void {}

  validate(): void {}

  async run(): Promise<void> {
    const { ctx } = this;
    const url = await session(ctx, this.flags).view((c) => apiServerURL(c.state));
    const useColor = ctx.io.stdoutIsTTY && !ctx.io.env.NO_COLOR;
    const color = new Chalk({ level: useColor ? 1 : 0 });
    ctx.io.out(
      `${color.green("Kubernetes control plane")} is running at ${color.yellow(url)}\n` +
        `${color.green("CoreDNS")} is running at ${color.yellow(`${url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`)}\n\n` +
        `To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
    );
  }
}

/** kubectl's api-versions: every group/version served, sorted by byte as Go's sort.Strings does. */
class ApiVersionsOptions implements VerbOptions<[string[]]> {
  constructor(private readonly ctx: Ctx) {}

  complete(args: string[]): void {
    if (args.length) throw usageError("api-versions", `unexpected arguments: [${args.join(" ")}]`);
  }

  validate(): void {}

  run(): void {
    // Older versions still served (autoscaling/v1) are versions of their group too, and a CRD serves each of its served versions, not only the preferred one.
    const served = allResources().flatMap((r) =>
      r.custom
        ? r.custom.versions.filter((v) => v.served).map((v) => `${r.group}/${v.name}`)
        : [apiVersionOf(r), ...(r.alsoServed ?? []).map((v) => `${r.group}/${v}`)],
    );
    const versions = [...new Set(served)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.ctx.io.out(versions.map((v) => `${v}\n`).join(""));
  }
}

export function registerInfo(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("version")), HELP)
    .description("Print the client and server version information")
    .option("--client", "If true, shows client version only (no server required)")
    .option("-o, --output <format>", "One of 'yaml' or 'json'")
    .action((flags: { client?: boolean }) => runVerb(new VersionOptions(ctx, flags)));

  attachHelp(withGlobals(program.command("cluster-info")), HELP)
    .description("Display cluster information")
    .action((flags: GlobalOpts) => runVerb(new ClusterInfoOptions(ctx, flags)));

  attachHelp(withGlobals(program.command("api-resources")), HELP)
    .description("Print the supported API resources on the server")
    .option("--namespaced [bool]", "If false, non-namespaced resources will be returned")
    .option("--api-group <group>", "Limit to resources in the specified API group.")
    .option(
      "--categories <category>",
      "Limit to resources that belong to the specified categories.",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("-o, --output <format>", "Output format: wide or name")
    .option("--no-headers", "Don't print headers")
    .action((flags: ApiResourcesFlags) => runVerb(new ApiResourcesOptions(ctx, flags)));

  attachHelp(withGlobals(program.command("api-versions")), HELP)
    .description('Print the supported API versions on the server, in the form of "group/version"')
    .argument("[args...]")
    .action((args: string[]) => runVerb(new ApiVersionsOptions(ctx), args));
}
