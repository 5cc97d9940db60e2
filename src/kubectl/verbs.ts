// Every verb kubesim answers, registered on one commander program.
import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerAuth } from "./auth.js";
import { registerAutoscale } from "./autoscale.js";
import { registerCertificate } from "./certificate.js";
import type { Ctx } from "./cli.js";
import { registerCluster } from "./cluster.js";
import { needsNetBundle } from "./commandline.js";
import { registerCompletion } from "./completion.js";
import { registerConfig } from "./config.js";
import { registerCreate } from "./create.js";
import { registerDelete } from "./delete.js";
import { registerDescribe } from "./describe.js";
import { registerDiagram } from "./diagram.js";
import { registerDiff } from "./diff.js";
import { registerCordon, registerDrain } from "./drain.js";
import { registerEdit } from "./edit.js";
import { registerExplain } from "./explain.js";
import { registerExpose } from "./expose.js";
import { registerGet } from "./get.js";
import { registerInfo } from "./info.js";
import { registerKustomize } from "./kustomize.js";
import { registerLabel } from "./label.js";
import { registerPatch } from "./patch.js";
import { registerPlugin } from "./plugin.js";
import { registerReplace } from "./replace.js";
import { registerRollout } from "./rollout.js";
import { registerScale } from "./scale.js";
import { registerSetEnv } from "./setenv.js";
import { registerSetImage } from "./setimage.js";
import { registerSetResources } from "./setresources.js";
import { registerSetServiceAccount } from "./setsa.js";
import { registerShellenv } from "./shellenv.js";
import { registerTaint } from "./taint.js";
import { registerTop } from "./top.js";
import { registerWait } from "./waitverb.js";

/**
 * Registers the verbs; the network ones only when the command line may need them (one of
 * them, or help), since loading them costs every other command its start-up time.
 */
export async function registerVerbs(program: Command, ctx: Ctx, first: string | undefined): Promise<void> {
  registerGet(program, ctx);
  registerApply(program, ctx);
  registerAuth(program, ctx);
  registerCreate(program, ctx);
  registerDelete(program, ctx);
  registerDescribe(program, ctx);
  registerLabel(program, ctx);
  registerScale(program, ctx);
  registerAutoscale(program, ctx);
  registerRollout(program, ctx);
  registerSetImage(program, ctx);
  registerSetEnv(program, ctx);
  registerSetResources(program, ctx);
  registerSetServiceAccount(program, ctx);
  registerWait(program, ctx);
  registerExpose(program, ctx);
  registerPatch(program, ctx);
  registerReplace(program, ctx);
  registerDiff(program, ctx);
  registerEdit(program, ctx);
  registerExplain(program, ctx);
  registerKustomize(program, ctx);
  registerCordon(program, ctx);
  registerDrain(program, ctx);
  registerTaint(program, ctx);
  registerInfo(program, ctx);
  registerCluster(program, ctx);
  registerConfig(program, ctx);
  registerPlugin(program, ctx);
  registerTop(program, ctx);
  registerCompletion(program, ctx);
  registerDiagram(program, ctx);
  registerShellenv(program, ctx);
  registerCertificate(program, ctx);
  if (needsNetBundle(first)) {
    (await import("./netverbs.js")).registerNetVerbs(program, ctx);
  }
}
