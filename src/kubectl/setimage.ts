// kubectl set image: new images for named containers (or `*`) of a workload's pod template
// (or of a pod); the Deployment controller then rolls the change out.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { updateObject } from "../apiserver/admit.js";
import { notFound } from "../apiserver/errors.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { usageError } from "./io.js";
import { HELP } from "./setimage.help.js";
import { guessedImageNotes } from "./util/guessed-images.js";
import { podSpecOf } from "./util/podtemplate.js";
import { nameOnlyOutput, toPrinter } from "./util/printer.js";
import { parseResourceArgs } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { setCommand } from "./util/set-group.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface SetImageOpts extends GlobalOpts {
  output?: string;
  dryRun?: string;
  all?: boolean;
}

/** kubectl's SetImageOptions: `container=image` pairs and the objects they go to. */
class SetImageOptions implements VerbOptions<[string[]]> {
  private pairs: string[] = [];
  private resArgs: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: SetImageOpts,
  ) {}

  complete(args: string[]): void {
    this.pairs = args.filter((a) => a.includes("="));
    this.resArgs = args.filter((a) => !a.includes("="));
  }

  validate(): void {
    if (!this.resArgs.length || !this.pairs.length)
      throw usageError(
        "set image",
        "one or more resources must be specified as <resource> <name> or <resource>/<name>",
      );
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const images = this.pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const);
    const { names } = parseResourceArgs(this.resArgs);
    const ns = namespaceOf(o);
    const printer = toPrinter(nameOnlyOutput(o.output), ctx.io);
    const errors = new ErrorList();
    const notes: KObject[] = [];
    await session(ctx, o).transact((c) => {
      for (const n of names) {
        const obj = c.api.get(n.r, ns, n.name);
        if (!obj) {
          errors.status(notFound(n.r, n.name));
          continue;
        }
        const next = structuredClone(obj);
        const spec = podSpecOf(next);
        let changed = false;
        for (const [name, image] of images) {
          const all = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
          const hit = all.filter((ct) => name === "*" || ct.name === name);
          if (!hit.length) errors.raw(`error: unable to find container named "${name}"`);
          for (const ct of hit) {
            if (ct.image !== image) {
              ct.image = image;
              changed = true;
            }
          }
        }
        // kubectl sends nothing and prints nothing when no image changed.
        if (!changed) continue;
        const dry = o.dryRun !== undefined && o.dryRun !== "none";
        if (!dry) updateObject(c, next, obj, { verb: "patch" });
        if (!dry) notes.push(next);
        const suffix = dry ? (o.dryRun === "server" ? " (server dry run)" : " (dry run)") : "";
        ctx.io.out(printer.printWritten(obj, `image updated${suffix}`));
      }
    });
    const text = guessedImageNotes(notes);
    if (text) ctx.io.err(text);
    errors.throwIfAny();
  }
}

export function registerSetImage(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(setCommand(program).command("image")), HELP)
    .description("Update the image of a pod template")
    .argument("[args...]")
    .option("-o, --output <format>", "Output format: name")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--all", "Select all resources, in the namespace of the specified resource types")
    .action((args: string[], flags: SetImageOpts) => runVerb(new SetImageOptions(ctx, flags), args));
}
