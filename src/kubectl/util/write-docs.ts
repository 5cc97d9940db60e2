// The loop apply and create -f share: load, check, write each document, print its line.
import { ClientDecodeError } from "../../apiserver/admit.js";
import { StatusError } from "../../apiserver/errors.js";
import type { KObject } from "../../apiserver/types.js";
import type { Cluster } from "../../cluster/cluster.js";
import type { Ctx } from "../cli.js";
import { ErrorList } from "../errors.js";
import { CliError } from "../io.js";
import type { ManifestDoc } from "../manifests.js";
import { parseOutput } from "../output.js";
import { dryRunMode, dryRunSuffix } from "./dry-run.js";
import { checkDoc, type FileOpts, loadDocs } from "./manifest-docs.js";
import { toPrinter } from "./printer.js";
import { session } from "./session.js";

/** What writing one document did, and kubectl's warning about it, if any. */
export interface Written {
  obj: KObject;
  op: string;
  warning?: string;
}

/**
 * The loop apply and create share: each document that loaded and passes kubectl's
 * client-side checks is written in one transaction, its success line printed at once,
 * and the errors gathered for the end.
 */
export async function writeDocs(
  ctx: Ctx,
  o: FileOpts,
  verb: "apply" | "create",
  write: (c: Cluster, doc: ManifestDoc, dryRun: boolean) => Written,
): Promise<void> {
  const errors = new ErrorList();
  const docs = loadDocs(ctx, o, errors, verb);
  // An empty file, or one of only comments and `---`, is kubectl's error, not a quiet success.
  if (!docs.length && !errors.length) throw new CliError(`error: no objects passed to ${verb}`);
  const format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
    files: ctx.io.files,
  });
  const printer = toPrinter(format, ctx.io);
  const mode = dryRunMode(o.dryRun);
  const suffix = dryRunSuffix(mode);
  await session(ctx, o).transact((c) => {
    for (const doc of docs) {
      if (!checkDoc(doc, o, errors)) continue;
      try {
        const { obj, op, warning } = write(c, doc, mode !== "none");
        if (warning) ctx.io.err(`${warning}\n`);
        ctx.io.out(printer.printWritten(obj, `${op}${suffix}`));
      } catch (e) {
        if (e instanceof ClientDecodeError) errors.message(`unable to decode "${doc.source}": ${e.message}`);
        else if (e instanceof StatusError) errors.status(e, { file: doc.source, verb: "creating" });
        else throw e;
      }
    }
  });
  errors.throwIfAny();
}
