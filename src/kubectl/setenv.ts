// kubectl set env: add, change or remove container environment variables in pod templates
// (KEY=VAL, KEY-, -e, --from=configmap/x|secret/x with --prefix and --keys), or list them
// (--list); a changed Deployment template rolls out through the Deployment controller.
import type { Command } from "commander";
import type { EnvVar } from "kubernetes-types/core/v1";
import type { ConfigMap, KObject, Secret } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import { CONFIGMAPS, isOf, lookupResource, SECRETS } from "../apiserver/resources.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { HELP } from "./setenv.help.js";
import { collect } from "./util/flags.js";
import {
  noPodTemplate,
  objectName,
  podSpecOf,
  resolveTargets,
  selectContainers,
  type TargetFlags,
} from "./util/podtemplate.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { setCommand } from "./util/set-group.js";
import { setWriteOptions, writeSet } from "./util/set-write.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface SetEnvOpts extends GlobalOpts, TargetFlags {
  containers: string;
  env?: string[];
  from?: string;
  keys?: string[];
  list?: boolean;
  overwrite: boolean;
  prefix?: string;
  output?: string;
  dryRun?: string;
}

const ENV_ARG = /^(.+)=(.*)$/s;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envutil.SplitEnvironmentFromResources: resources first, then KEY=VAL and KEY- arguments. */
function splitArgs(args: string[]): { resources: string[]; env: string[] } | undefined {
  const resources: string[] = [];
  const env: string[] = [];
  for (const a of args) {
    const isEnv = ENV_ARG.test(a) || a.endsWith("-");
    if (isEnv) env.push(a);
    else if (env.length) return undefined;
    else resources.push(a);
  }
  return { resources, env };
}

/** envutil.ParseEnv: the variables to set and the names to remove, with kubectl's refusals. */
function parseEnv(specs: string[], stdin: () => string): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const s of specs) {
    if (s === "-") {
      // readEnv: `env` output on stdin, comments cut at '#', lines without '=' skipped.
      for (const raw of stdin().split("\n")) {
        const line = raw.includes("#") ? raw.slice(0, raw.indexOf("#")) : raw;
        if (line.includes("="))
          env.push({ name: line.slice(0, line.indexOf("=")), value: line.slice(line.indexOf("=") + 1) });
      }
    } else if (s.includes("=")) {
      const i = s.indexOf("=");
      const name = s.slice(0, i);
      if (!ENV_NAME.test(name))
        throw new CliError(
          `error: "${name}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      env.push({ name, value: s.slice(i + 1) });
    } else if (s.endsWith("-")) {
      remove.push(s.slice(0, -1));
    } else {
      throw new CliError(`error: unknown environment variable: ${s}`);
    }
  }
  if (remove.some((r) => env.some((e) => e.name === r)))
    throw new CliError(
      "error: can not both modify and remove the same environment variable in the same command",
    );
  return { env, remove };
}

/** updateEnv: replaced in place, removed, and new ones appended in the order given. */
function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** envutil.GetEnvVarRefString: what --list prints for a valueFrom. */
function refString(e: EnvVar): string {
  const f = e.valueFrom ?? {};
  if (f.configMapKeyRef) return `configmap ${f.configMapKeyRef.name ?? ""}, key ${f.configMapKeyRef.key}`;
  if (f.secretKeyRef) return `secret ${f.secretKeyRef.name ?? ""}, key ${f.secretKeyRef.key}`;
  if (f.fieldRef) return `field path ${f.fieldRef.fieldPath}`;
  if (f.resourceFieldRef) {
    const c = f.resourceFieldRef.containerName ? `${f.resourceFieldRef.containerName}/` : "";
    return `resource field ${c}${f.resourceFieldRef.resource}`;
  }
  return "invalid source";
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class SetEnvOptions implements VerbOptions<[string[]]> {
  private resources: string[] = [];
  private envArgs: string[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: SetEnvOpts,
  ) {}

  complete(args: string[]): void {
    if (this.flags.all && this.flags.selector)
      throw new CliError("error: cannot set --all and --selector at the same time");
    const split = splitArgs(args);
    if (!split)
      throw new CliError(
        `error: all resources must be specified before environment changes: ${args.join(" ")}`,
      );
    this.resources = split.resources;
    this.envArgs = split.env;
  }

  validate(): void {
    const o = this.flags;
    if (!o.filename?.length && o.kustomize === undefined && this.resources.length < 1)
      throw new CliError(
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
      );
    if (o.list && o.output) throw new CliError("error: --list and --output may not be specified together");
    if (o.keys?.length && !o.from)
      throw new CliError("error: when specifying --keys, a configmap or secret must be provided with --from");
  }

  /** --from: one variable per key of the ConfigMap's data or the Secret's, named as keyToEnvName does. */
  private fromSource(c: { api: import("../apiserver/server.js").ApiServer }, ns: string): EnvVar[] {
    const from = this.flags.from ?? "";
    const slash = from.indexOf("/");
    const r = lookupResource(slash < 0 ? from : from.slice(0, slash));
    if (!r)
      throw new CliError(
        `error: the server doesn't have a resource type "${slash < 0 ? from : from.slice(0, slash)}"`,
      );
    const name = from.slice(slash + 1);
    const obj = c.api.get(r, ns, name);
    if (!obj) throw notFound(r, name);
    const keys = this.flags.keys?.flatMap((k) => k.split(",")) ?? [];
    const wanted = (k: string) => !keys.length || keys.includes(k);
    // keyToEnvName, saying so when the key had to change to become a variable name.
    const envName = (k: string) => {
      const name = k.replace(/[^a-zA-Z0-9_]/g, "_").toUpperCase();
      if (name !== k) this.ctx.io.err(`Warning: key ${k} transferred to ${name}\n`);
      return name;
    };
    if (isOf(obj, CONFIGMAPS)) {
      const cm = obj as ConfigMap;
      return Object.keys(cm.data ?? {})
        .sort(byteOrder)
        .filter(wanted)
        .map((k) => ({
          name: envName(k),
          valueFrom: { configMapKeyRef: { key: k, name: cm.metadata.name } },
        }));
    }
    if (isOf(obj, SECRETS)) {
      const s = obj as Secret;
      return Object.keys(s.data ?? {})
        .sort(byteOrder)
        .filter(wanted)
        .map((k) => ({ name: envName(k), valueFrom: { secretKeyRef: { key: k, name: s.metadata.name } } }));
    }
    throw new CliError("error: unsupported resource specified in --from");
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const parsed = parseEnv([...(o.env ?? []), ...this.envArgs], () => ctx.io.readStdin());
    const { remove } = parsed;
    const w = setWriteOptions(ctx.io, o.output, o.dryRun);
    const ns = namespaceOf(o);
    const errors = new ErrorList();
    await session(ctx, o).transact((c) => {
      let env = parsed.env;
      if (o.from) env = [...env, ...this.fromSource(c, ns)];
      if (o.prefix) env = env.map((e) => ({ ...e, name: `${o.prefix}${e.name}` }));
      const targets = resolveTargets(ctx, c.api, o, this.resources, ns, "set env");
      for (const { obj } of targets) {
        const next: KObject = structuredClone(obj);
        const spec = podSpecOf(next);
        if (!spec) {
          errors.raw(`error: ${objectName(obj)} ${noPodTemplate(obj)}`);
          continue;
        }
        const containers = selectContainers(spec.containers, o.containers);
        if (!containers.length) {
          ctx.io.err(
            `Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching "${o.containers}"\n`,
          );
          continue;
        }
        let failed = false;
        for (const ct of containers) {
          if (!o.overwrite) {
            const clash = env.find((e) => ct.env?.some((x) => x.name === e.name && x.value !== e.value));
            if (clash) {
              const cur = ct.env?.find((x) => x.name === clash.name);
              errors.raw(
                `error: ${objectName(obj)} '${clash.name}' already has a value (${cur?.value ?? ""}), and --overwrite is false`,
              );
              failed = true;
              break;
            }
          }
          const updated = updateEnv(ct.env ?? [], env, remove);
          if (updated.length) ct.env = updated;
          else delete ct.env;
          if (o.list) {
            ctx.io.out(`# ${obj.kind} ${obj.metadata.name}, container ${ct.name}\n`);
            for (const e of ct.env ?? [])
              ctx.io.out(e.valueFrom ? `# ${e.name} from ${refString(e)}\n` : `${e.name}=${e.value ?? ""}\n`);
          }
        }
        if (failed || o.list) continue;
        writeSet(
          c,
          ctx.io,
          w,
          obj,
          next,
          "env updated",
          "failed to patch env update to pod template: ",
          errors,
        );
      }
    });
    errors.throwIfAny();
  }
}

export function registerSetEnv(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(setCommand(program).command("env")), HELP)
    .description("Update environment variables on a pod template")
    .argument("[args...]")
    .option("--all", "If true, select all resources in the namespace of the specified resource types")
    .option(
      "-c, --containers <pattern>",
      "The names of containers in the selected pod templates to change",
      "*",
    )
    .option("--dry-run [mode]", "none, server, or client")
    .option("-e, --env <pair>", "Specify a key-value pair for an environment variable", collect)
    .option(
      "-f, --filename <file>",
      "Filename, directory, or URL to files the resource to update the env",
      collect,
    )
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("--from <resource>", "The name of a resource from which to inject environment variables")
    .option("--keys <keys>", "Comma-separated list of keys to import from specified resource", collect)
    .option("--list", "If true, display the environment and any changes in the standard format")
    .option("-o, --output <format>", "Output format")
    .option(
      "--overwrite [bool]",
      "If true, allow environment to be overwritten",
      (v: string) => v !== "false",
      true,
    )
    .option("--prefix <prefix>", "Prefix to append to variable names")
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .action((args: string[], flags: SetEnvOpts) => runVerb(new SetEnvOptions(ctx, flags), args));
}
