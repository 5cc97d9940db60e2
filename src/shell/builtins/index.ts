// The commands an image can have that need no network. An image's table is a subset of these
// plus its own tools (curl, wget, nslookup, ip, ... added elsewhere), and `sh`/`bash` as
// `nestedShell`. Shell builtins (cd, export, echo, ...) are not here: every shell has them.

import type { CommandImpl } from "../types.js";
import { echo, falseCmd, printf, pwd, trueCmd } from "./basic.js";
import { chmod, cp, ls, mkdir, mv, rm, rmdir, touch } from "./files.js";
import { basenameCmd, cut, dirnameCmd, readlinkCmd, seq, sort, tr, uniq } from "./filters.js";
import { clear, date, env, hostname, id, printenv, ps, sleep, uname, which, whoami } from "./system.js";
import { testCommand } from "./test.js";
import { cat, grep, head, tail, tee, wc } from "./text.js";

/** Every built-in program, by name; callers copy and trim it per image (ubuntu has no `ps`). */
export function standardCommands(): Map<string, CommandImpl> {
  return new Map<string, CommandImpl>([
    ["cat", cat],
    ["grep", grep],
    ["head", head],
    ["tail", tail],
    ["wc", wc],
    ["tee", tee],
    ["sort", sort],
    ["uniq", uniq],
    ["seq", seq],
    ["tr", tr],
    ["cut", cut],
    ["basename", basenameCmd],
    ["dirname", dirnameCmd],
    ["readlink", readlinkCmd],
    ["ls", ls],
    ["mkdir", mkdir],
    ["rmdir", rmdir],
    ["touch", touch],
    ["rm", rm],
    ["cp", cp],
    ["mv", mv],
    ["chmod", chmod],
    ["env", env],
    ["printenv", printenv],
    ["hostname", hostname],
    ["id", id],
    ["whoami", whoami],
    ["uname", uname],
    ["date", date],
    ["ps", ps],
    ["clear", clear],
    ["sleep", sleep],
    ["which", which],
    ["echo", echo],
    ["printf", printf],
    ["pwd", pwd],
    ["true", trueCmd],
    ["false", falseCmd],
    ["test", testCommand],
    ["[", testCommand],
  ]);
}
