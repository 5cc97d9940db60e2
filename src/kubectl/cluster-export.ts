// kubesim cluster export [--output DIR]: the lab's cluster for kind and kubectl (src/lab/export.ts).
// Without --output, one YAML stream on stdout; with it, DIR/kind-config.yaml and one file
// per object in DIR/manifests, whose names order `kubectl apply -f DIR/manifests`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { exportCluster, exportStream, kindConfigYaml } from "../lab/export.js";
import { toYaml } from "../printers/yaml.js";
import type { Ctx } from "./cli.js";
import { type GlobalOpts, session } from "./common.js";
import { CliError } from "./io.js";

/** Files a previous export wrote; removed first so a deleted object does not come back from a stale file. */
const EXPORTED = /^\d\d-[a-z]+-.+\.yaml$/;

function writeDir(dir: string, e: ReturnType<typeof exportCluster>): string[] {
  const manifests = join(dir, "manifests");
  try {
    mkdirSync(manifests, { recursive: true });
    for (const f of readdirSync(manifests)) if (EXPORTED.test(f)) rmSync(join(manifests, f));
    writeFileSync(join(dir, "kind-config.yaml"), kindConfigYaml(e));
    for (const o of e.objects) writeFileSync(join(manifests, o.file), toYaml(o.obj));
  } catch (err) {
    throw new CliError(`error: cannot write the export to ${dir}: ${(err as Error).message}`);
  }
  return [join(dir, "kind-config.yaml"), ...e.objects.map((o) => join(manifests, o.file))];
}

export function registerClusterExport(cluster: Command, ctx: Ctx): void {
  cluster
    .command("export")
    .description(
      "Write a kind config and the cluster's own objects as manifests, to run the lab on a real cluster",
    )
    .option("--output <dir>", "directory to write kind-config.yaml and manifests/ to (default: stdout)")
    .option("--cluster <name>", "The kubesim cluster to export (default: the current one)")
    .action(async (o: { output?: string } & GlobalOpts) => {
      const e = await session(ctx, o).view((c) => exportCluster(c));
      if (o.output === undefined) {
        ctx.io.out(exportStream(e));
        return;
      }
      const files = writeDir(o.output, e);
      for (const f of files) ctx.io.out(`wrote ${f}\n`);
      const dir = o.output;
      ctx.io.out(
        `\nOn a machine with kind and kubectl:\n  kind create cluster --config ${join(dir, "kind-config.yaml")}\n` +
          (e.objects.length ? `  kubectl apply -f ${join(dir, "manifests")}\n` : ""),
      );
    });
}
