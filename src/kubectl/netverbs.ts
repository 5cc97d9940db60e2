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

type Register = (program: Command, ctx: Ctx) => void;

/** Each registration and the verb it adds, in the order help lists them. */
const NET: readonly (readonly [Register, string])[] = [
  [registerCurl, "curl"],
  [registerLogs, "logs"],
  [registerExec, "exec"],
  [registerShell, "shell"],
  [registerIptables, "iptables-save"],
  [registerRun, "run"],
  [registerTrace, "trace"],
  [registerCheck, "check"],
  [registerDiagnose, "diagnose"],
  [registerAttach, "attach"],
  [registerEvents, "events"],
  [registerCp, "cp"],
  [registerDebug, "debug"],
  [registerPortForward, "port-forward"],
  [registerProxy, "proxy"],
];

export const NET_VERBS: readonly string[] = NET.map(([, verb]) => verb);

/** Registers the network verbs: `only` alone when the command line needs just that verb. */
export function registerNetVerbs(program: Command, ctx: Ctx, only?: string): void {
  for (const [register, verb] of NET) if (!only || verb === only) register(program, ctx);
}
