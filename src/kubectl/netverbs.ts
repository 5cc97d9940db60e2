// The verbs that reach into containers and the network (curl, exec, attach, shell, logs,
// iptables-save, trace, diagnose, and run, whose -it attaches a shell). They pull in the shell, DNS,
// kube-proxy and client models, so the bundle keeps them in a second file that only these
// commands load.
import type { Command } from "commander";
import { registerAttach } from "./attach.js";
import { registerCheck } from "./check.js";
import type { Ctx } from "./cli.js";
import { registerCp } from "./cp.js";
import { registerCurl } from "./curl.js";
import { registerDebug } from "./debug.js";
import { registerDiagnose } from "./diagnose.js";
import { registerEvents } from "./events.js";
import { registerExec } from "./exec.js";
import { registerIptables } from "./iptables.js";
import { registerLogs } from "./logs.js";
import { registerPortForward } from "./portforward.js";
import { registerProxy } from "./proxy.js";
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
  registerDiagnose(program, ctx);
  registerAttach(program, ctx);
  registerEvents(program, ctx);
  registerCp(program, ctx);
  registerDebug(program, ctx);
  registerPortForward(program, ctx);
  registerProxy(program, ctx);
}
