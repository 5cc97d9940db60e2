// kubectl apply -f: creates what is missing with the last-applied-configuration
// annotation, merges changes into what exists (configured), leaves equal objects alone
// (unchanged); errors are gathered and printed after the successes, as kubectl does.
import type { Command } from "commander";
import { HELP } from "./apply.help.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { applyOne } from "./util/apply-one.js";
import { collect } from "./util/flags.js";
import type { FileOpts } from "./util/manifest-docs.js";
import { namespaceOf, withGlobals } from "./util/session.js";
import { runVerb } from "./util/verb-options.js";
import { WriteDocsOptions } from "./util/write-docs.js";

export function registerApply(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("apply")), HELP)
    .description("Apply a configuration to a resource by file name or stdin")
    .option("-f, --filename <file>", "The files that contain the configurations to apply", collect)
    .option(
      "-k, --kustomize <dir>",
      "Process a kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .action((flags: FileOpts) =>
      runVerb(
        new WriteDocsOptions(ctx, flags, "apply", (c, doc, dry) => applyOne(c, doc, namespaceOf(flags), dry)),
      ),
    );
}
