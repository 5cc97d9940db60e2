// kubectl expose: a Service for a pod, deployment, replica set or service, with the selector,
// ports and labels kubectl infers from the object (pkg/cmd/expose, polymorphichelpers).
import type { Command } from "commander";
import type { PodSpec, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import type { KObject } from "../api/types.js";
import { notFound } from "../apiserver/errors.js";
import { isOf, PODS, SERVICES } from "../apiserver/resources.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./expose.help.js";
import { attachHelp } from "./help/attach.js";
import { createBuilt, intOrString } from "./imperative.js";
import { CliError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { type DryRun, dryRunMode } from "./util/dry-run.js";
import { intFlag } from "./util/flags.js";
import { parseResourceArgs, type TypedName } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface ExposeOpts extends GlobalOpts {
  port?: string;
  targetPort?: string;
  type?: string;
  name?: string;
  selector?: string;
  clusterIp?: string;
  protocol?: string;
  labels?: string;
  externalIp?: string;
  sessionAffinity?: string;
  loadBalancerIp?: string;
  dryRun?: string;
  output?: string;
}

const EXPOSABLE = ["Pod", "Deployment", "ReplicaSet", "Service", "ReplicationController"];

/** The selector kubectl derives: a pod's labels, a workload's matchLabels, a service's selector. */
export function selectorFor(obj: KObject): Record<string, string> {
  if (obj.kind === "Pod") {
    const l = obj.metadata.labels ?? {};
    if (!Object.keys(l).length)
      throw new CliError(
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
      );
    return l;
  }
  if (obj.kind === "Service") {
    const sel = obj.spec?.selector ?? {};
    if (!Object.keys(sel).length)
      throw new CliError(
        "error: couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set",
      );
    return sel;
  }
  if (obj.kind === "ReplicationController") return obj.spec?.selector ?? {};
  const sel = obj.spec?.selector ?? {};
  if (sel.matchExpressions?.length)
    throw new CliError(
      `error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
    );
  return sel.matchLabels ?? {};
}

/** The ports kubectl introspects, with their protocols: containers' ports, or a service's. */
export function portsFor(obj: KObject): { port: number; protocol: string }[] {
  if (isOf(obj, SERVICES))
    return (obj.spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" }));
  const spec: PodSpec | undefined = isOf(obj, PODS) ? obj.spec : obj.spec?.template?.spec;
  const out: { port: number; protocol: string }[] = [];
  for (const ctr of spec?.containers ?? [])
    for (const p of ctr.ports ?? []) out.push({ port: p.containerPort, protocol: p.protocol ?? "TCP" });
  return out;
}

export function buildExposedService(obj: KObject, o: ExposeOpts): KObject {
  const selector = o.selector ? parseSelector(o.selector) : selectorFor(obj);
  let ports: ServicePort[];
  if (o.port !== undefined) {
    const port = Number(o.port);
    ports = [{ protocol: o.protocol ?? portsFor(obj)[0]?.protocol ?? "TCP", port, targetPort: port }];
  } else {
    const found = portsFor(obj);
    if (!found.length) throw new CliError("error: couldn't find port via --port flag or introspection");
    ports = found.map((p, i) => ({
      ...(found.length > 1 ? { name: `port-${i + 1}` } : {}),
      protocol: o.protocol ?? p.protocol,
      port: p.port,
      targetPort: p.port,
    }));
  }
  if (o.targetPort !== undefined) {
    const t = intOrString(o.targetPort);
    for (const p of ports) p.targetPort = t;
  }
  const labels = o.labels ? parseSelector(o.labels) : obj.metadata.labels;
  const spec: ServiceSpec = { ports, selector };
  if (o.clusterIp) spec.clusterIP = o.clusterIp;
  if (o.type) spec.type = o.type;
  if (o.externalIp) spec.externalIPs = [o.externalIp];
  if (o.sessionAffinity) spec.sessionAffinity = o.sessionAffinity;
  if (o.loadBalancerIp) spec.loadBalancerIP = o.loadBalancerIp;
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name: o.name ?? obj.metadata.name,
      creationTimestamp: null,
      ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
    },
    spec,
    status: { loadBalancer: {} },
  } as unknown as KObject;
}

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of s.split(",")) {
    const i = item.indexOf("=");
    if (i <= 0) throw new CliError(`error: unexpected label spec: ${item}`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** kubectl's ExposeServiceOptions: the objects to expose and how the Service is printed. */
class ExposeOptions implements VerbOptions<[string[]]> {
  private names: TypedName[] = [];
  private mode: DryRun = "none";
  private format: OutputFormat = "table";

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ExposeOpts,
  ) {}

  complete(args: string[]): void {
    const o = this.flags;
    if (!args.length) throw new CliError(NO_RESOURCES);
    // As kubectl's builder does, expose wants named objects, not whole types.
    const { names } = parseResourceArgs(args);
    if (!names.length) throw new CliError("error: resource(s) were provided, but no name was specified");
    this.names = names;
    if (o.port !== undefined) intFlag(o.port, "--port", "expose");
    this.mode = dryRunMode(o.dryRun);
    this.format = parseOutput(o.output, ["table", "yaml", "json", "name", "template"], {
      files: this.ctx.io.files,
    });
  }

  validate(): void {
    // Whether an object can be exposed depends on its kind, known only once run reads it.
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const ns = namespaceOf(o);
    await session(ctx, o).transact((c) => {
      for (const n of this.names) {
        const obj = c.api.get(n.r, n.r.namespaced ? ns : undefined, n.name);
        if (!obj) throw notFound(n.r, n.name);
        if (!EXPOSABLE.includes(obj.kind))
          throw new CliError(
            `error: cannot expose a ${obj.kind}${obj.apiVersion.includes("/") ? `.${obj.apiVersion.split("/")[0]}` : ""}`,
          );
        createBuilt(c, ctx, buildExposedService(obj, o), ns, this.mode, this.format, "exposed");
      }
    });
  }
}

export function registerExpose(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("expose")), HELP)
    .description(
      "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
    )
    .argument("[args...]")
    .option("--port <port>", "The port that the service should serve on")
    .option(
      "--target-port <port>",
      "Name or number for the port on the container that the service should direct traffic to",
    )
    .option("--type <type>", "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName")
    .option("--name <name>", "The name for the newly created object")
    .option("--selector <selector>", "A label selector to use for this service")
    .option(
      "--cluster-ip <ip>",
      "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None'",
    )
    .option("--protocol <protocol>", "The network protocol for the service to be created")
    .option("-l, --labels <labels>", "Labels to apply to the service created by this call")
    .option(
      "--external-ip <ip>",
      "Additional external IP address (not managed by Kubernetes) to accept for the service",
    )
    .option("--session-affinity <affinity>", "If non-empty, set the session affinity for the service to this")
    .option("--load-balancer-ip <ip>", "IP to assign to the LoadBalancer")
    .option("--dry-run [mode]", "none, server, or client")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .action((args: string[], flags: ExposeOpts) => runVerb(new ExposeOptions(ctx, flags), args));
}
