// The public face of the emulated shell: one per `kubesim exec -it` session (or `sh -c`).
// It owns the interpreter state; the VFS belongs to the container and outlives it.

import { DEFAULT_LIMITS, type Limits } from "./budget.js";
import { SHELL_BUILTINS } from "./builtins/shell.js";
import { type Environ, environOf, isEnviron, leading } from "./environ.js";
import { Interp } from "./interpreter.js";
import { CommandTable } from "./lookup.js";
import { needsMoreInput } from "./parser.js";
import { type ResumableResult, runResumable, type SavedScript } from "./resumable.js";
import { newState } from "./state.js";
import type { CommandImpl, ShellHooks, ShellIO, ShellName, Userland } from "./types.js";
import type { Vfs } from "./vfs.js";

export interface ShellOptions {
  /** What the image has (ubuntu has no curl until it is installed); see standardCommands(). */
  commands: Map<string, CommandImpl>;
  /** PATH, unless env sets it. */
  path: string[];
  /** The container's environment (exported); an Environ is read by name, not copied. */
  env: Record<string, string> | Environ;
  fs: Vfs;
  hostname: string;
  /** "sh" is busybox ash. */
  shellName: ShellName;
  cwd?: string;
  hooks?: ShellHooks;
  limits?: Partial<Limits>;
  /** Whose coreutils (message wording); default: busybox for sh, GNU for bash. */
  userland?: Userland;
  /** Where the image's commands live; default /usr/bin (GNU, merged /usr) or /bin (busybox). */
  binDir?: string;
  /** Every command the image has, modelled or not: one kubesim cannot run is said to be so. */
  listed?: readonly string[];
  /** Per-command locations, e.g. { ip: "/usr/sbin/ip" }. */
  locations?: Record<string, string>;
  /** $$ */
  pid?: number;
  /**
   * The shell only carries a program the runtime execs itself (`kubectl exec pod -- printenv`,
   * an exec probe's command): it adds no variables of its own.
   */
  direct?: boolean;
}

export class Shell {
  private readonly interp: Interp;
  readonly fs: Vfs;
  readonly hostname: string;

  constructor(opts: ShellOptions) {
    const userland = opts.userland ?? (opts.shellName === "sh" ? "busybox" : "gnu");
    const table = new CommandTable(
      opts.commands,
      {
        binDir: opts.binDir ?? (userland === "gnu" ? "/usr/bin" : "/bin"),
        locations: opts.locations ?? {},
        mergedUsr: userland === "gnu",
        ...(opts.listed ? { listed: new Set(opts.listed) } : {}),
      },
      opts.fs,
    );
    const hooks = opts.hooks ?? {};
    if (hooks.now) {
      const now = hooks.now;
      opts.fs.clock = () => now().getTime();
    }
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    opts.fs.capacity = limits.maxDiskUsage;
    const cwd = opts.cwd ?? "/";
    // PATH and HOME: "/root" where the environment has none (a node's shell), leading.
    const given = isEnviron(opts.env) ? opts.env : environOf(opts.env);
    const env = leading(
      [
        ["PATH", opts.path.join(":")],
        ["HOME", "/root"],
      ],
      given,
    );
    this.fs = opts.fs;
    this.hostname = opts.hostname;
    const st = newState({ shell: opts.shellName, argv0: opts.shellName, cwd, env, interactive: true });
    // A shell exports PWD (bash SHLVL too); a program the runtime execs directly sees neither.
    if (!opts.direct) {
      st.vars.set("PWD", { value: cwd, exported: true });
      if (opts.shellName === "bash" && !st.vars.has("SHLVL"))
        st.vars.set("SHLVL", { value: "1", exported: true });
    }
    this.interp = new Interp(
      {
        table,
        fs: opts.fs,
        hooks,
        hostname: opts.hostname,
        pid: opts.pid ?? 7,
        limits,
        userland,
      },
      st,
    );
  }

  /** One interactive command line (may hold ; && || | and redirects, or several lines). */
  run(line: string, io: ShellIO): Promise<number> {
    return this.interp.runTop(line, io, true);
  }

  /**
   * Runs or resumes a long-running script (a container's main process) statement by
   * statement, stopping where `shouldStop` says; see resumable.ts.
   */
  runResumable(
    text: string,
    saved: SavedScript | undefined,
    io: ShellIO,
    shouldStop: () => boolean,
  ): Promise<ResumableResult> {
    return runResumable(this.interp, text, saved, io, shouldStop);
  }

  /** A script, as `sh -c 'script'` runs it: not interactive, so bash's messages carry line numbers. */
  runScript(text: string, io: ShellIO): Promise<number> {
    return this.interp.runTop(text, io, false);
  }

  get lastStatus(): number {
    return this.interp.current.status;
  }

  /** Ctrl-C at the prompt: bash sets $? to 130. */
  interrupted(): void {
    this.interp.current.status = 130;
  }

  /** After `exit` in the outermost shell. */
  get exited(): boolean {
    return this.interp.exited;
  }

  get cwd(): string {
    return this.interp.current.cwd;
  }

  /** The shell reading input now (`bash` typed at an `sh` prompt changes it). */
  get shellName(): ShellName {
    return this.interp.current.shell;
  }

  get history(): readonly string[] {
    return this.interp.history;
  }

  addHistory(line: string): void {
    this.interp.history.push(line);
  }

  getVar(name: string): string | undefined {
    return this.interp.getVar(this.interp.current, name);
  }

  /** Exported variables, as a command would see them. */
  environment(): Record<string, string> {
    return Object.fromEntries(this.interp.environ(this.interp.current, []));
  }

  /** The text ends inside a quote, an if/for/while, after | or &&: an interactive shell reads more. */
  needsMoreInput(text: string): boolean {
    return needsMoreInput(text, { bash: this.shellName === "bash" });
  }

  /** Names for completion: builtins, functions and the image's commands. */
  commandNames(): string[] {
    const names = new Set([
      ...SHELL_BUILTINS.keys(),
      ...this.interp.current.functions.keys(),
      ...this.interp.o.table.commands.keys(),
    ]);
    if (this.shellName === "sh") names.delete("[[");
    return [...names].sort();
  }

  /** bash's `root@host:/dir# ` (~ for /root), busybox's `/dir # `. */
  prompt(): string {
    const home = this.getVar("HOME");
    const dir =
      home && (this.cwd === home || this.cwd.startsWith(`${home}/`))
        ? `~${this.cwd.slice(home.length)}`
        : this.cwd;
    return this.shellName === "bash" ? `root@${this.hostname}:${dir}# ` : `${dir} # `;
  }
}
