// kubesim cluster export [--output DIR]: the lab's cluster for kind and kubectl (src/lab/export.ts).
// Without --output, one YAML stream on stdout; with it, DIR/kind-config.yaml and one file
// per object in DIR/manifests, whose names order `kubectl apply -f DIR/manifests`; which
// directories it may write to, and what it replaces there, is export-dir.ts's business.
import { join } from "node:path";
import type { Command } from "commander";
import { exportCluster, exportStream, kindConfigYaml } from "../lab/export.js";
import { toYaml } from "../printers/yaml.js";
import type { Ctx } from "./cli.js";
import { writeExportDir } from "./export-dir.js";
import { hostFiles } from "./userfiles.js";
import { type GlobalOpts, session } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ExportFlags extends GlobalOpts {
  output?: string;
}

/** `cluster export`: the cluster's objects as manifests, on stdout or in a directory. */
class ClusterExportOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ExportFlags,
  ) {}

  complete(): void {}

  validate(): void {
    // Which directories may be written to is checked as they are written (export-dir.ts).
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const e = await session(ctx, o).view((c) => exportCluster(c));
    if (o.output === undefined) {
      ctx.io.out(exportStream(e));
      return;
    }
    const files = writeExportDir(ctx.io.files ?? hostFiles, o.output, [
      { rel: "kind-config.yaml", text: kindConfigYaml(e) },
      ...e.objects.map((x) => ({ rel: `manifests/${x.file}`, text: toYaml(x.obj) })),
    ]);
    for (const f of files) ctx.io.out(`wrote ${f}\n`);
    const dir = o.output;
    ctx.io.out(
      `\nOn a machine with kind and kubectl:\n  kind create cluster --config ${join(dir, "kind-config.yaml")}\n` +
        (e.objects.length ? `  kubectl apply -f ${join(dir, "manifests")}\n` : ""),
    );
  }
}

export function registerClusterExport(cluster: Command, ctx: Ctx): void {
  cluster
    .command("export")
    .description(
      "Write a kind config and the cluster's own objects as manifests, to run the lab on a real cluster",
    )
    .option("--output <dir>", "directory to write kind-config.yaml and manifests/ to (default: stdout)")
    .option("--cluster <name>", "The kubesim cluster to export (default: the current one)")
    .action((flags: ExportFlags) => runVerb(new ClusterExportOptions(ctx, flags)));
}
