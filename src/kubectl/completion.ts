// `kubesim completion bash|zsh|fish` and the hidden `kubesim __complete WORDS...` the
// scripts call. Verbs and each verb's flags are written into the script when it is
// generated, so completing them starts no process; everything that depends on the cluster
// or on the words before (resource types, object names, namespaces, contexts, containers)
// comes from __complete, which reads object summaries like any read command and never
// creates, advances or writes a cluster that is not there yet.
import type { Command } from "commander";
import {
  lookupResource,
  NAMESPACES,
  NODES,
  PODS,
  RESOURCES,
  type ResourceType,
} from "../apiserver/resources.js";
import { ClusterNameError } from "../store/names.js";
import type { Ctx } from "./cli.js";
import { GLOBAL_FLAGS } from "./commandline.js";
import { HELP } from "./completion.help.js";
import { bashScript, fishScript, type ScriptData, zshScript } from "./completion-scripts.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { FORMATS } from "./output.js";
import { session } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

/** Flags that take a value, for the verbs whose commander options the core bundle lacks. */
const NET_VALUE_FLAGS = new Set(
  "-c --container --tail --since --since-time --limit-bytes --max-log-requests --pod-running-timeout --node --from --image --port --env --restart --labels --overrides --timeout".split(
    " ",
  ),
);
/** kubectl's global flags that take a value (commandline.ts): they may come before the verb. */
const GLOBAL_VALUE_FLAGS = GLOBAL_FLAGS.filter((f) => !f.bool).flatMap((f) =>
  f.short ? [`-${f.short}`, `--${f.long}`] : [`--${f.long}`],
);

/** Verbs taking TYPE NAME or TYPE/NAME, with the types they accept (undefined: any). */
const TYPED: Record<string, string[] | undefined> = {
  get: undefined,
  describe: undefined,
  delete: undefined,
  edit: undefined,
  label: undefined,
  annotate: undefined,
  patch: undefined,
  wait: undefined,
  scale: ["deployments", "replicasets"],
  expose: ["pods", "services", "deployments", "replicasets"],
};
/** Verbs whose first argument is a pod (or TYPE/NAME). */
const POD_VERBS = ["logs", "exec", "port-forward", "attach"];
const NODE_VERBS = ["cordon", "uncordon", "drain"];
const SUBCOMMANDS: Record<string, string[]> = {
  rollout: ["history", "pause", "restart", "resume", "status", "undo"],
  cluster: ["create", "delete", "list", "use"],
  config: ["current-context", "get-contexts", "use", "use-context"],
  completion: ["bash", "fish", "zsh"],
  create: ["deployment", "namespace", "service"],
  set: ["image"],
};

/** `kubectl completion SHELL`: the script for one of the shells kubesim writes for. */
class CompletionOptions implements VerbOptions<[string | undefined]> {
  private make?: (data: ScriptData) => string;
  private shell?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly program: Command,
  ) {}

  complete(shell: string | undefined): void {
    this.shell = shell;
    if (shell !== undefined) this.make = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell];
  }

  validate(): void {
    const see = "\nSee 'kubectl completion -h' for help and examples";
    if (this.shell === undefined) throw new CliError(`error: Shell not specified.${see}`);
    if (!this.make) throw new CliError(`error: Unsupported shell type "${this.shell}".${see}`);
  }

  run(): void {
    if (this.make) this.ctx.io.out(this.make(scriptData(this.program)));
  }
}

/** The hidden `__complete WORDS...` the scripts call: candidates for the last word. */
class CompleteOptions implements VerbOptions<[string[]]> {
  private words: string[] = [""];

  constructor(
    private readonly ctx: Ctx,
    private readonly program: Command,
  ) {}

  complete(words: string[]): void {
    if (words.length) this.words = words;
  }

  validate(): void {}

  async run(): Promise<void> {
    const { ctx } = this;
    // A completion must never print an error into the user's command line.
    try {
      const found = await candidates(this.program, ctx, this.words);
      ctx.io.out(found.map((c) => `${c}\n`).join(""));
    } catch (e) {
      if (ctx.io.env.KUBESIM_DEBUG) ctx.io.err(`${(e as Error).stack}\n`);
    }
  }
}

export function registerCompletion(program: Command, ctx: Ctx): void {
  attachHelp(program.command("completion"), HELP)
    .description("Output shell completion code for the specified shell (bash, zsh, fish)")
    .argument("[shell]")
    .action((shell: string | undefined) => runVerb(new CompletionOptions(ctx, program), shell));

  program
    .command("__complete", { hidden: true })
    .argument("[words...]")
    .allowUnknownOption()
    .helpOption(false)
    .action((words: string[]) => runVerb(new CompleteOptions(ctx, program), words));
}

/** Verbs and flags from the command tree, for the scripts. */
function scriptData(program: Command): ScriptData {
  const flagsOf = (c: Command): string[] => [
    ...c.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f)),
    ...c.commands.flatMap(flagsOf),
  ];
  const verbs = program.commands.filter((c) => c.name() !== "__complete");
  const flags: Record<string, string[]> = {};
  for (const v of verbs) {
    const all = [...new Set([...flagsOf(v), "-h", "--help"])].sort();
    for (const name of [v.name(), ...v.aliases()]) flags[name] = all;
  }
  return {
    verbs: verbs.flatMap((v) => [v.name(), ...v.aliases()]).sort(),
    flags,
    globalValueFlags: GLOBAL_VALUE_FLAGS,
  };
}

interface Parsed {
  verb?: string;
  args: string[];
  flags: Map<string, string>;
  bools: Set<string>;
  /** The last word, when it is a flag still waiting for its value. */
  awaiting?: string;
}

/** The words before the cursor: verb, positional arguments and flags. */
function parse(program: Command, words: string[]): Parsed {
  const p: Parsed = { args: [], flags: new Map(), bools: new Set() };
  const takesValue = (flag: string) => {
    if (GLOBAL_VALUE_FLAGS.includes(flag) || (!p.verb && flag.startsWith("--"))) return true;
    const cmd = program.commands.find((c) => c.name() === p.verb || c.aliases().includes(p.verb ?? ""));
    const opts = cmd ? [...cmd.options, ...cmd.commands.flatMap((s) => s.options)] : [];
    const opt = opts.find((o) => o.long === flag || o.short === flag);
    return opt ? opt.required || opt.optional : NET_VALUE_FLAGS.has(flag);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "--") break;
    if (w.startsWith("-") && w.length > 1) {
      const eq = w.indexOf("=");
      if (eq > 0) p.flags.set(w.slice(0, eq), w.slice(eq + 1));
      else if (!takesValue(w)) p.bools.add(w);
      else if (i + 1 < words.length) p.flags.set(w, words[++i]);
      else p.awaiting = w;
    } else if (p.verb === undefined) p.verb = w;
    else p.args.push(w);
  }
  return p;
}

/** Candidates for the last word, already filtered by what it starts with. */
export async function candidates(program: Command, ctx: Ctx, words: string[]): Promise<string[]> {
  const cur = words[words.length - 1];
  const p = parse(program, words.slice(0, -1));
  // `--namespace=ku`: complete the value and keep the flag in front of it.
  const eq = cur.startsWith("--") ? cur.indexOf("=") : -1;
  const flag = eq > 0 ? cur.slice(0, eq) : p.awaiting;
  const typed = eq > 0 ? cur.slice(eq + 1) : cur;
  const prefix = eq > 0 ? cur.slice(0, eq + 1) : "";
  const done = (list: Iterable<string>) =>
    [...new Set(list)].filter((c) => c.startsWith(typed)).map((c) => prefix + c);

  if (flag !== undefined) return done(await flagValues(ctx, p, flag));
  if (p.verb === undefined) return [];
  const verb = p.verb;
  const sub = SUBCOMMANDS[verb];
  if (sub && !p.args.length) return done(sub);
  if ((verb === "cluster" && ["use", "delete"].includes(p.args[0])) || verb === "config") {
    return ["use", "use-context", "get-contexts"].includes(p.args[0]) || verb === "cluster"
      ? done(clusters(ctx))
      : [];
  }
  if (verb === "rollout" || verb === "set")
    return typedArgs(ctx, p, p.args.slice(1), typed, ["deployments", "daemonsets"]);
  if (verb in TYPED) return typedArgs(ctx, p, p.args, typed, TYPED[verb]);
  if (POD_VERBS.includes(verb)) {
    if (p.args.length || typed.includes("/")) return typedArgs(ctx, p, p.args, typed, undefined);
    return done(await names(ctx, p, PODS));
  }
  if (NODE_VERBS.includes(verb) && !p.args.length) return done(await names(ctx, p, NODES));
  return [];
}

/** TYPE, TYPE/NAME or NAME after TYPE, for verbs that take resources. */
async function typedArgs(
  ctx: Ctx,
  p: Parsed,
  args: string[],
  typed: string,
  allowed: string[] | undefined,
): Promise<string[]> {
  const types = RESOURCES.filter((r) => !allowed || allowed.includes(r.plural));
  const slash = typed.indexOf("/");
  if (slash >= 0) {
    const r = lookupResource(typed.slice(0, slash));
    if (!r) return [];
    const head = typed.slice(0, slash + 1);
    return (await names(ctx, p, r)).map((n) => head + n).filter((c) => c.startsWith(typed));
  }
  if (!args.length) {
    const all = types.flatMap((r) => [r.plural, r.singular, ...r.shortNames]);
    return [...new Set(all)].filter((t) => t.startsWith(typed)).sort();
  }
  if (args[0].includes("/") || args[0].includes(",")) return [];
  const r = lookupResource(args[0]);
  return r ? (await names(ctx, p, r)).filter((n) => n.startsWith(typed)) : [];
}

async function flagValues(ctx: Ctx, p: Parsed, flag: string): Promise<string[]> {
  if (flag === "-n" || flag === "--namespace") return names(ctx, p, NAMESPACES);
  if (flag === "--context" || flag === "--cluster") return clusters(ctx);
  if (flag === "-o" || flag === "--output") return FORMATS;
  if (flag === "--node") return names(ctx, p, NODES);
  if ((flag === "-c" || flag === "--container") && p.args.length) {
    const pod = p.args[0].replace(/^(pods?|po)\//, "");
    return view(ctx, p, [], (c, ns) => {
      const spec = c.api.get(PODS, ns, pod)?.spec;
      return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((x) => String(x.name));
    });
  }
  return [];
}

function clusters(ctx: Ctx): string[] {
  return session(ctx, {}).store.list();
}

/** Names of objects of a type in the namespace the command line names (all with -A). */
function names(ctx: Ctx, p: Parsed, r: ResourceType): Promise<string[]> {
  return view(ctx, p, [], (c, ns) => {
    const all = p.bools.has("-A") || p.bools.has("--all-namespaces") || !r.namespaced;
    return c.api.listSummaries(r, all ? undefined : ns).map((o) => String(o.metadata.name));
  });
}

/** Reads the chosen cluster if it exists; a completion never creates one. */
async function view<T>(
  ctx: Ctx,
  p: Parsed,
  none: T,
  fn: (c: import("../cluster/cluster.js").Cluster, ns: string) => T,
): Promise<T> {
  const s = session(ctx, { cluster: p.flags.get("--cluster"), context: p.flags.get("--context") });
  let name: string;
  try {
    name = s.clusterName();
  } catch (e) {
    // A half-typed or bad --cluster completes to nothing; the command itself will say why.
    if (e instanceof ClusterNameError) return none;
    throw e;
  }
  if (!s.store.exists(name)) return none;
  const ns = p.flags.get("-n") ?? p.flags.get("--namespace") ?? "default";
  return s.view((c) => fn(c, ns));
}
