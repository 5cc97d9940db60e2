// kubectl create token SA: a TokenRequest for the ServiceAccount (pkg/cmd/create/
// create_token.go). kubectl checks its flags first (one NAME, a bound kind it knows, a
// duration in whole seconds); the API server then refuses a missing account or bound object,
// a duration under ten minutes, or a bound UID that is not the object's, and kubectl prints
// "failed to create token: <the server's words>". The token is printed alone, with a newline.
import type { Command } from "commander";
import { NODES, PODS, SECRETS, SERVICEACCOUNTS } from "../apiserver/resources.js";
import { mintToken } from "../apiserver/tokens.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./create-token.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { collect } from "./util/flags.js";
import { oneName } from "./util/generator.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface TokenOpts extends GlobalOpts {
  audience?: string[];
  boundObjectKind?: string;
  boundObjectName?: string;
  boundObjectUid?: string;
  duration?: string;
}

const KINDS = ["Node", "Pod", "Secret"];
const UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, in seconds; undefined for what it refuses. */
export function goDurationSeconds(s: string): number | undefined {
  if (s === "0") return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g))
    total += Number(part[1]) * UNITS[part[2]];
  return m[1] === "-" ? -total : total;
}

class CreateTokenOptions implements VerbOptions<[string[]]> {
  private name = "";
  private seconds = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: TokenOpts,
  ) {}

  complete(names: string[]): void {
    this.name = oneName(names, "create token");
    const d = this.flags.duration ?? "0s";
    const secs = goDurationSeconds(d);
    if (secs === undefined)
      throw new CliError(
        `Error: invalid argument "${d}" for "--duration" flag: time: invalid duration "${d}"\nSee 'kubectl create token --help' for usage.`,
      );
    this.seconds = secs;
  }

  validate(): void {
    const f = this.flags;
    if (f.boundObjectKind) {
      if (!KINDS.includes(f.boundObjectKind))
        throw new CliError(`error: supported --bound-object-kind values are ${KINDS.join(", ")}`);
      if (!f.boundObjectName)
        throw new CliError("error: --bound-object-name is required if --bound-object-kind is provided");
    } else {
      if (f.boundObjectName)
        throw new CliError("error: --bound-object-name can only be set if --bound-object-kind is provided");
      if (f.boundObjectUid)
        throw new CliError("error: --bound-object-uid can only be set if --bound-object-kind is provided");
    }
    if (this.seconds < 0) throw new CliError("error: --duration must be greater than or equal to 0");
    if (!Number.isInteger(this.seconds))
      throw new CliError("error: --duration cannot be expressed in units less than seconds");
  }

  async run(): Promise<void> {
    const f = this.flags;
    const ns = namespaceOf(f);
    const token = await session(this.ctx, f).view((c) => {
      const fail = (m: string) => new CliError(`error: failed to create token: ${m}`);
      const sa = c.api.get(SERVICEACCOUNTS, ns, this.name);
      if (!sa) throw fail(`serviceaccounts "${this.name}" not found`);
      if (this.seconds > 0 && this.seconds < 600)
        throw fail(
          `TokenRequest.authentication.k8s.io "${this.name}" is invalid: spec.expirationSeconds: Invalid value: ${this.seconds}: may not specify a duration less than 10 minutes`,
        );
      if (this.seconds > 2 ** 32)
        throw fail(
          `TokenRequest.authentication.k8s.io "${this.name}" is invalid: spec.expirationSeconds: Invalid value: ${this.seconds}: may not specify a duration larger than 2^32 seconds`,
        );
      const kind = f.boundObjectKind;
      const name = f.boundObjectName ?? "";
      const bound =
        kind === "Pod"
          ? c.api.get(PODS, ns, name)
          : kind === "Secret"
            ? c.api.get(SECRETS, ns, name)
            : kind === "Node"
              ? c.api.get(NODES, undefined, name)
              : undefined;
      if (kind && !bound) throw fail(`${kind.toLowerCase()}s "${name}" not found`);
      const ref = bound ? { name, uid: bound.metadata.uid ?? "" } : undefined;
      if (ref && f.boundObjectUid && f.boundObjectUid !== ref.uid)
        throw fail(
          `Operation cannot be fulfilled on ${kind} "${name}": the UID in the bound object reference (${f.boundObjectUid}) does not match the UID in record. The object might have been deleted and then recreated`,
        );
      // A pod-bound token also names the pod's node (ServiceAccountTokenPodNodeInfo, on in v1.32).
      const podNode =
        kind === "Pod" && bound && "spec" in bound
          ? c.api.get(NODES, undefined, String((bound.spec as { nodeName?: string }).nodeName ?? ""))
          : undefined;
      return mintToken({
        namespace: ns,
        serviceAccount: { name: this.name, uid: sa.metadata.uid ?? "" },
        audiences: f.audience,
        expirationSeconds: this.seconds || undefined,
        pod: kind === "Pod" ? ref : undefined,
        secret: kind === "Secret" ? ref : undefined,
        node:
          kind === "Node"
            ? ref
            : podNode
              ? { name: podNode.metadata.name, uid: podNode.metadata.uid ?? "" }
              : undefined,
        now: Math.floor(c.clock.nowMs() / 1000),
        jti: c.rng.uuid(),
      }).token;
    });
    this.ctx.io.out(`${token}\n`);
  }
}

/** Registers `create token` under `create`. */
export function registerCreateToken(create: Command, ctx: Ctx): void {
  attachHelp(withGlobals(create.command("token")), HELP)
    .description("Request a service account token")
    .argument("[name...]")
    .option("--audience <audience>", "Audience of the requested token", collect)
    .option("--bound-object-kind <kind>", "Kind of an object to bind the token to")
    .option("--bound-object-name <name>", "Name of an object to bind the token to")
    .option("--bound-object-uid <uid>", "UID of an object to bind the token to")
    .option("--duration <duration>", "Requested lifetime of the issued token")
    .action((names: string[], flags: TokenOpts) => runVerb(new CreateTokenOptions(ctx, flags), names));
}
