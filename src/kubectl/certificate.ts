// kubectl certificate approve|deny (pkg/cmd/certificates, v1.32): each named request (or
// each CSR in -f files) is read, refused if it already has the opposite condition, given
// the KubectlApprove/KubectlDeny condition through the approval subresource unless it has
// it already (--force writes it again), and printed as it was read.
import type { Command } from "commander";
import type { CertificateSigningRequest } from "../api/types.js";
import { updateApproval } from "../apiserver/certificates/approval.js";
import { StatusError } from "../apiserver/errors.js";
import { CSRS, typedAs } from "../apiserver/resources.js";
import { HELP } from "./certificate.help.js";
import type { Ctx } from "./cli.js";
import { ErrorList } from "./errors.js";
import { attachHelp } from "./help/attach.js";
import { commandHelp } from "./help/render.js";
import { CliError } from "./io.js";
import { parseOutput } from "./output.js";
import { collect } from "./util/flags.js";
import { type FileOpts, loadDocs } from "./util/manifest-docs.js";
import { type ResourcePrinter, toPrinter } from "./util/printer.js";
import { session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

interface CertificateFlags extends FileOpts {
  force?: boolean;
}

interface Decision {
  verb: "approved" | "denied";
  type: "Approved" | "Denied";
  opposite: "Approved" | "Denied";
  reason: string;
  message: string;
}

const APPROVE: Decision = {
  verb: "approved",
  type: "Approved",
  opposite: "Denied",
  reason: "KubectlApprove",
  message: "This CSR was approved by kubectl certificate approve.",
};
const DENY: Decision = {
  verb: "denied",
  type: "Denied",
  opposite: "Approved",
  reason: "KubectlDeny",
  message: "This CSR was denied by kubectl certificate deny.",
};

/** `kubectl certificate` alone: cobra prints the group's help. */
class GroupOptions implements VerbOptions<[]> {
  constructor(
    private readonly ctx: Ctx,
    private readonly help: () => string,
  ) {}
  complete(): void {}
  validate(): void {}
  run(): void {
    this.ctx.io.out(this.help());
  }
}

class CertificateOptions implements VerbOptions<[string[]]> {
  private readonly errors = new ErrorList();
  private names: string[] = [];
  private printer!: ResourcePrinter;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: CertificateFlags,
    private readonly decision: Decision,
  ) {}

  complete(args: string[]): void {
    this.names = [...args];
    this.printer = toPrinter(
      parseOutput(this.flags.output, ["name", "yaml", "json", "template"], { files: this.ctx.io.files }),
      this.ctx.io,
    );
  }

  validate(): void {
    if (this.names.length < 1 && !this.flags.filename?.length)
      throw new CliError("error: one or more CSRs must be specified as <name> or -f <filename>");
  }

  /** The builder's ResourceNames and FilenameParam: names first, then each file's objects. */
  private targets(): string[] {
    const out = [...this.names];
    if (!this.flags.filename?.length) return out;
    for (const doc of loadDocs(this.ctx, this.flags, this.errors, `certificate ${this.decision.verb}`)) {
      const o = doc.obj as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      const group = String(o.apiVersion ?? "")
        .split("/")
        .slice(0, -1)
        .join("/");
      if (o.kind !== "CertificateSigningRequest" || group !== "certificates.k8s.io") {
        const got = group ? `${o.kind}.${group}` : String(o.kind);
        this.errors.message(
          `can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${got}`,
        );
        continue;
      }
      out.push(o.metadata?.name ?? "");
    }
    return out;
  }

  async run(): Promise<void> {
    const d = this.decision;
    const names = this.targets();
    await session(this.ctx, this.flags).transact((c) => {
      for (const name of names) {
        try {
          const csr: CertificateSigningRequest = typedAs(CSRS, c.api.mustGet(CSRS, undefined, name));
          const read = structuredClone(csr);
          const conditions = [...(csr.status?.conditions ?? [])];
          const clash = conditions.find((x) => x.type === d.opposite);
          if (clash) {
            this.errors.message(`certificate signing request "${name}" is already ${clash.type}`);
            continue;
          }
          const has = conditions.some((x) => x.type === d.type);
          if (!has || this.flags.force) {
            if (!has) conditions.push({ type: d.type, status: "True", reason: d.reason, message: d.message });
            updateApproval(c, conditions, csr);
          }
          this.ctx.io.out(this.printer.printWritten(read, d.verb));
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          this.errors.status(e);
        }
      }
    });
    this.errors.throwIfAny();
  }
}

function registerDecision(group: Command, ctx: Ctx, name: "approve" | "deny", d: Decision): void {
  attachHelp(withGlobals(group.command(name)), HELP)
    .description(HELP[`certificate ${name}`].short ?? "")
    .argument("[names...]")
    .option("-f, --filename <file>", "Files identifying the resource to update", collect)
    .option("-R, --recursive", "Process the directory used in -f, --filename recursively")
    .option("-o, --output <format>", "Output format")
    .option("--force", `Update the CSR even if it is already ${d.verb}.`)
    .action((names: string[], flags: CertificateFlags) =>
      runVerb(new CertificateOptions(ctx, flags, d), names),
    );
}

export function registerCertificate(program: Command, ctx: Ctx): void {
  const group: Command = attachHelp(withGlobals(program.command("certificate")), HELP)
    .description("Modify certificate resources.")
    .action(() => runVerb(new GroupOptions(ctx, () => commandHelp(group))));
  registerDecision(group, ctx, "approve", APPROVE);
  registerDecision(group, ctx, "deny", DENY);
}
