// The contract between the emulated shell and the commands it runs. A command is a plain
// function over a context: it never sees the interpreter, so the network tools (curl, wget,
// nslookup, ...) can be written elsewhere and plugged into an image's command table.

import type { Vfs } from "./vfs.js";

export type ShellName = "bash" | "sh";
/** GNU coreutils (Debian, Ubuntu) or busybox (busybox, alpine). */
export type Userland = "gnu" | "busybox";

export interface ShellIO {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Terminal width when stdout is a terminal: `ls` lays names out in columns then. */
  columns?: number;
  /**
   * At an interactive prompt: shows `prompt` and waits for the line the user types (apt's
   * "Do you want to continue? [Y/n]"); undefined at end of input.
   */
  ask?(prompt: string): Promise<string | undefined>;
}

/** One process as `ps` shows it; the caller knows the container's processes, the shell does not. */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  user?: string;
  /** "?" for the container's main process, "pts/0" for an exec'd terminal. */
  tty?: string;
  command: string;
  started?: Date;
  vszKiB?: number;
  rssKiB?: number;
  stat?: string;
}

/**
 * What the simulation supplies. Time is simulated, so sleeping and the clock are hooks;
 * every hook is optional and has a harmless default.
 */
export interface ShellHooks {
  /** Moves simulated time forward (the cluster clock); default: returns at once. */
  sleep?(seconds: number): void | Promise<void>;
  /** The clock for `date` and file times; default: the wall clock. */
  now?(): Date;
  /** Addresses for `hostname -i`; default: the hostname's lines in the VFS's /etc/hosts. */
  hostIPs?(): string[];
  /** Every interface's addresses for `hostname -I` (a node's veths too); default: hostIPs. */
  interfaceIPs?(): string[];
  /** The container's processes for `ps`; default: only the shell itself. */
  processes?(): ProcessInfo[];
  /**
   * The session's controlling terminal as ps names it: "pts/0" for `exec -t`, "?" for an
   * exec without one (kubectl exec POD -- ps); default "pts/0".
   */
  terminal?: string;
  /**
   * The session is one program the runtime execs (kubectl exec POD -- ps), not a shell: ps
   * is that process itself, with no shell before it.
   */
  direct?: boolean;
  /** The node's kernel for `uname` (containers share it). */
  kernel?: { release: string; version: string; machine: string };
}

export interface CommandContext {
  /** argv[0] is the name as typed (`ls`, `/bin/ls`). */
  argv: string[];
  /** Everything on standard input; read lazily, so a command that ignores it leaves it for the next. */
  readonly stdin: string;
  /** The command's environment: exported variables plus `VAR=x cmd` prefixes. */
  env: Map<string, string>;
  cwd: string;
  fs: Vfs;
  io: ShellIO;
  shellName: ShellName;
  /** Whose coreutils the image has, which decides the wording of messages. */
  userland: Userland;
  hostname: string;
  user: "root";
  /** Standard output is the terminal (not a pipe or a file). */
  isTTY: boolean;
  /** Asks the user at the terminal, when standard input is an interactive prompt's terminal. */
  ask?(prompt: string): Promise<string | undefined>;
  /** The shell's pid ($$). */
  pid: number;
  /** Simulated sleep; throws (ending the whole command line) when the time budget is spent. */
  sleep(seconds: number): Promise<void>;
  now(): Date;
  hooks: ShellHooks;
  /** Where PATH finds an external command (`which`, `command -v`); undefined when it does not. */
  resolve(name: string): string | undefined;
  /** Runs an external command as this shell would (for `env X=1 cmd`); returns its status. */
  exec(argv: string[], env?: Map<string, string>): Promise<number>;
  /** Absolute, normalised path of `p` relative to cwd. */
  path(p: string): string;
  /** The image's commands whose binaries are in a directory (its links resolved): not files in `fs`. */
  binaries?(dir: string): string[];
}

/** Returns the exit status. */
export type CommandImpl = (ctx: CommandContext) => number | Promise<number>;
