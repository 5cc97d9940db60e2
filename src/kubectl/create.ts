// kubectl create -f: like apply without the annotation, and an existing object is an
// AlreadyExists error naming the file.
import type { Command } from "commander";
import { ClientDecodeError, createObject } from "../apiserver/admit.js";
import { StatusError } from "../apiserver/errors.js";
import { checkDoc, dryRunMode, type FileOpts, loadDocs } from "./apply.js";
import type { Ctx } from "./cli.js";
import { collect, namespaceOf, session, withGlobals } from "./common.js";
import { ErrorList } from "./errors.js";
import { nameOf, parseOutput, printObjects } from "./output.js";

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
    .action(async (o: FileOpts) => {
      const errors = new ErrorList();
      const docs = loadDocs(ctx, o, errors, "create");
      const format = parseOutput(o.output, ["table", "yaml", "json", "name"]);
      const mode = dryRunMode(o.dryRun);
      const suffix = mode === "client" ? " (dry run)" : mode === "server" ? " (server dry run)" : "";
      await session(ctx, o).transact((c) => {
        for (const doc of docs) {
          if (!checkDoc(doc, o, errors)) continue;
          try {
            const obj = createObject(c, doc.obj, namespaceOf(o), { dryRun: mode !== "none" });
            if (format === "yaml" || format === "json") ctx.io.out(printObjects(format, [obj], true));
            else if (format === "name") ctx.io.out(`${nameOf(obj)}\n`);
            else ctx.io.out(`${nameOf(obj)} created${suffix}\n`);
          } catch (e) {
            if (e instanceof ClientDecodeError)
              errors.message(`unable to decode "${doc.source}": ${e.message}`);
            else if (e instanceof StatusError) errors.status(e, { file: doc.source, verb: "creating" });
            else throw e;
          }
        }
      });
      errors.throwIfAny();
    });
}
