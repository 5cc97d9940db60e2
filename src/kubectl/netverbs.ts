// The verbs that reach into containers and the network (curl, exec, attach, shell, logs,
// iptables-save, trace, explain, and run, whose -it attaches a shell). They pull in the shell, DNS,
// kube-proxy and client models, so the bundle keeps them in a second file that only these
// commands load.
import type { Command } from "commander";
import { registerAttach } from "./attach.js";
import { registerCheck } from "./check.js";
import type { Ctx } from "./cli.js";
import { registerCurl } from "./curl.js";
import { registerEvents } from "./events.js";
import { registerExec } from "./exec.js";
import { registerExplain } from "./explain.js";
import { registerIptables } from "./iptables.js";
import { registerLogs } from "./logs.js";
import { registerRun } from "./run.js";
import { registerShell } from "./shellverb.js";
import { registerTrace } from "./trace.js";

export function registerNetVerbs(program: Command, ctx: Ctx): void {
  registerCurl(program, ctx);
  registerLogs(program, ctx);
  registerExec(program, ctx);
  registerShell(program, ctx);
  registerIptables(program, ctx);
  registerRun(program, ctx);
  registerTrace(program, ctx);
  registerCheck(program, ctx);
  registerExplain(program, ctx);
  registerAttach(program, ctx);
  registerEvents(program, ctx);
}
