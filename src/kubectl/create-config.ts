// kubectl create configmap|secret generic|tls|docker-registry|serviceaccount: the
// configuration kinds' generators, a part of the create verb (create.ts registers them).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
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
import { collect } from "./util/flags.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { withGlobals } from "./util/session.js";
import { runVerb } from "./util/verb-options.js";

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

/** Registers the configuration kinds' generators under `create`. */
export function registerCreateConfigKinds(create: Command, ctx: Ctx): void {
  registerCreateConfigMap(create, ctx);
  registerCreateSecret(create, ctx);
  registerCreateServiceAccount(create, ctx);
}
