// kubesim shellenv [bash|zsh|sh|fish] [--undo]: the lines that make `kubectl` mean kubesim
// in a shell and its children. An alias does not reach scripts (bash ignores aliases when
// not interactive), so this puts kubesim's shims/ folder, whose `kubectl` runs kubesim,
// first on PATH; --undo takes it off again. The new PATH is computed here from the PATH
// kubesim was started with, which is the shell's, so the output is one plain assignment.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import type { Ctx } from "./cli.js";
import { attachHelp } from "./help/attach.js";
import { usageError } from "./io.js";
import { HELP } from "./shellenv.help.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

const SHELLS = ["bash", "zsh", "sh", "fish"] as const;
type ShellName = (typeof SHELLS)[number];

/** The shims folder of this installation: beside dist/ (the bundle) or src/ (tests). */
export function shimsDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "shims", "kubectl"))) return path.join(dir, "shims");
    if (path.dirname(dir) === dir) return path.resolve(from, "..", "shims");
  }
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** PATH's entries without the shims folder, then with it first unless undoing. */
export function shellenvText(shell: ShellName, shims: string, pathVar: string, undo: boolean): string {
  const rest = pathVar.split(":").filter((p) => p !== "" && path.resolve(p) !== shims);
  const entries = undo ? rest : [shims, ...rest];
  if (shell === "fish") {
    const mark = undo ? "set -e KUBESIM_SHELLENV" : `set -gx KUBESIM_SHELLENV ${quote(shims)}`;
    return `set -gx PATH ${entries.map(quote).join(" ")}\n${mark}\n`;
  }
  const mark = undo ? "unset KUBESIM_SHELLENV" : `export KUBESIM_SHELLENV=${quote(shims)}`;
  // hash -r: a shell that already ran kubectl remembers where it found it.
  return `export PATH=${quote(entries.join(":"))}\n${mark}\nhash -r 2>/dev/null || true\n`;
}

/** The shell whose syntax to print, and whether to put kubesim on PATH or take it off. */
class ShellenvOptions implements VerbOptions<[string | undefined]> {
  private shell?: string;
  private name: ShellName = "sh";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: { undo?: boolean },
  ) {}

  complete(shell: string | undefined): void {
    this.shell = shell;
    this.name = (shell ?? "sh") as ShellName;
  }

  validate(): void {
    if (!SHELLS.includes(this.name))
      throw usageError("shellenv", `unsupported shell "${this.shell}": one of bash, zsh, sh, fish`);
  }

  run(): void {
    this.ctx.io.out(shellenvText(this.name, shimsDir(), this.ctx.io.env.PATH ?? "", !!this.flags.undo));
  }
}

export function registerShellenv(program: Command, ctx: Ctx): void {
  attachHelp(program.command("shellenv"), HELP)
    .description("Print shell lines that make `kubectl` run kubesim in this shell and its children")
    .argument("[shell]", "bash, zsh, sh or fish (default: POSIX sh syntax, for bash and zsh too)")
    .option("--undo", "Print the lines that take kubesim's kubectl off PATH again")
    .action((shell: string | undefined, flags: { undo?: boolean }) =>
      runVerb(new ShellenvOptions(ctx, flags), shell),
    );
}
