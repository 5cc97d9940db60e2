// kubesim check FILE: runs a lab check file (src/lab/checkfile.ts) against the cluster and
// prints PASS or FAIL with the model's reason for each step, then a summary. Exit status 0
// only if every step holds, so lab scripts can `set -e` on it. kubesim's own verb; it only
// reads the cluster (a view), whatever the steps do.
import type { Command } from "commander";
import { CheckFileError, parseCheckFile } from "../lab/checkfile.js";
import { runChecks, summary } from "../lab/checks.js";
import type { Ctx } from "./cli.js";
import { InputTooLargeError } from "./input-limit.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";
import { type GlobalOpts, session, withGlobals } from "./util/session.js";

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

export function registerCheck(program: Command, ctx: Ctx): void {
  withGlobals(
    program
      .command("check")
      .description("Run a lab check file: PASS/FAIL per step with the reason, exit 0 only if all pass")
      .argument("<file>", "the check file (YAML; - for stdin)"),
  ).action(async (file: string, o: GlobalOpts) => {
    const text = readCheckFile(file, ctx);
    let checks: ReturnType<typeof parseCheckFile>;
    try {
      // -n is the namespace of steps when the file names none, as for kubectl's verbs.
      checks = parseCheckFile(text, o.namespace);
    } catch (e) {
      if (e instanceof CheckFileError) throw new CliError(`error: check file ${file}: ${e.message}`);
      throw e;
    }
    const results = await session(ctx, o).view((c) => runChecks(c, checks));
    for (const r of results) ctx.io.out(r.ok ? `PASS  ${r.name}\n` : `FAIL  ${r.name}: ${r.reason}\n`);
    ctx.io.out(`${summary(checks, results)}\n`);
    if (results.some((r) => !r.ok)) throw new CliError("", 1);
  });
}
