// kubectl create -f: like apply without the annotation, and an existing object is an
// AlreadyExists error naming the file.
import type { Command } from "commander";
import { createObject } from "../apiserver/admit.js";
import { type FileOpts, writeDocs } from "./apply.js";
import type { Ctx } from "./cli.js";
import { collect, namespaceOf, withGlobals } from "./common.js";

export function registerCreate(program: Command, ctx: Ctx): void {
  withGlobals(program.command("create"))
    .description("Create a resource from a file or from stdin")
    .option(
      "-f, --filename <file>",
      "Filename, directory, or URL to files to use to create the resource",
      collect,
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--save-config", "Record the configuration in the last-applied annotation")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .action((o: FileOpts) =>
      writeDocs(ctx, o, "create", (c, doc, dry) => ({
        obj: createObject(c, doc.obj, namespaceOf(o), { dryRun: dry }),
        op: "created",
      })),
    );
}
