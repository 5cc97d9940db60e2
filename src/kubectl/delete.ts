// kubectl delete: by file, by type and names, by selector or --all; prints
// `<kind> "<name>" deleted` (kubectl v1.32's words) and then waits, as kubectl does by
// default, until the objects are really gone (a pod's grace period included).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { deleteObject } from "../apiserver/admit.js";
import { notFound, StatusError } from "../apiserver/errors.js";
import { matches, type Selector } from "../apiserver/labels.js";
import {
  qualifiedKindOf,
  qualifiedPlural,
  type ResourceType,
  resourceForManifest,
  typeOfObject,
} from "../apiserver/resources.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./delete.help.js";
import { ErrorList, formatStatus } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError, usageError } from "./io.js";
import { nameOf } from "./output.js";
import { collect, parseDuration } from "./util/flags.js";
import { type FileOpts, loadDocs } from "./util/manifest-docs.js";
import { NO_RESOURCES, parseResourceArgs, type TypedName } from "./util/resource-args.js";
import { parseLabelSelector } from "./util/selectors.js";
import { namespaceOf, session, withGlobals } from "./util/session.js";
import { storedName } from "./util/stored.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { waitFor } from "./wait.js";

interface DeleteOpts extends FileOpts {
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod?: string;
  force?: boolean;
  now?: boolean;
  wait: boolean | string;
  timeout?: string;
  ignoreNotFound?: boolean;
}

/** Whether an object's kind is no longer served (its CRD was deleted with it). */
function customTypeGone(o: KObject): boolean {
  try {
    typeOfObject(o);
    return false;
  } catch {
    return true;
  }
}

function deletedLine(o: KObject, force: boolean): string {
  const kind = qualifiedKindOf(o);
  return `${kind} "${o.metadata.name}" ${force ? "force deleted" : "deleted"}`;
}

interface Target {
  r: ResourceType;
  ns?: string;
  name: string;
  /** The file the object was named in, for kubectl's `when deleting` errors. */
  source?: string;
}

/** kubectl's DeleteOptions: what to delete (files, names, or types and a selector), and how. */
class DeleteOptions implements VerbOptions<[string[]]> {
  private args: string[] = [];
  private namespace = "default";
  /** -o name: the deleted objects' names instead of kubectl's `"NAME" deleted` lines. */
  private byName = false;
  private grace?: number;
  private force = false;
  private selector?: Selector;
  private parsed?: { types: ResourceType[]; names: TypedName[] };

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: DeleteOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    this.args = args;
    this.namespace = namespaceOf(o);
    this.byName = o.output === "name";
    let grace = o.gracePeriod !== undefined ? Number(o.gracePeriod) : undefined;
    if (o.now) grace = 1;
    if (o.force && grace === undefined) grace = 0;
    if (grace !== undefined && grace < 0) grace = undefined;
    this.grace = grace;
    this.force = !!o.force && grace === 0;
    if (o.force && !this.byName)
      this.ctx.io.err(
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
      );
    this.selector = parseLabelSelector(o.selector);
    if (!o.filename?.length && o.kustomize === undefined) {
      if (!args.length) throw new CliError(NO_RESOURCES);
      this.parsed = parseResourceArgs(args);
    }
  }

  validate(): void {
    const o = this.flags;
    if (o.filename?.length || o.kustomize !== undefined) {
      if (this.args.length)
        throw usageError("delete", "resources and -f cannot be used together... use one or the other");
      return;
    }
    if (this.parsed?.names.length) {
      if (this.selector || o.all)
        throw new CliError("error: name cannot be provided when a selector is specified");
    } else if (!this.selector && !o.all) {
      throw new CliError("error: resource(s) were provided, but no name was specified");
    }
  }

  /** The objects the files name; a file that fails to load stops the command before anything is deleted. */
  private fileTargets(): Target[] {
    const loadErrors = new ErrorList();
    const docs = loadDocs(this.ctx, this.flags, loadErrors, "delete");
    loadErrors.throwIfAny();
    return docs.map((d) => {
      const r = resourceForManifest(String(d.obj.apiVersion), String(d.obj.kind));
      const meta = (d.obj.metadata ?? {}) as KObject["metadata"];
      if (!r)
        throw new CliError(
          `error: resource mapping not found for name: "${meta.name ?? ""}" namespace: "${meta.namespace ?? ""}" from "${d.source}": no matches for kind "${d.obj.kind}" in version "${d.obj.apiVersion}"\nensure CRDs are installed first`,
        );
      return {
        r,
        ns: meta.namespace ?? this.namespace,
        // A nameless document goes on to the server as "undefined", which answers not found.
        name: String(meta.name),
        source: d.source,
      };
    });
  }

  async run(): Promise<void> {
    const { ctx, flags: o, namespace: ns, selector: sel, force, byName } = this;
    const targets: Target[] =
      o.filename?.length || o.kustomize !== undefined
        ? this.fileTargets()
        : (this.parsed?.names ?? []).map((n) => ({ r: n.r, ns, name: n.name }));
    const listTypes = this.parsed?.names.length ? [] : (this.parsed?.types ?? []);
    const errors: string[] = [];
    const deleted: KObject[] = [];
    const s = session(ctx, o);
    await s.transact((c) => {
      for (const r of listTypes) {
        for (const obj of c.api.list(r, o.allNamespaces || !r.namespaced ? undefined : ns)) {
          if (sel && !matches(sel, obj.metadata.labels)) continue;
          targets.push({ r, ns: obj.metadata.namespace, name: storedName(obj) });
        }
      }
      for (const t of targets) {
        try {
          // kubectl sends the DELETE without reading first: authorized as one, found or not.
          c.api.authorizeRequest("delete", t.r, t.ns, t.name);
          if (!c.api.internally(() => c.api.get(t.r, t.ns, t.name))) {
            if (o.ignoreNotFound) continue;
            throw notFound(t.r, t.name);
          }
          const obj = structuredClone(deleteObject(c, t.r, t.ns, t.name, { gracePeriodSeconds: this.grace }));
          deleted.push(obj);
          ctx.io.out(byName ? `${nameOf(obj)}\n` : `${deletedLine(obj, force)}\n`);
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          errors.push(formatStatus(e, t.source ? { file: t.source, verb: "deleting" } : undefined));
        }
      }
    });
    // kubectl says so when a selector matched nothing and when the files held no object.
    const none = listTypes.length || o.filename?.length || o.kustomize !== undefined;
    if (!targets.length && none && !errors.length) ctx.io.out("No resources found\n");
    const wait = o.wait !== false && o.wait !== "false";
    if (wait && deleted.length && !force) {
      const timeout = o.timeout ? (parseDuration(o.timeout) ?? 0) : 24 * 3600 * 1000;
      const gone = await waitFor(
        s,
        (c) =>
          deleted.every(
            (d) =>
              // A custom kind whose CRD went too has nothing left to wait for.
              customTypeGone(d) ||
              c.api.get(typeOfObject(d), d.metadata.namespace, storedName(d))?.metadata.uid !==
                d.metadata.uid,
          ),
        timeout,
      );
      if (!gone) {
        const d = deleted[0];
        errors.push(
          `error: timed out waiting for the condition on ${qualifiedPlural(typeOfObject(d))}/${d.metadata.name}`,
        );
      }
    }
    if (errors.length) throw new CliError(errors.join("\n"));
  }
}

export function registerDelete(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("delete")), HELP)
    .description(
      "Delete resources by file names, stdin, resources and names, or by resources and label selector",
    )
    .argument("[args...]")
    .option("-f, --filename <file>", "containing the resource to delete", collect)
    .option(
      "-k, --kustomize <dir>",
      "Process a kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--all", "Delete all resources, in the namespace of the specified resource types")
    .option("-A, --all-namespaces", "If present, list the requested object(s) across all namespaces")
    .option(
      "--grace-period <seconds>",
      "Period of time in seconds given to the resource to terminate gracefully",
    )
    .option("--force", "Immediately remove resources from API and bypass graceful deletion")
    .option("--now", "Resources are signaled for immediate shutdown (same as --grace-period=1)")
    .option("--wait [bool]", "Wait for resources to be gone before returning", true)
    .option("--timeout <duration>", "The length of time to wait before giving up on a delete")
    .option("--ignore-not-found", 'Treat "resource not found" as a successful delete')
    .option("-o, --output <format>", 'Output mode. Use "-o name" for shorter output')
    .action((args: string[], flags: DeleteOpts) => runVerb(new DeleteOptions(ctx, flags), args));
}
