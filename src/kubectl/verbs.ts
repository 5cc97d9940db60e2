// Every verb kubesim answers, registered on one commander program.
import type { Command } from "commander";
import { registerApply } from "./apply.js";
import type { Ctx } from "./cli.js";
import { registerCluster } from "./cluster.js";
import { registerCreate } from "./create.js";
import { registerCurl } from "./curl.js";
import { registerDelete } from "./delete.js";
import { registerDescribe } from "./describe.js";
import { registerExec } from "./exec.js";
import { registerGet } from "./get.js";
import { registerInfo } from "./info.js";
import { registerIptables } from "./iptables.js";
import { registerLabel } from "./label.js";
import { registerLogs } from "./logs.js";
import { registerShell } from "./shellverb.js";
import { registerWait } from "./waitverb.js";

export function registerVerbs(program: Command, ctx: Ctx): void {
  registerGet(program, ctx);
  registerApply(program, ctx);
  registerCreate(program, ctx);
  registerDelete(program, ctx);
  registerDescribe(program, ctx);
  registerLabel(program, ctx);
  registerWait(program, ctx);
  registerInfo(program, ctx);
  registerCluster(program, ctx);
  registerCurl(program, ctx);
  registerLogs(program, ctx);
  registerExec(program, ctx);
  registerShell(program, ctx);
  registerIptables(program, ctx);
}
