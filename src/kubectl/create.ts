// kubectl create -f: like apply without the annotation, and an existing object is an
// AlreadyExists error naming the file. `create deployment|service|namespace` build the
// object kubectl builds (pkg/cmd/create) and send it, with --dry-run and -o.
import type { Command } from "commander";
import type { Container, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import type { CronJob, KObject } from "../api/types.js";
import { fieldTypeAt, schemaFor } from "../apiserver/admission/schema/kinds.js";
import { createObject } from "../apiserver/admit.js";
import { CRONJOBS, isOf } from "../apiserver/resources.js";
import type { Cluster } from "../cluster/cluster.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./create.help.js";
import { registerCreateConfigKinds } from "./create-config.js";
import { registerCreateCronJob } from "./create-cronjob.js";
import { registerCreateIngress } from "./create-ingress.js";
import { registerCreateQuota } from "./create-quota.js";
import { registerCreateRbac } from "./create-rbac.js";
import { registerCreateToken } from "./create-token.js";
import { attachHelp } from "./help/attach.js";
import { intOrString } from "./imperative.js";
import { CliError } from "./io.js";
import { collect, intFlag, requiredFlag } from "./util/flags.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import type { FileOpts } from "./util/manifest-docs.js";
import { resolveType } from "./util/resource-args.js";
import { namespaceOf, withGlobals } from "./util/session.js";
import { inStructOrder } from "./util/typed-json.js";
import { runVerb } from "./util/verb-options.js";
import { WriteDocsOptions } from "./util/write-docs.js";

export function registerCreate(program: Command, ctx: Ctx): void {
  // `create deployment web -o yaml`: the generator's flags after its name belong to it, not
  // to `create -f` (commander needs positional options on every level for that).
  program.enablePositionalOptions();
  const create = attachHelp(withGlobals(program.command("create")), HELP)
    .description("Create a resource from a file or from stdin")
    .enablePositionalOptions()
    .option(
      "-f, --filename <file>",
      "Filename, directory, or URL to files to use to create the resource",
      collect,
    )
    .option(
      "-k, --kustomize <dir>",
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
    )
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--save-config", "Record the configuration in the last-applied annotation")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does")
    .action((flags: FileOpts) =>
      runVerb(
        new WriteDocsOptions(ctx, flags, "create", (c, doc, dry) => ({
          obj: createObject(c, doc.obj, namespaceOf(flags), { dryRun: dry }),
          op: "created",
        })),
      ),
    );
  registerCreateCronJob(create, ctx);
  registerCreateDeployment(create, ctx);
  registerCreateJob(create, ctx);
  registerCreateService(create, ctx);
  registerCreateNamespace(create, ctx);
  registerCreateConfigKinds(create, ctx);
  registerCreateQuota(create, ctx);
  registerCreateRbac(create, ctx);
  registerCreateToken(create, ctx);
  registerCreateIngress(create, ctx);
}

interface DeploymentOpts extends BuildOpts {
  image?: string[];
  replicas?: string;
  port?: string;
}

/** The container name kubectl derives from an image: its last path segment, without tag or digest. */
export function containerNameFor(image: string, rand: () => string): string {
  let name = image.slice(image.lastIndexOf("/") + 1);
  name = name.split(":")[0].split("@")[0];
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, "-")}-${rand()}`;
  return name;
}

export function buildDeployment(
  name: string,
  images: string[],
  replicas: number,
  port: number | undefined,
  rand: () => string,
  command: string[] = [],
): KObject {
  const labels = { app: name };
  const containers: Container[] = images.map((image) => ({
    name: containerNameFor(image, rand),
    image,
    resources: {},
  }));
  // kubectl's field order: command, image, name, ports, resources.
  if (command.length && containers.length) {
    const { name: n, image } = containers[0];
    containers[0] = { command, image, name: n, resources: {} };
  }
  if (port !== undefined && containers.length) {
    const { resources: _, ...first } = containers[0];
    containers[0] = { ...first, ports: [{ containerPort: port }], resources: {} };
  }
  return {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: { name, creationTimestamp: null, labels },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
      strategy: {},
    },
    status: {},
  } as unknown as KObject;
}

class CreateDeploymentOptions extends GeneratorOptions<DeploymentOpts> {
  private images: string[] = [];
  private replicas = 1;
  private port?: number;
  protected override readonly takesCommand = true;

  protected override completeKind(): void {
    const o = this.flags;
    if (!o.image?.length) throw requiredFlag(this.ctx, "image");
    this.images = o.image;
    if (this.images.length > 1 && this.command.length)
      throw new CliError("error: cannot specify multiple --image options and command");
    this.replicas = intFlag(o.replicas ?? "", "-r, --replicas", "create deployment");
    if (o.port !== undefined) {
      const n = intFlag(o.port, "--port", "create deployment");
      this.port = n >= 0 ? n : undefined;
    }
  }

  protected build(rand: () => string): KObject {
    return buildDeployment(this.name, this.images, this.replicas, this.port, rand, this.command);
  }

  protected override wrap(m: string): string {
    return `failed to create deployment: ${m}`;
  }
}

function registerCreateDeployment(create: Command, ctx: Ctx): void {
  generator(create, "deployment", "deploy", "Create a deployment with the specified name")
    .option("--image <image>", "Image names to run", collect)
    .option("-r, --replicas <n>", "Number of replicas to create. Default is 1", "1")
    .option("--port <port>", "The containerPort that this deployment exposes")
    .action((names: string[], flags: DeploymentOpts) =>
      runVerb(new CreateDeploymentOptions(ctx, flags, "create deployment"), names),
    );
}

interface JobOpts extends BuildOpts {
  image?: string;
  from?: string;
}

/** The Job `kubectl create job NAME --image=IMG [-- COMMAND...]` builds (create_job.go createJob). */
export function buildJob(name: string, image: string, command: string[]): KObject {
  const container: Container = command.length
    ? { command, image, name, resources: {} }
    : { image, name, resources: {} };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { creationTimestamp: null, name },
    spec: {
      template: {
        metadata: { creationTimestamp: null },
        spec: { containers: [container], restartPolicy: "Never" },
      },
    },
    status: {},
  } as unknown as KObject;
}

class CreateJobOptions extends GeneratorOptions<JobOpts> {
  protected override readonly takesCommand = true;

  protected override completeKind(): void {
    const { image, from } = this.flags;
    if (!image === !from) throw new CliError("error: either --image or --from must be specified");
    if (from && this.command.length) throw new CliError("error: cannot specify --from and command");
  }

  protected build(_rand: () => string, c: Cluster): KObject {
    const from = this.flags.from;
    if (!from) return buildJob(this.name, this.flags.image ?? "", this.command);
    return buildJobFromCronJob(this.name, fromCronJob(c, from, namespaceOf(this.flags)));
  }

  protected override wrap(m: string): string {
    return `failed to create job: ${m}`;
  }
}

/**
 * What `--from=TYPE/NAME` names, read as kubectl's builder reads it (ResourceTypeOrNameArgs):
 * one object (NotFound if missing); a bare TYPE names none. Only a CronJob will do.
 */
function fromCronJob(c: Cluster, from: string, ns: string): CronJob {
  const slash = from.indexOf("/");
  const r = resolveType(slash < 0 ? from : from.slice(0, slash));
  if (slash < 0) throw new CliError("error: resource(s) were provided, but no name was specified");
  const obj = c.api.mustGet(r, ns, from.slice(slash + 1));
  if (!isOf(obj, CRONJOBS)) throw new CliError(`error: unknown object type *v1.${obj.kind}`);
  return obj;
}

const JOB = schemaFor("batch/v1", "Job");
const JOB_SPEC = JOB ? fieldTypeAt(JOB, ["spec"]) : undefined;

/**
 * createJobFromCronJob: the job template's spec, labels and annotations (after
 * `cronjob.kubernetes.io/instantiate: manual`), and a controller reference without
 * blockOwnerDeletion.
 */
export function buildJobFromCronJob(name: string, cj: CronJob): KObject {
  const tpl = cj.spec?.jobTemplate ?? {};
  return {
    kind: "Job",
    apiVersion: "batch/v1",
    metadata: {
      name,
      creationTimestamp: null,
      ...(tpl.metadata?.labels ? { labels: { ...tpl.metadata.labels } } : {}),
      annotations: { "cronjob.kubernetes.io/instantiate": "manual", ...tpl.metadata?.annotations },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cj.metadata.name,
          uid: cj.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: inStructOrder(structuredClone(tpl.spec ?? {}), JOB_SPEC),
    status: {},
  } as unknown as KObject;
}

function registerCreateJob(create: Command, ctx: Ctx): void {
  generator(create, "job", undefined, "Create a job with the specified name")
    .option("--image <image>", "Image name to run.")
    .option("--from <resource>", "The name of the resource to create a Job from (only cronjob is supported).")
    .action((names: string[], flags: JobOpts) =>
      runVerb(new CreateJobOptions(ctx, flags, "create job"), names),
    );
}

interface ServiceOpts extends BuildOpts {
  tcp?: string[];
  nodePort?: string;
  externalName?: string;
  clusterip?: string;
}

const SERVICE_TYPES: Record<string, string> = {
  clusterip: "ClusterIP",
  nodeport: "NodePort",
  loadbalancer: "LoadBalancer",
  externalname: "ExternalName",
};

/** `--tcp=80` or `--tcp=80:8080`: a port named after the spec itself (`80`, `80-8080`). */
export function parseTcp(specs: string[], nodePort?: number): ServicePort[] {
  return specs.map((spec) => {
    const [p, t] = spec.split(":");
    if (!/^\d+$/.test(p)) throw new CliError(`error: strconv.ParseUint: parsing "${p}": invalid syntax`);
    const port = Number(p);
    const targetPort = t === undefined ? port : intOrString(t);
    return {
      name: spec.replace(/:/g, "-"),
      protocol: "TCP",
      port,
      targetPort,
      ...(nodePort ? { nodePort } : {}),
    };
  });
}

export function buildService(
  name: string,
  type: string,
  o: { tcp?: string[]; nodePort?: number; externalName?: string; clusterIP?: string },
): KObject {
  const labels = { app: name };
  const spec: ServiceSpec = {};
  if (o.tcp?.length) spec.ports = parseTcp(o.tcp, type === "NodePort" ? o.nodePort : undefined);
  spec.selector = { ...labels };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = type;
  if (o.externalName) spec.externalName = o.externalName;
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: { name, creationTimestamp: null, labels },
    spec,
    status: { loadBalancer: {} },
  } as unknown as KObject;
}

class CreateServiceOptions extends GeneratorOptions<ServiceOpts> {
  private nodePort?: number;

  constructor(
    ctx: Ctx,
    flags: ServiceOpts,
    private readonly sub: string,
    private readonly type: string,
  ) {
    super(ctx, flags, `create service ${sub}`);
  }

  protected override completeKind(): void {
    const o = this.flags;
    if (this.sub === "externalname" && !o.externalName) throw requiredFlag(this.ctx, "external-name");
    if (this.sub !== "externalname" && !o.tcp?.length && o.clusterip !== "None")
      throw new CliError("error: at least one tcp port specifier must be provided");
    this.nodePort = o.nodePort === undefined ? undefined : Number(o.nodePort);
  }

  protected build(): KObject {
    const o = this.flags;
    return buildService(this.name, this.type, {
      tcp: o.tcp,
      nodePort: this.nodePort,
      externalName: o.externalName,
      clusterIP: o.clusterip,
    });
  }

  protected override wrap(m: string): string {
    return `failed to create ${this.type} service: ${m}`;
  }
}

function registerCreateService(create: Command, ctx: Ctx): void {
  const svc = withGlobals(create.command("service"))
    .alias("svc")
    .description("Create a service using a specified subcommand");
  for (const [sub, type] of Object.entries(SERVICE_TYPES)) {
    const cmd = generator(svc, sub, undefined, `Create a ${type} service`);
    if (sub !== "externalname")
      cmd.option("--tcp <spec>", "Port pairs can be specified as '<port>:<targetPort>'", collect);
    if (sub === "clusterip")
      cmd.option("--clusterip <ip>", "Assign your own ClusterIP or set to 'None' for a 'headless' service");
    if (sub === "nodeport")
      cmd.option("--node-port <port>", "Port used to expose the service on each node in a cluster");
    if (sub === "externalname") cmd.option("--external-name <name>", "External name of service");
    cmd.action((names: string[], flags: ServiceOpts) =>
      runVerb(new CreateServiceOptions(ctx, flags, sub, type), names),
    );
  }
}

class CreateNamespaceOptions extends GeneratorOptions<BuildOpts> {
  protected build(): KObject {
    return {
      kind: "Namespace",
      apiVersion: "v1",
      metadata: { name: this.name, creationTimestamp: null },
      spec: {},
      status: {},
    } as unknown as KObject;
  }
}

function registerCreateNamespace(create: Command, ctx: Ctx): void {
  generator(create, "namespace", "ns", "Create a namespace with the specified name").action(
    (names: string[], flags: BuildOpts) =>
      runVerb(new CreateNamespaceOptions(ctx, flags, "create namespace"), names),
  );
}
