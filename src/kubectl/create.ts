// kubectl create -f: like apply without the annotation, and an existing object is an
// AlreadyExists error naming the file. `create deployment|service|namespace` build the
// object kubectl builds (pkg/cmd/create) and send it, with --dry-run and -o.
import type { Command } from "commander";
import type { Container, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import type { KObject } from "../api/types.js";
import { createObject } from "../apiserver/admit.js";
import { StatusError } from "../apiserver/errors.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./create.help.js";
import { attachHelp } from "./help/attach.js";
import { createBuilt, intOrString } from "./imperative.js";
import { CliError, usageError } from "./io.js";
import { type OutputFormat, parseOutput } from "./output.js";
import { hostFiles } from "./userfiles.js";
import {
  checkKeyPair,
  configMapData,
  type DataEntry,
  dockerConfigJSON,
  envFileSources,
  fileSources,
  parseFileSource,
  parseLiteralSource,
  readTLSFile,
  secretData,
} from "./util/data-sources.js";
import { type DryRun, dryRunMode } from "./util/dry-run.js";
import { collect, intFlag, requiredFlag } from "./util/flags.js";
import type { FileOpts } from "./util/manifest-docs.js";
import { resolveType } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";
import { WriteDocsOptions } from "./util/write-docs.js";

interface BuildOpts extends GlobalOpts {
  output?: string;
  dryRun?: string;
}

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
  registerCreateDeployment(create, ctx);
  registerCreateJob(create, ctx);
  registerCreateService(create, ctx);
  registerCreateNamespace(create, ctx);
  registerCreateConfigMap(create, ctx);
  registerCreateSecret(create, ctx);
  registerCreateServiceAccount(create, ctx);
}

/** The flags every `create <kind>` generator takes. */
function generator(parent: Command, name: string, alias: string | undefined, description: string): Command {
  const cmd = withGlobals(parent.command(name));
  if (alias) cmd.alias(alias);
  return cmd
    .description(description)
    .argument("[name...]")
    .option("-o, --output <format>", "Output format: name, yaml, json")
    .option("--dry-run [mode]", "none, server, or client")
    .option("--save-config", "Accepted for compatibility")
    .option("--validate [mode]", "Accepted: kubesim always validates strictly as the server does");
}

function oneName(names: string[], cmd: string): string {
  if (names.length !== 1) throw usageError(cmd, `exactly one NAME is required, got ${names.length}`);
  return names[0];
}

/**
 * What every `create <kind>` generator does (kubectl's Create*Options): complete takes the
 * one NAME, the kind's own flags, --dry-run and -o; run builds the object and creates it in
 * a transaction, rewording the server's errors as the generator does.
 */
abstract class GeneratorOptions<F extends BuildOpts> implements VerbOptions<[string[]]> {
  protected name = "";
  private mode: DryRun = "none";
  private format: OutputFormat = "table";

  constructor(
    protected readonly ctx: Ctx,
    protected readonly flags: F,
    private readonly cmd: string,
  ) {}

  complete(names: string[]): void {
    this.name = oneName(this.namesOf(names), this.cmd);
    this.completeKind();
    this.mode = dryRunMode(this.flags.dryRun);
    this.format = parseOutput(this.flags.output, ["table", "yaml", "json", "name", "template"], {
      files: this.ctx.io.files,
    });
  }

  /** The kind's own flags, read (and refused) before --dry-run and -o, as kubesim always has. */
  protected completeKind(): void {}

  /** The words that name the object (all of them, unless the kind takes a command after `--`). */
  protected namesOf(args: string[]): string[] {
    return args;
  }

  validate(): void {}

  protected abstract build(rand: () => string): KObject;

  /** The generator's words around a server error, if it has any. */
  protected wrap?(message: string): string;

  async run(): Promise<void> {
    const { ctx, flags } = this;
    await session(ctx, flags).transact((c) => {
      const built = this.build(() => c.rng.name(5));
      try {
        createBuilt(c, ctx, built, namespaceOf(flags), this.mode, this.format);
      } catch (e) {
        if (this.wrap && e instanceof StatusError) throw new CliError(`error: ${this.wrap(e.message)}`);
        throw e;
      }
    });
  }
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
  /** The words after `--`: the first container's command (kubectl's ArgsLenAtDash). */
  private command: string[] = [];

  protected override namesOf(args: string[]): string[] {
    const raw = this.ctx.argv ?? [];
    const dash = raw.indexOf("--");
    if (dash < 0) return args;
    const after = raw.length - dash - 1;
    this.command = args.slice(Math.max(0, args.length - after));
    return args.slice(0, Math.max(0, args.length - after));
  }

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
  private command: string[] = [];

  protected override namesOf(args: string[]): string[] {
    const raw = this.ctx.argv ?? [];
    const dash = raw.indexOf("--");
    if (dash < 0) return args;
    const after = raw.length - dash - 1;
    this.command = args.slice(Math.max(0, args.length - after));
    return args.slice(0, Math.max(0, args.length - after));
  }

  protected override completeKind(): void {
    const { image, from } = this.flags;
    if (!image === !from) throw new CliError("error: either --image or --from must be specified");
    if (from && this.command.length) throw new CliError("error: cannot specify --from and command");
    if (from) {
      // kubesim serves no CronJob yet: `cronjob/x` fails as on a cluster without the type.
      const slash = from.indexOf("/");
      resolveType(slash < 0 ? from : from.slice(0, slash));
      throw new CliError("error: from must be an existing cronjob");
    }
  }

  protected build(): KObject {
    return buildJob(this.name, this.flags.image ?? "", this.command);
  }

  protected override wrap(m: string): string {
    return `failed to create job: ${m}`;
  }
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

interface DataOpts extends BuildOpts {
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
  type?: string;
}

/** kubectl's words for what reading the sources refused, as a CliError. */
function sourceError(e: unknown): never {
  if (e instanceof CliError) throw e;
  throw new CliError(`error: ${(e as Error).message}`);
}

/** The literal, file and env-file entries of a configmap or generic secret, in kubectl's order. */
abstract class DataOptions extends GeneratorOptions<DataOpts> {
  protected entries: DataEntry[] = [];

  override validate(): void {
    const f = this.flags;
    if (f.fromEnvFile?.length && (f.fromFile?.length || f.fromLiteral?.length)) {
      throw new CliError("error: from-env-file cannot be combined with from-file or from-literal");
    }
  }

  /**
   * Reads the sources (kubectl's Run does, before it sends anything) and turns them into
   * the object's data with `add`, source by source: a configmap takes files first, a
   * secret literals first, which decides whose error comes out.
   */
  protected readSources<T>(literalsFirst: boolean, add: (entries: DataEntry[]) => T): T {
    const f = this.flags;
    const files = this.ctx.io.files ?? hostFiles;
    const all: DataEntry[] = [];
    const step = (entries: () => DataEntry[]) => {
      all.push(...entries());
      add(all);
    };
    const literals = () =>
      (f.fromLiteral ?? []).map((l) => {
        const [key, value] = parseLiteralSource(l);
        return { key, value: Buffer.from(value, "utf8") };
      });
    const fromFiles = () => (f.fromFile?.length ? fileSources(files, f.fromFile) : []);
    try {
      if (literalsFirst) step(literals);
      step(fromFiles);
      if (!literalsFirst) step(literals);
      step(() => (f.fromEnvFile?.length ? envFileSources(files, f.fromEnvFile, this.ctx.io.env) : []));
      return add(all);
    } catch (e) {
      sourceError(e);
    }
  }
}

const sortedRecord = (r: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

class CreateConfigMapOptions extends DataOptions {
  protected build(): KObject {
    const data = this.readSources(false, (entries) => configMapData(this.name, entries));
    return {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: this.name, creationTimestamp: null },
      ...(Object.keys(data.data).length ? { data: sortedRecord(data.data) } : {}),
      ...(Object.keys(data.binaryData).length ? { binaryData: sortedRecord(data.binaryData) } : {}),
    } as unknown as KObject;
  }

  protected override wrap(m: string): string {
    return `failed to create configmap: ${m}`;
  }
}

/** A Secret as kubectl builds it: data, then type when one was given. */
function secretObject(name: string, data: Record<string, string>, type: string | undefined): KObject {
  return {
    kind: "Secret",
    apiVersion: "v1",
    metadata: { name, creationTimestamp: null },
    ...(Object.keys(data).length ? { data: sortedRecord(data) } : {}),
    ...(type ? { type } : {}),
  } as unknown as KObject;
}

class CreateSecretGenericOptions extends DataOptions {
  protected build(): KObject {
    return secretObject(this.name, this.readSources(true, secretData), this.flags.type);
  }

  protected override wrap(m: string): string {
    return `failed to create secret ${m}`;
  }
}

interface DockerOpts extends BuildOpts {
  dockerUsername?: string;
  dockerPassword?: string;
  dockerEmail?: string;
  dockerServer: string;
  fromFile?: string[];
}

class CreateSecretDockerOptions extends GeneratorOptions<DockerOpts> {
  override validate(): void {
    const f = this.flags;
    if (!f.fromFile?.length && (!f.dockerUsername || !f.dockerPassword || !f.dockerServer)) {
      throw new CliError(
        "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
      );
    }
  }

  protected build(): KObject {
    const f = this.flags;
    const data: Record<string, string> = {};
    try {
      if (f.fromFile?.length) {
        const files = this.ctx.io.files ?? hostFiles;
        // A file without a key name is the .dockerconfigjson.
        const named = f.fromFile.map((s) => (s.includes("=") ? s : `.dockerconfigjson=${s}`));
        for (const s of named) parseFileSource(s);
        Object.assign(data, secretData(fileSources(files, named)));
      }
      if (f.dockerUsername && f.dockerPassword) {
        const json = dockerConfigJSON(
          f.dockerUsername,
          f.dockerPassword,
          f.dockerEmail ?? "",
          f.dockerServer,
        );
        data[".dockerconfigjson"] = Buffer.from(json, "utf8").toString("base64");
      }
    } catch (e) {
      sourceError(e);
    }
    return secretObject(this.name, data, "kubernetes.io/dockerconfigjson");
  }

  protected override wrap(m: string): string {
    return `failed to create secret ${m}`;
  }
}

interface TLSOpts extends BuildOpts {
  cert?: string;
  key?: string;
}

class CreateSecretTLSOptions extends GeneratorOptions<TLSOpts> {
  override validate(): void {
    if (!this.flags.key || !this.flags.cert) throw new CliError("error: key and cert must be specified");
  }

  protected build(): KObject {
    const files = this.ctx.io.files ?? hostFiles;
    let data: Record<string, string>;
    try {
      const cert = readTLSFile(files, this.flags.cert ?? "");
      const key = readTLSFile(files, this.flags.key ?? "");
      checkKeyPair(cert, key);
      data = { "tls.crt": cert.toString("base64"), "tls.key": key.toString("base64") };
    } catch (e) {
      sourceError(e);
    }
    return secretObject(this.name, data, "kubernetes.io/tls");
  }

  protected override wrap(m: string): string {
    return `failed to create secret ${m}`;
  }
}

class CreateServiceAccountOptions extends GeneratorOptions<BuildOpts> {
  protected build(): KObject {
    return {
      kind: "ServiceAccount",
      apiVersion: "v1",
      metadata: { name: this.name, creationTimestamp: null },
    } as unknown as KObject;
  }

  protected override wrap(m: string): string {
    return `failed to create serviceaccount: ${m}`;
  }
}

function dataFlags(cmd: Command, what: string): Command {
  return cmd
    .option("--from-file <source>", "Key files (or a directory) to add, as [key=]path", collect)
    .option("--from-literal <source>", `A key and literal value to insert in ${what}`, collect)
    .option("--from-env-file <path>", `A file of key=val lines to create a ${what} from`, collect);
}

function registerCreateConfigMap(create: Command, ctx: Ctx): void {
  dataFlags(
    generator(create, "configmap", "cm", "Create a config map from a local file, directory or literal value"),
    "configmap",
  ).action((names: string[], flags: DataOpts) =>
    runVerb(new CreateConfigMapOptions(ctx, flags, "create configmap"), names),
  );
}

function registerCreateSecret(create: Command, ctx: Ctx): void {
  const secret = withGlobals(create.command("secret")).description(
    "Create a secret using a specified subcommand",
  );
  dataFlags(
    generator(secret, "generic", undefined, "Create a secret from a local file, directory, or literal value"),
    "secret",
  )
    .option("--type <type>", "The type of secret to create")
    .action((names: string[], flags: DataOpts) =>
      runVerb(new CreateSecretGenericOptions(ctx, flags, "create secret generic"), names),
    );
  generator(secret, "tls", undefined, "Create a TLS secret")
    .option("--cert <path>", "Path to PEM encoded public key certificate")
    .option("--key <path>", "Path to private key associated with given certificate")
    .action((names: string[], flags: TLSOpts) =>
      runVerb(new CreateSecretTLSOptions(ctx, flags, "create secret tls"), names),
    );
  generator(secret, "docker-registry", undefined, "Create a secret for use with a Docker registry")
    .option("--docker-username <user>", "Username for Docker registry authentication")
    .option("--docker-password <password>", "Password for Docker registry authentication")
    .option("--docker-email <email>", "Email for Docker registry")
    .option("--docker-server <server>", "Server location for Docker registry", "https://index.docker.io/v1/")
    .option("--from-file <source>", "Key files, as [key=]path (the key should be .dockerconfigjson)", collect)
    .action((names: string[], flags: DockerOpts) =>
      runVerb(new CreateSecretDockerOptions(ctx, flags, "create secret docker-registry"), names),
    );
}

function registerCreateServiceAccount(create: Command, ctx: Ctx): void {
  generator(create, "serviceaccount", "sa", "Create a service account with the specified name").action(
    (names: string[], flags: BuildOpts) =>
      runVerb(new CreateServiceAccountOptions(ctx, flags, "create serviceaccount"), names),
  );
}
