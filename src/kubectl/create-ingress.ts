// kubectl create ingress: an Ingress from --rule host/path=svc:port[,tls[=secret]] (a trailing
// `*` makes the path a Prefix, otherwise Exact), --class, --default-backend and --annotation,
// built as create_ingress.go builds it (rules of one host merge; a host joins a TLS entry once).
import type { Command } from "commander";
import type { KObject } from "../api/types.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { collect } from "./util/flags.js";
import { type BuildOpts, GeneratorOptions, generator } from "./util/generator.js";
import { runVerb } from "./util/verb-options.js";

interface IngressOpts extends BuildOpts {
  rule?: string[];
  class?: string;
  defaultBackend?: string;
  annotation?: string[];
}

// Go's \w is ASCII only: [0-9A-Za-z_].
const RULE_RE = /^[\w*\-.]*\/.*=[\w-]+:[\w-]+(,tls=?[\w-]+?)?/;

type Backend = { service: { name: string; port: { number?: number; name?: string } } };

/** intstr.Parse: digits that fit an int32 are a number, anything else a name. */
function backendOf(spec: string): Backend {
  const [name, port] = spec.split(":");
  const n = Number(port);
  const numeric = /^-?\d+$/.test(port) && n >= -(2 ** 31) && n < 2 ** 31;
  // Port 0 parses as a number and sets neither field: the apiserver then asks for one.
  const p = !numeric ? { name: port } : n !== 0 ? { number: n } : {};
  return { service: { name, port: p } };
}

class CreateIngressOptions extends GeneratorOptions<IngressOpts> {
  override validate(): void {
    const rules = this.flags.rule ?? [];
    const def = this.flags.defaultBackend ?? "";
    if (!def && rules.length === 0)
      throw new CliError(
        "error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)",
      );
    for (const r of rules)
      if (!RULE_RE.test(r))
        throw new CliError(
          `error: rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
        );
    for (const a of this.flags.annotation ?? [])
      if (!a.includes("="))
        throw new CliError(`error: annotation ${a} is invalid and should be in format key=[value]`);
    if (def && def.split(":").length !== 2)
      throw new CliError("error: default-backend should be in format servicename:serviceport");
  }

  protected build(): KObject {
    const annotations: Record<string, string> = {};
    for (const a of this.flags.annotation ?? []) {
      const i = a.indexOf("=");
      annotations[a.slice(0, i)] = a.slice(i + 1);
    }
    const spec: Record<string, unknown> = {};
    if (this.flags.class) spec.ingressClassName = this.flags.class;
    if (this.flags.defaultBackend) spec.defaultBackend = backendOf(this.flags.defaultBackend);
    const tls = this.tls();
    const rules = this.rules();
    if (rules.length) spec.rules = rules;
    if (tls.length) spec.tls = tls;
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        ...(Object.keys(annotations).length ? { annotations } : {}),
        name: this.name,
        creationTimestamp: null,
      },
      spec,
      status: { loadBalancer: {} },
    } as unknown as KObject;
  }

  private rules(): { host?: string; http: { paths: unknown[] } }[] {
    const out: { host?: string; http: { paths: unknown[] } }[] = [];
    for (const rule of this.flags.rule ?? []) {
      const noTls = rule.split(",")[0];
      const slash = noTls.indexOf("/");
      const host = noTls.slice(0, slash);
      const [rest, svc] = noTls.slice(slash + 1).split("=");
      let path = `/${rest}`;
      let pathType = "Exact";
      if (path.endsWith("*")) {
        pathType = "Prefix";
        path = path.slice(0, -1);
      }
      const p = { backend: backendOf(svc), path, pathType };
      const same = out.find((r) => (r.host ?? "") === host);
      if (same) same.http.paths.push(p);
      else out.push({ ...(host ? { host } : {}), http: { paths: [p] } });
    }
    return out;
  }

  private tls(): { hosts?: string[]; secretName?: string }[] {
    const out: { hosts?: string[]; secretName?: string }[] = [];
    const seen = new Set<string>();
    for (const rule of this.flags.rule ?? []) {
      const parts = rule.split(",");
      if (parts.length !== 2) continue;
      const host = rule.split("/")[0];
      const kv = parts[1].split("=");
      const secret = kv.length > 1 ? kv[1] : "";
      if (seen.has(host)) continue;
      const same = out.findIndex((t) => (t.secretName ?? "") === secret);
      seen.add(host);
      if (same >= 0) {
        out[same].hosts = [...(out[same].hosts ?? []), host];
        continue;
      }
      const t: { hosts?: string[]; secretName?: string } = {};
      if (host) t.hosts = [host];
      if (secret) t.secretName = secret;
      if (t.hosts || t.secretName) out.push(t);
    }
    return out;
  }

  protected override wrap(m: string): string {
    return `failed to create ingress: ${m}`;
  }
}

export function registerCreateIngress(create: Command, ctx: Ctx): void {
  generator(create, "ingress", "ing", "Create an ingress with the specified name")
    .option(
      "--annotation <annotation>",
      "Annotation to insert in the ingress object, in the format annotation=value",
      collect,
    )
    .option("--class <class>", "Ingress Class to be used", "")
    .option("--default-backend <backend>", "Default service for backend, in format of svcname:port", "")
    .option("--rule <rule>", "Rule in format host/path=service:port[,tls=secretname].", collect)
    .action((names: string[], flags: IngressOpts) =>
      runVerb(new CreateIngressOptions(ctx, flags, "create ingress"), names),
    );
}
