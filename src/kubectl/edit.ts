// kubectl edit: the objects as YAML (or JSON with -o json) under kubectl's header comment in
// a temporary file, the user's editor on it (util/editor.ts: the one real process kubesim
// starts), then each changed object patched with the difference, through admission. An
// invalid change reopens the file with the server's reasons in the header; saving it
// unchanged then gives up, leaving the file for the user, as kubectl's edit loop does.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { updateObject } from "../apiserver/admit.js";
import { StatusError } from "../apiserver/errors.js";
import { resourceForManifest } from "../apiserver/resources.js";
import { goMarshal } from "../golang/json.js";
import { NestingTooDeepError, yamlToJson } from "../golang/yaml/decode.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./edit.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { type OutputFormat, parseOutput, printObjects } from "./output.js";
import { jsonMergePatch } from "./patch-apply.js";
import { LAST_APPLIED } from "./util/apply-one.js";
import { createTempFile, launchEditor, removeTempFile } from "./util/editor.js";
import { collect } from "./util/flags.js";
import { resolveTargets, type Target } from "./util/podtemplate.js";
import { toPrinter } from "./util/printer.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface EditOpts extends GlobalOpts {
  filename?: string[];
  kustomize?: string;
  recursive?: boolean;
  output?: string;
  outputPatch?: boolean;
  saveConfig?: boolean;
  showManagedFields?: boolean;
  validate?: string;
  windowsLineEndings?: boolean;
}

type Obj = Record<string, unknown>;

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** A reason in the header: a head line and its causes, each line break continued as a comment. */
interface Reason {
  head: string;
  other: string[];
}

const hashOnLineBreak = (s: string) => s.replace(/\n/g, "\n# ");

function headerText(reasons: Reason[]): string {
  let out = HEADER;
  for (const r of reasons) {
    out += `# ${hashOnLineBreak(r.head)}${r.other.length ? ":" : ""}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += "#\n";
  }
  return out;
}

/** cmdutil.ManualStrip: the lines that are not comments (`#!` lines are kept). */
function manualStrip(text: string): string {
  const lines = text.split("\n");
  return lines
    .filter((l) => {
      const t = l.trim();
      return !(t.startsWith("#") && !t.startsWith("#!"));
    })
    .join("\n");
}

/** cmdutil.StripComments: the content as JSON when it parses, else without its comment lines. */
function stripComments(text: string): string {
  try {
    return JSON.stringify(yamlToJson(text));
  } catch {
    return manualStrip(text);
  }
}

/** The two-way patch from one object to another: changed keys, null for removed ones, lists whole. */
function diffPatch(from: unknown, to: unknown): unknown {
  const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(from) || !isObj(to)) return to;
  const out: Obj = {};
  for (const [k, v] of Object.entries(to)) {
    if (!(k in from)) out[k] = v;
    else if (goMarshal(from[k]) !== goMarshal(v))
      out[k] = isObj(from[k]) && isObj(v) ? diffPatch(from[k], v) : v;
  }
  for (const k of Object.keys(from)) if (!(k in to)) out[k] = null;
  return out;
}

/** resource[.group] as kubectl's edit results name a resource. */
function resourceString(t: Target): string {
  return t.r.group ? `${t.r.plural}.${t.r.group}` : t.r.plural;
}

/** A failure that ends the edit: kubectl's preservedFile names the file the changes stay in. */
function preserved(ctx: Ctx, message: string, file: string | undefined): CliError {
  if (file) ctx.io.err(`A copy of your changes has been stored to "${file}"\n`);
  return new CliError(message);
}

class EditOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  private format: "yaml" | "json" = "yaml";
  private result!: OutputFormat;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: EditOpts,
  ) {}

  complete(args: string[]): void {
    this.args = args;
    if (!args.length && !this.flags.filename?.length && this.flags.kustomize === undefined)
      throw new CliError(NO_RESOURCES);
    this.result = this.flags.output
      ? parseOutput(this.flags.output, ["yaml", "json", "name", "template"], { files: this.ctx.io.files })
      : "table";
    if (this.flags.output === "json") this.format = "json";
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx, flags } = this;
    const ns = namespaceOf(flags);
    const [targets, now] = await session(ctx, flags).view(
      (c) => [resolveTargets(ctx, c.api, flags, this.args, ns, "edit"), c.clock.nowMs()] as const,
    );
    // An editor typed into kubesim's node shell would be a program on the learner's machine.
    if (ctx.io.files)
      throw new CliError(
        "error: kubesim starts no editor from its node shell: run kubectl edit in your own terminal",
      );
    if (!targets.length) return;
    const objs = targets.map((t) => t.obj);
    const original = printObjects(this.format, objs, targets.length === 1);
    const ext = this.format === "json" ? ".json" : ".yaml";
    let reasons: Reason[] = [];
    let edited = "";
    let file: string | undefined;
    let containsError = false;
    for (let pass = 0; ; pass++) {
      // JSON has no comments, so kubectl writes no header (nor the reasons) above it.
      const header = this.format === "json" ? "" : headerText(reasons);
      const buf = header + (containsError ? manualStrip(edited) : original);
      const previous = edited;
      const prevFile = file;
      let next: string;
      try {
        file = createTempFile("kubectl-edit-", ext, buf, `kubectl edit ${now} ${pass}`);
        next = launchEditor(ctx.io.env, file);
      } catch (e) {
        if (e instanceof CliError) throw preserved(ctx, e.message, prevFile);
        throw e;
      }
      edited = next;
      if (containsError && stripComments(previous) === stripComments(edited))
        throw preserved(ctx, "error: Edit cancelled, no valid changes were saved.", file);
      if (prevFile) removeTempFile(prevFile);
      if (stripComments(original) === stripComments(edited)) {
        removeTempFile(file);
        ctx.io.err("Edit cancelled, no changes made.\n");
        return;
      }
      if (!manualStrip(edited).trim()) {
        removeTempFile(file);
        ctx.io.err("Edit cancelled, saved file was empty.\n");
        return;
      }
      let updated: KObject[];
      try {
        const parsed = yamlToJson(edited) as Obj;
        updated =
          parsed?.kind === "List" && Array.isArray(parsed.items)
            ? (parsed.items as KObject[])
            : [parsed as unknown as KObject];
      } catch (e) {
        containsError = true;
        // The builder reads the buffer as a stream named "edited-file".
        const stage = e instanceof NestingTooDeepError ? "" : "error converting YAML to JSON: ";
        const why = `error parsing edited-file: ${stage}${(e as Error).message}`;
        reasons = [{ head: `The edited file had a syntax error: ${why}`, other: [] }];
        continue;
      }
      containsError = false;
      reasons = await this.save(targets, updated, ns, file);
      if (!reasons.length) {
        removeTempFile(file);
        return;
      }
      containsError = true;
    }
  }

  /** visitToPatch: patch each changed object; the reasons of those the server found invalid. */
  private async save(targets: Target[], updated: KObject[], ns: string, file: string): Promise<Reason[]> {
    const { ctx, flags } = this;
    const reasons: Reason[] = [];
    let retryable = 0;
    let notFound = 0;
    const printer = toPrinter(this.result, ctx.io);
    await session(ctx, flags).transact((c) => {
      for (const u of updated) {
        const t = targets.find(
          (x) =>
            x.obj.metadata.name === u?.metadata?.name &&
            x.obj.kind === u?.kind &&
            x.obj.apiVersion === u?.apiVersion,
        );
        if (!t) throw preserved(ctx, "error: At least one of apiVersion, kind and name was changed", file);
        const uns = u.metadata.namespace;
        if (t.r.namespaced && uns && uns !== (flags.namespace || t.obj.metadata.namespace || ns))
          throw preserved(
            ctx,
            `error: the namespace from the provided object "${uns}" does not match the namespace "${flags.namespace || ns}". You must pass '--namespace=${uns}' to perform this operation.`,
            file,
          );
        // An object kubectl apply manages keeps its record current; --save-config starts one.
        const annotations = u.metadata.annotations ?? {};
        if (flags.saveConfig || LAST_APPLIED in annotations) {
          const recorded = structuredClone(u);
          recorded.metadata.annotations = { ...annotations };
          delete recorded.metadata.annotations[LAST_APPLIED];
          u.metadata.annotations = { ...annotations, [LAST_APPLIED]: `${goMarshal(recorded)}\n` };
        }
        if (goMarshal(t.obj) === goMarshal(u)) {
          ctx.io.out(printer.printWritten(t.obj, "skipped"));
          continue;
        }
        const patch = diffPatch(t.obj, u);
        if (flags.outputPatch) ctx.io.out(`Patch: ${goMarshal(patch)}\n`);
        const r = resourceForManifest(t.obj.apiVersion, t.obj.kind) ?? t.r;
        const live = c.api.get(r, t.obj.metadata.namespace ?? "", t.obj.metadata.name ?? "");
        try {
          if (!live) throw new StatusError("NotFound", "", 404);
          const next = jsonMergePatch(structuredClone(live), patch) as KObject;
          const written = updateObject(c, next, live, { verb: "patch" });
          ctx.io.out(printer.printWritten(written, "edited"));
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          const name = `${resourceString(t)} "${t.obj.metadata.name}"`;
          if (e.reason === "Invalid") {
            reasons.push({ head: `${name} was not valid`, other: e.details?.causes ?? [] });
            ctx.io.err(`error: ${name} is invalid\n`);
          } else if (e.reason === "NotFound") {
            notFound++;
            ctx.io.err(`error: ${name} could not be found on the server\n`);
          } else {
            retryable++;
            ctx.io.err(`error: ${name} could not be patched: ${e.message}\n`);
          }
        }
      }
    });
    if (retryable) {
      ctx.io.err(`You can run \`kubectl replace -f ${file}\` to try this update again.\n`);
      throw new CliError("");
    }
    if (notFound) {
      ctx.io.err(`The edits you made on deleted resources have been saved to "${file}"\n`);
      throw new CliError("");
    }
    return reasons;
  }
}

export function registerEdit(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("edit")), HELP)
    .description("Edit a resource on the server")
    .argument("[args...]")
    .option(
      "-f, --filename <file>",
      "Filename, directory, or URL to files to use to edit the resource",
      collect,
    )
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format")
    .option("--output-patch", "Output the patch if the resource is edited")
    .option("--save-config", "Save the configuration of the current object in its annotation")
    .option("--show-managed-fields", "Keep the managedFields when printing objects")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .option("--windows-line-endings", "Accepted: kubesim writes the platform's line endings")
    .action((args: string[], flags: EditOpts) => runVerb(new EditOptions(ctx, flags), args));
}
