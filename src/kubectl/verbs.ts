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

type Register = (program: Command, ctx: Ctx) => void;

/** Each core registration and the verbs it adds, in the order help lists them. */
const CORE: readonly (readonly [Register, ...string[]])[] = [
  [registerGet, "get"],
  [registerApply, "apply"],
  [registerAuth, "auth"],
  [registerCreate, "create"],
  [registerDelete, "delete"],
  [registerDescribe, "describe"],
  [registerLabel, "label", "annotate"],
  [registerScale, "scale"],
  [registerAutoscale, "autoscale"],
  [registerRollout, "rollout"],
  [registerSetImage, "set"],
  [registerSetEnv, "set"],
  [registerSetResources, "set"],
  [registerSetServiceAccount, "set"],
  [registerWait, "wait"],
  [registerExpose, "expose"],
  [registerPatch, "patch"],
  [registerReplace, "replace"],
  [registerDiff, "diff"],
  [registerEdit, "edit"],
  [registerExplain, "explain"],
  [registerKustomize, "kustomize"],
  [registerCordon, "cordon", "uncordon"],
  [registerDrain, "drain"],
  [registerTaint, "taint"],
  [registerInfo, "version", "cluster-info", "api-resources", "api-versions"],
  [registerCluster, "cluster"],
  [registerConfig, "config"],
  [registerPlugin, "plugin"],
  [registerTop, "top"],
  // completion and __complete read the whole tree: no verb named here, so they get them all.
  [registerCompletion],
  [registerDiagram, "diagram"],
  [registerShellenv, "shellenv"],
  [registerCertificate, "certificate"],
];

/**
 * The one verb a command line needs registered, or undefined when it needs them all: help
 * (-h, `help`, a bare line), completion, and words that name no verb (whose error lists
 * what exists). Registering a verb is commander parsing each of its flags, and the forty
 * other verbs' flags were a tenth of a short command's work.
 */
function oneVerb(ctx: Ctx, first: string | undefined, net: readonly string[]): string | undefined {
  if (first === undefined) return undefined;
  const words = ctx.argv ?? [];
  const end = words.indexOf("--");
  const own = end < 0 ? words : words.slice(0, end);
  if (own.includes("-h") || own.includes("--help")) return undefined;
  return CORE.some(([, ...verbs]) => verbs.includes(first)) || net.includes(first) ? first : undefined;
}

/**
 * Registers the verbs; the network ones only when the command line may need them (one of
 * them, or help), since loading them costs every other command its start-up time.
 */
export async function registerVerbs(program: Command, ctx: Ctx, first: string | undefined): Promise<void> {
  const netVerbs = needsNetBundle(first) ? await import("./netverbs.js") : undefined;
  const only = oneVerb(ctx, first, netVerbs?.NET_VERBS ?? []);
  // create's registration turns on positional options for the whole program, and every verb
  // has always been parsed that way (`top pod -n x`: the -n is pod's, not top's).
  program.enablePositionalOptions();
  for (const [register, ...verbs] of CORE) if (!only || verbs.includes(only)) register(program, ctx);
  netVerbs?.registerNetVerbs(program, ctx, only);
}
