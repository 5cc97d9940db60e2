// What apply and create -f share: load the documents, check each, write it, print its line.

import type { KObject } from "../../api/types.js";
import { ClientDecodeError } from "../../apiserver/admit.js";
import { StatusError } from "../../apiserver/errors.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Ctx } from "../cli.js";
import { ErrorList } from "../errors.js";
import { CliError } from "../io.js";
import type { ManifestDoc } from "../manifests.js";
import { parseOutput } from "../output.js";
import { RetrievalError } from "./apply-one.js";
import { type DryRun, dryRunMode, dryRunSuffix } from "./dry-run.js";
import { guessedImageNotes } from "./guessed-images.js";
import { checkDoc, type FileOpts, loadDocs } from "./manifest-docs.js";
import { type ResourcePrinter, toPrinter } from "./printer.js";
import { session } from "./session.js";
import type { VerbOptions } from "./verb-options.js";

/** What writing one document did, and kubectl's warning about it, if any. */
export interface Written {
  obj: KObject;
  op: string;
  warning?: string;
}

/**
 * The options apply and create -f share (kubectl's ApplyOptions and CreateOptions for -f):
 * each document that loaded and passes kubectl's client-side checks is written in one
 * transaction, its line printed at once, and the errors gathered for the end.
 */
export class WriteDocsOptions implements VerbOptions<[]> {
  private readonly errors = new ErrorList();
  private docs: ManifestDoc[] = [];
  private printer!: ResourcePrinter;
  private mode: DryRun = "none";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: FileOpts,
    private readonly verb: "apply" | "create",
    private readonly write: (c: Cluster, doc: ManifestDoc, dryRun: boolean) => Written,
  ) {}

  complete(): void {
    const { ctx, flags, verb } = this;
    this.docs = loadDocs(ctx, flags, this.errors, verb);
    // An empty file, or one of only comments and `---`, is kubectl's error, not a quiet
    // success; it is reported before a bad -o, as kubesim always has.
    if (!this.docs.length && !this.errors.length) throw new CliError(`error: no objects passed to ${verb}`);
    const format = parseOutput(flags.output, ["table", "yaml", "json", "name", "template"], {
      files: ctx.io.files,
    });
    this.printer = toPrinter(format, ctx.io);
    this.mode = dryRunMode(flags.dryRun);
  }

  validate(): void {
    // Documents are checked (checkDoc) in run, so that the good ones are still written:
    // kubectl's builder continues on error.
  }

  async run(): Promise<void> {
    const { ctx, errors, printer, mode } = this;
    const suffix = dryRunSuffix(mode);
    const written: KObject[] = [];
    // kubectl's builder maps every document to a served type before the first write, with
    // the discovery it read at the start: a CustomResource in the same file as its new CRD
    // is not mapped ("ensure CRDs are installed first"), and these errors come first.
    const mapped = this.docs.filter((doc) => checkDoc(doc, this.flags, errors));
    await session(ctx, this.flags).transact((c) => {
      for (const doc of mapped) {
        try {
          const { obj, op, warning } = this.write(c, doc, mode !== "none");
          if (warning) ctx.io.err(`${warning}\n`);
          ctx.io.out(printer.printWritten(obj, `${op}${suffix}`));
          if (mode === "none" && op !== "unchanged") written.push(obj);
        } catch (e) {
          if (e instanceof ClientDecodeError)
            errors.message(`unable to decode "${doc.source}": ${e.message}`);
          else if (e instanceof RetrievalError) errors.status(e, { file: doc.source, verb: e.sourceVerb });
          else if (e instanceof StatusError) errors.status(e, { file: doc.source, verb: "creating" });
          else throw e;
        }
      }
    });
    const notes = guessedImageNotes(written);
    if (notes) ctx.io.err(notes);
    errors.throwIfAny();
  }
}
