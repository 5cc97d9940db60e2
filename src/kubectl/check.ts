// kubesim check FILE: runs a lab check file (src/lab/checkfile.ts) against the cluster and
// prints PASS or FAIL with the model's reason for each step, then a summary. Exit status 0
// only if every step holds, so lab scripts can `set -e` on it. kubesim's own verb; it only
// reads the cluster (a view), whatever the steps do.
import type { Command } from "commander";
import { type CheckFile, CheckFileError, parseCheckFile } from "../lab/checkfile.js";
import { runChecks, summary } from "../lab/checks.js";
import { HELP } from "./check.help.js";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { InputTooLargeError } from "./input-limit.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

function readCheckFile(path: string, ctx: Ctx): string {
  if (path === "-") return ctx.io.readStdin();
  try {
    return (ctx.io.files ?? hostFiles).readFile(path).toString("utf8");
  } catch (e) {
    if (e instanceof InputTooLargeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `error: cannot read check file ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
}

/** The steps of a check file, read and parsed, then run against the cluster. */
class CheckOptions implements VerbOptions<[string]> {
  private checks: CheckFile = { steps: [] };

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: GlobalOpts,
  ) {}

  complete(file: string): void {
    const text = readCheckFile(file, this.ctx);
    try {
      // -n is the namespace of steps when the file names none, as for kubectl's verbs.
      this.checks = parseCheckFile(text, this.flags.namespace);
    } catch (e) {
      if (e instanceof CheckFileError) throw new CliError(`error: check file ${file}: ${e.message}`);
      throw e;
    }
  }

  validate(): void {
    // parseCheckFile refused a malformed step as complete read the file.
  }

  async run(): Promise<void> {
    const { ctx, checks } = this;
    const results = await session(ctx, this.flags).view((c) => runChecks(c, checks));
    for (const r of results) ctx.io.out(r.ok ? `PASS  ${r.name}\n` : `FAIL  ${r.name}: ${r.reason}\n`);
    ctx.io.out(`${summary(checks, results)}\n`);
    if (results.some((r) => !r.ok)) throw new CliError("", 1);
  }
}

export function registerCheck(program: Command, ctx: Ctx): void {
  withGlobals(
    attachHelp(program.command("check"), HELP)
      .description("Run a lab check file: PASS/FAIL per step with the reason, exit 0 only if all pass")
      .argument("<file>", "the check file (YAML; - for stdin)"),
  ).action((file: string, flags: GlobalOpts) => runVerb(new CheckOptions(ctx, flags), file));
}
