// kubectl describe: gathers what the real kubectl reads for each kind (events by the
// object's uid, a Service's EndpointSlices, a Deployment's ReplicaSets, ...) and hands
// it to the describe printers.
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import {
  type IndexSpec,
  ownerValue,
  POD_NODE,
  POD_OWNER,
  RS_OWNER,
  SLICE_SERVICE_NAME,
} from "../apiserver/indexes.js";
import { matches, type Selector } from "../apiserver/labels.js";
import {
  ENDPOINTSLICES,
  LEASES,
  LIMITRANGES,
  PODS,
  REPLICASETS,
  RESOURCEQUOTAS,
  type ResourceType,
  SECRETS,
  SERVICES,
} from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import { describeObject } from "../printers/describe/index.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./describe.help.js";
import { formatStatus } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { guessedImageNotes } from "./util/guessed-images.js";
import { resolveTypes } from "./util/resource-args.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { storedName } from "./util/stored.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface DescribeOpts extends GlobalOpts {
  selector?: string;
  allNamespaces?: boolean;
}

/** The objects an owner controls, from the API server's by-controller index. */
function owned(c: Cluster, r: ResourceType, ix: IndexSpec, obj: KObject): KObject[] {
  const m = obj.metadata;
  return c.api.indexed(r, ix, ownerValue(obj.kind, m.namespace ?? "", m.name ?? "", m.uid ?? ""), true);
}

function related(c: Cluster, obj: KObject): KObject[] {
  const ns = obj.metadata.namespace;
  switch (obj.kind) {
    case "Service": {
      // Its slices (kubernetes.io/service-name), whoever manages them, through the index.
      return c.api.indexed(ENDPOINTSLICES, SLICE_SERVICE_NAME, `${ns}/${obj.metadata.name}`, true);
    }
    case "Deployment":
      return owned(c, REPLICASETS, RS_OWNER, obj);
    case "Ingress":
      return [...c.api.list(SERVICES, ns), ...c.api.list(ENDPOINTSLICES, ns)];
    case "ServiceAccount":
      return c.api.list(SECRETS, ns);
    case "Namespace":
      return [
        ...c.api.list(RESOURCEQUOTAS, obj.metadata.name),
        ...c.api.list(LIMITRANGES, obj.metadata.name),
      ];
    case "ReplicaSet":
    case "StatefulSet":
    case "DaemonSet":
      return owned(c, PODS, POD_OWNER, obj);
    case "PersistentVolumeClaim":
      return c.api.list(PODS, ns);
    case "Node": {
      const pods: KObject[] = c.api
        .indexed(PODS, POD_NODE, obj.metadata.name ?? "", true)
        .filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
      // kubectl reads the node's Lease for the Lease section.
      const lease = c.api.get(LEASES, "kube-node-lease", obj.metadata.name ?? "");
      return lease ? [...pods, lease] : pods;
    }
    default:
      return [];
  }
}

/**
 * kubectl's search of the events about an object (by involvedObject): the shard of events
 * named after it, where every component records them, not every event of the cluster.
 */
function eventsFor(c: Cluster, obj: KObject): KObject[] {
  return c.api
    .eventsNear(obj.metadata.namespace || "default", obj.metadata.name ?? "")
    .filter(
      (e) =>
        e.involvedObject?.uid === obj.metadata.uid ||
        (obj.kind === "Node" &&
          e.involvedObject?.name === obj.metadata.name &&
          e.involvedObject?.kind === "Node"),
    );
}

const NO_TYPE = `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples`;

/** A type to describe, and the name (or name prefix) asked for, if any. */
interface Wanted {
  r: ResourceType;
  name?: string;
}

/** kubectl's DescribeOptions: the objects asked for, by name or by type and selector. */
class DescribeOptions implements VerbOptions<[string[]]> {
  private selector?: Selector;
  private namespace = "default";
  private wanted: Wanted[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: DescribeOpts,
  ) {}

  complete(args: string[]): void {
    if (!args.length) throw new CliError(NO_TYPE);
    this.selector = parseLabelSelector(this.flags.selector);
    this.namespace = namespaceOf(this.flags);
    if (args.some((a) => a.includes("/"))) {
      for (const a of args)
        this.wanted.push({ r: resolveTypes(a.split("/")[0])[0], name: a.slice(a.indexOf("/") + 1) });
    } else {
      const types = resolveTypes(args[0]);
      if (args.length > 1)
        for (const r of types) for (const name of args.slice(1)) this.wanted.push({ r, name });
      else for (const r of types) this.wanted.push({ r });
    }
  }

  validate(): void {
    // Nothing to refuse beyond what complete read: names given with -l win over it.
  }

  async run(): Promise<void> {
    const { ctx, namespace: ns, selector: sel } = this;
    const errors: string[] = [];
    const described: KObject[] = [];
    const texts = await session(ctx, this.flags).view((c) => {
      const out: string[] = [];
      const now = c.clock.now();
      for (const { r, name } of this.wanted) {
        let objs: KObject[];
        if (name !== undefined) {
          // describe matches a name as a prefix when there is no exact match, as kubectl does.
          const exact = c.api.get(r, ns, name);
          // The prefix is matched on the summaries; only the matches are read whole.
          objs = exact
            ? [exact]
            : c.api
                .listSummaries(r, r.namespaced ? ns : undefined)
                .filter((x) => storedName(x).startsWith(name))
                .flatMap((x) => c.api.get(r, x.metadata.namespace, storedName(x)) ?? []);
          if (!objs.length) errors.push(formatStatus(notFound(r, name)));
        } else {
          objs = c.api
            .list(r, this.flags.allNamespaces || !r.namespaced ? undefined : ns)
            .filter((x) => !sel || matches(sel, x.metadata.labels));
        }
        for (const obj of objs) {
          out.push(describeObject({ obj, events: eventsFor(c, obj), related: related(c, obj), now }));
          described.push(obj);
        }
      }
      return out;
    });
    ctx.io.out(texts.join("\n\n"));
    // kubesim's word on images it runs as stand-ins goes beside describe's text, not into it.
    const notes = guessedImageNotes(described);
    if (notes) ctx.io.err(notes);
    if (!texts.length && !errors.length) ctx.io.err(`No resources found in ${ns} namespace.\n`);
    if (errors.length) throw new CliError(errors.join("\n"));
  }
}

export function registerDescribe(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("describe")), HELP)
    .description("Show details of a specific resource or group of resources")
    .argument("[args...]")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("-A, --all-namespaces", "If present, list the requested object(s) across all namespaces")
    .action((args: string[], flags: DescribeOpts) => runVerb(new DescribeOptions(ctx, flags), args));
}
