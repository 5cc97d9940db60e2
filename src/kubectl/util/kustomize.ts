// The kustomize build behind `kubectl kustomize` and every verb's -k: kubectl runs its
// embedded kustomize on the directory and reads the output as it reads a -f file.
import type { Ctx } from "../cli.js";
import { CliError } from "../io.js";
import { type Built, KustomizeError, kustomizeBuild, kustomizeYaml } from "../kustomize/build.js";
import { hostFiles } from "../userfiles.js";

export { kustomizeYaml };

/** Builds DIR; kustomize's warnings go to stderr first, as kustomize prints them while it reads. */
export function buildKustomization(ctx: Ctx, dir: string, loadNone = false): Built | KustomizeError {
  try {
    // Relative paths are the node shell's, in `kubesim shell`, or the process's.
    const cwd = ctx.io.files ? ctx.io.files.realpath(".") : process.cwd();
    return kustomizeBuild(ctx.io.files ?? hostFiles, dir, cwd, loadNone, (w) => ctx.io.err(`${w}\n`));
  } catch (e) {
    if (e instanceof KustomizeError) return e;
    throw e;
  }
}

/** A kustomize error as the verbs with -k print it. */
export function kustomizeFailure(e: KustomizeError): CliError {
  return new CliError(`error: ${e.message}`);
}
