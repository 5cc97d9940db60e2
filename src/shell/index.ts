// The emulated shell inside a container: `kubesim exec POD -it -- /bin/bash` and
// `kubesim shell`. Nothing here executes a real program, touches a real file or opens a
// socket; commands are functions over an in-memory file tree.

export { DEFAULT_LIMITS, type Limits } from "./budget.js";
export { standardCommands } from "./builtins/index.js";
export { err, getopt, isBusybox, lines, readOperand } from "./builtins/util.js";
export { type Environ, environOf, isEnviron, Layered } from "./environ.js";
export { unmodelledText } from "./lookup.js";
export { needsMoreInput, parseScript, ShellSyntaxError } from "./parser.js";
export { complete, type ReplOptions, startRepl } from "./repl.js";
export { Blocked, type ResumableResult, type SavedScript } from "./resumable.js";
export { nestedShell } from "./scripts.js";
export { Shell, type ShellOptions } from "./shell.js";
export type {
  CommandContext,
  CommandImpl,
  ProcessInfo,
  ShellHooks,
  ShellIO,
  ShellName,
  Userland,
} from "./types.js";
export { basename, dirname, errText, resolvePath, Vfs, VfsError, type VfsJSON, type VfsStat } from "./vfs.js";
