// kubectl's editor (pkg/cmd/util/editor): the one real program kubesim starts, because the
// user asked for it by running `kubectl edit`. The command comes from KUBE_EDITOR or EDITOR
// (default vi) and is split as kubectl splits it; it runs on a real temporary file with the
// terminal, and nothing else of kubesim's runs while it does.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "../../util/rng.js";
import { CliError } from "../io.js";

/**
 * defaultEnvEditor: a command without spaces runs as itself, one with spaces but no quotes
 * or backslashes is split on spaces, anything else goes to `$SHELL -c` (default /bin/bash).
 */
export function editorArgs(env: NodeJS.ProcessEnv): { args: string[]; shell: boolean } {
  const editor = env.KUBE_EDITOR || env.EDITOR || "vi";
  if (!editor.includes(" ")) return { args: [editor], shell: false };
  if (!/["'\\]/.test(editor)) return { args: editor.split(" "), shell: false };
  return { args: [env.SHELL || "/bin/bash", "-c", editor], shell: true };
}

/** Go's %q for a path: double quotes, with quotes and backslashes escaped. */
function goQuote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * os.CreateTemp(os.TempDir(), "kubectl-edit-*.yaml"): a new file whose random part is drawn
 * from `seed`, so a transcript names the same file every run; a name already taken is skipped.
 */
export function createTempFile(prefix: string, suffix: string, data: string, seed: string): string {
  const rng = Rng.forKey(seed);
  const dir = os.tmpdir();
  for (let i = 0; ; i++) {
    const file = path.join(dir, `${prefix}${Math.floor(rng.next() * 4294967296)}${suffix}`);
    try {
      fs.writeFileSync(file, data, { flag: "wx", mode: 0o600 });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || i > 100) throw e;
    }
  }
}

/** Runs the editor on `file` with the terminal and returns what it saved. */
export function launchEditor(env: NodeJS.ProcessEnv, file: string): string {
  const { args, shell } = editorArgs(env);
  const full = shell ? [...args.slice(0, -1), `${args[args.length - 1]} ${goQuote(file)}`] : [...args, file];
  const res = spawnSync(full[0], full.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
  if (res.error) {
    if ((res.error as NodeJS.ErrnoException).code === "ENOENT")
      throw new CliError(`error: unable to launch the editor "${full.join(" ")}"`);
    throw new CliError(`error: there was a problem with the editor "${full.join(" ")}"`);
  }
  if (res.status !== 0) throw new CliError(`error: there was a problem with the editor "${full.join(" ")}"`);
  return fs.readFileSync(file, "utf8");
}

/** Removes a temporary file the edit no longer needs. */
export function removeTempFile(file: string): void {
  fs.rmSync(file, { force: true });
}
