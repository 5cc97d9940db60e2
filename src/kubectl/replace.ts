// kubectl replace -f: a PUT of each document over the object that must already exist
// (`pod/p replaced`); --force deletes what exists, waits until it is gone, and creates
// the documents anew, as kubectl's forceReplace does.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { ClientDecodeError, createObject, decode, deleteObject, updateObject } from "../apiserver/admit.js";
import { notFound, StatusError } from "../apiserver/errors.js";
import { qualifiedKind, RESOURCES, type ResourceType, resourceForManifest } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { goMarshal } from "../golang/json.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import type { ManifestDoc } from "./manifests.js";
import { parseOutput } from "./output.js";
import { HELP } from "./replace.help.js";
import { LAST_APPLIED } from "./util/apply-one.js";
import { type DryRun, dryRunMode, dryRunSuffix } from "./util/dry-run.js";
import { collect, parseDuration } from "./util/flags.js";
import { checkDoc, type FileOpts, loadDocs } from "./util/manifest-docs.js";
import { type ResourcePrinter, toPrinter } from "./util/printer.js";
import { namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

interface ReplaceOpts extends FileOpts {
  force?: boolean;
  gracePeriod?: string;
  cascade?: string;
  saveConfig?: boolean;
  timeout?: string;
  wait?: boolean | string;
  validate?: string | boolean;
}

const CASCADES = ["background", "foreground", "orphan"];
const VALIDATIONS = ["strict", "true", "warn", "ignore", "false"];

/** One document, decoded and placed: its type, namespace and name. */
interface Target {
  doc: ManifestDoc;
  obj: KObject;
  r: ResourceType;
  ns?: string;
  name: string;
}

/** kubectl's forceReplace waits this long for the deleted objects to go (its --timeout=0 default). */
const FORCE_WAIT_MS = 5 * 60 * 1000;

/** kubectl's ReplaceOptions: the documents, how to print them, and whether to recreate them. */
class ReplaceOptions implements VerbOptions<[]> {
  private readonly errors = new ErrorList();
  private docs: ManifestDoc[] = [];
  private printer!: ResourcePrinter;
  private grace?: number;
  private mode: DryRun = "none";
  private cascade = "background";
  private waitMs = FORCE_WAIT_MS;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ReplaceOpts,
  ) {}

  complete(): void {
    const { ctx, flags } = this;
    // pflag parses --timeout before the command runs.
    const timeout = flags.timeout === undefined ? 0 : parseDuration(flags.timeout);
    if (timeout === undefined)
      throw new CliError(
        `Error: invalid argument "${flags.timeout}" for "--timeout" flag: time: invalid duration "${flags.timeout}"\nSee 'kubectl replace --help' for usage.`,
      );
    if (timeout > 0) this.waitMs = timeout;
    this.mode = dryRunMode(flags.dryRun);
    // DeleteFlags.ToOptions: --cascade=true/false are the old spellings of background/orphan.
    const cascade = flags.cascade ?? "background";
    this.cascade = cascade === "true" ? "background" : cascade === "false" ? "orphan" : cascade;
    if (!CASCADES.includes(this.cascade))
      throw new CliError(
        `error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`,
      );
    const v = flags.validate === undefined || flags.validate === true ? "strict" : String(flags.validate);
    if (!VALIDATIONS.includes(v))
      throw new CliError(
        `error: invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`,
      );
    if (!flags.filename?.length) throw new CliError("error: must specify one of -f and -k");
    // ReplaceOptions.Validate, before any file is read.
    const g = flags.gracePeriod === undefined ? -1 : Number(flags.gracePeriod);
    if (g >= 0 && !flags.force) throw new CliError("error: --grace-period must have --force specified");
    if (timeout !== 0 && !flags.force) throw new CliError("error: --timeout must have --force specified");
    if (flags.force && this.mode !== "none")
      throw new CliError("error: --dry-run can not be used when --force is set");
    this.docs = loadDocs(ctx, flags, this.errors, "replace");
    if (!this.docs.length && !this.errors.length) throw new CliError("error: no objects passed to replace");
    this.printer = toPrinter(
      parseOutput(flags.output, ["table", "yaml", "json", "name", "template"], { files: ctx.io.files }),
      ctx.io,
    );
    // kubectl turns --grace-period=0 into 1 for replace, and a negative one means the object's own.
    this.grace = g < 0 || Number.isNaN(g) ? undefined : Math.max(g, 1);
  }

  validate(): void {}

  /** Decodes a document as the server will see it; a failure is recorded and the document skipped. */
  private target(doc: ManifestDoc): Target | undefined {
    if (!checkDoc(doc, this.flags, this.errors)) return undefined;
    try {
      const obj = decode(doc.obj);
      obj.metadata = obj.metadata ?? {};
      const r = resourceForManifest(obj.apiVersion, obj.kind);
      if (!r) throw new Error(`kubesim: replace decoded an unserved ${obj.apiVersion} ${obj.kind}`);
      const ns = r.namespaced ? obj.metadata.namespace || namespaceOf(this.flags) : undefined;
      if (r.namespaced) obj.metadata.namespace = ns;
      return { doc, obj, r, ns, name: obj.metadata.name ?? "" };
    } catch (e) {
      if (e instanceof ClientDecodeError) {
        this.errors.message(`unable to decode "${doc.source}": ${e.message}`);
        return undefined;
      }
      throw e;
    }
  }

  /**
   * CreateOrUpdateAnnotation: --save-config records the object as sent in the
   * last-applied annotation; an object that has one gets it refreshed either way.
   */
  private annotate(t: Target): void {
    const annotations = t.obj.metadata.annotations ?? {};
    if (!this.flags.saveConfig && !(LAST_APPLIED in annotations)) return;
    const recorded = structuredClone(t.obj);
    recorded.metadata.annotations = { ...annotations };
    delete recorded.metadata.annotations[LAST_APPLIED];
    t.obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: `${goMarshal(recorded)}\n` };
  }

  /** Runs one write; an API error is kept for the end with the file it came from. */
  private attempt(t: Target, write: () => void): void {
    try {
      write();
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.errors.status(e, { file: t.doc.source, verb: "replacing" });
    }
  }

  async run(): Promise<void> {
    const { ctx, printer } = this;
    const s = session(ctx, this.flags);
    const targets = this.docs.map((d) => this.target(d)).filter((t): t is Target => !!t);
    for (const t of targets) this.annotate(t);
    const suffix = dryRunSuffix(this.mode);
    if (this.mode === "client") {
      // Nothing is sent: the object as it would be, whether or not it exists.
      for (const t of targets) ctx.io.out(printer.printWritten(t.obj, `replaced${suffix}`));
      this.errors.throwIfAny();
      return;
    }
    if (!this.flags.force) {
      await s.transact((c) => {
        for (const t of targets)
          this.attempt(t, () => {
            const live = c.api.get(t.r, t.ns, t.name);
            if (!live) throw notFound(t.r, t.name);
            const written = updateObject(c, t.obj, live, { dryRun: this.mode === "server" });
            ctx.io.out(printer.printWritten(written, `replaced${suffix}`));
          });
      });
      this.errors.throwIfAny();
      return;
    }
    const deleted: KObject[] = [];
    await s.transact((c) => {
      for (const t of targets) {
        // What does not exist is simply created: replace ignores NotFound here.
        if (!c.api.get(t.r, t.ns, t.name)) continue;
        this.attempt(t, () => {
          const live = c.api.get(t.r, t.ns, t.name);
          if (live && this.cascade === "orphan") orphanDependents(c, live);
          const gone = structuredClone(
            deleteObject(c, t.r, t.ns, t.name, { gracePeriodSeconds: this.grace }),
          );
          deleted.push(gone);
          ctx.io.out(`${qualifiedKind(t.r)} "${t.name}" deleted\n`);
        });
      }
    });
    const uids = new Set(deleted.map((d) => d.metadata.uid));
    const isGone = (c: Cluster) =>
      targets.every((t) => {
        const o = c.api.get(t.r, t.ns, t.name);
        return !o || !uids.has(o.metadata.uid);
      });
    if (!(await waitFor(s, isGone, this.waitMs)))
      throw new CliError("error: timed out waiting for the condition");
    await s.transact((c) => {
      for (const t of targets)
        this.attempt(t, () => {
          // The old object's resourceVersion means nothing to a create (get -o yaml | replace --force).
          const fresh = structuredClone(t.obj);
          delete fresh.metadata.resourceVersion;
          ctx.io.out(printer.printWritten(createObject(c, fresh, t.ns ?? ""), "replaced"));
        });
    });
    this.errors.throwIfAny();
  }
}

/**
 * --cascade=orphan: the garbage collector's orphan finalizer, done before the delete. The
 * owner's dependents lose their reference to it and stay, for the re-created owner to adopt.
 */
function orphanDependents(c: Cluster, owner: KObject): void {
  const uid = owner.metadata.uid;
  c.api.internally(() => {
    for (const r of RESOURCES)
      for (const o of c.api.all(r)) {
        const refs = o.metadata.ownerReferences ?? [];
        if (!refs.some((x) => x.uid === uid)) continue;
        const next = structuredClone(o);
        next.metadata.ownerReferences = refs.filter((x) => x.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        c.api.put(next);
      }
  });
}

export function registerReplace(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("replace")), HELP)
    .description("Replace a resource by file name or stdin")
    .option("-f, --filename <file>", "The files that contain the configurations to replace", collect)
    .option(
      "-k, --kustomize <dir>",
      "Process a kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format")
    .option("--force", "Delete and re-create the resources")
    .option(
      "--grace-period <seconds>",
      "Period of time in seconds given to the resource to terminate gracefully",
    )
    .option("--cascade <strategy>", 'Must be "background", "orphan", or "foreground"')
    .option("--dry-run [strategy]", 'Must be "none", "server", or "client"')
    .option("--save-config", "Save the configuration of the current object in its annotation")
    .option("--timeout <duration>", "The length of time to wait before giving up on a delete")
    .option("--wait [bool]", "If true, wait for resources to be gone before returning")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .option("--field-manager <name>", "Name of the manager used to track field ownership")
    .action((flags: ReplaceOpts) => runVerb(new ReplaceOptions(ctx, flags)));
}
