// kubesim diagnose service NAME (or svc/NAME): what a Service does and whether it answers from
// a node, from a pod and from outside, with the cause and the fix wherever it does not. It
// was `kubesim explain` until issue 15: `explain` is kubectl's, for the API's field
// documentation, and a lab written for kubectl must get kubectl's meaning. `diagnose ingress
// NAME` does the same for an Ingress: its rules tried from outside through the controller,
// and what is wrong with it (class, backends, TLS Secrets).
import type { Command } from "commander";
import { notFound } from "../apiserver/errors.js";
import { INGRESSES, SERVICES } from "../apiserver/resources.js";
import { explainService, type ServiceExplanation } from "../net/explain.js";
import { explainIngress, type IngressExplanation } from "../net/explain-ingress.js";
import { findingText } from "../printers/ingress-findings.js";
import { verdictCause, verdictData, verdictFix } from "../printers/trace-hops.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./diagnose.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { resolveType } from "./util/resource-args.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

function target(args: string[]): { kind: "service" | "ingress"; name: string } {
  const [first, second] = args;
  const slash = first?.indexOf("/") ?? -1;
  const typed = slash > 0 ? first.slice(0, slash) : first;
  const name = slash > 0 ? first.slice(slash + 1) : second;
  if (!typed) throw new CliError("error: You must specify the type of resource to diagnose.");
  const r = resolveType(typed);
  if (r !== SERVICES && r !== INGRESSES)
    throw new CliError(
      `error: kubesim diagnoses Services and Ingresses by name (kubesim diagnose service NAME, kubesim diagnose ingress NAME); it has no API field documentation for "${typed}"`,
    );
  const kind = r === SERVICES ? "service" : "ingress";
  if (!name || args.length > (slash > 0 ? 1 : 2))
    throw new CliError(
      `error: name a${kind === "ingress" ? "n Ingress" : " Service"} to diagnose: kubesim diagnose ${kind} NAME`,
    );
  return { kind, name };
}

export function renderIngressExplanation(e: IngressExplanation): string {
  const lines = [e.summary[0], ...e.summary.slice(1).map((l) => `  ${l}`)];
  for (const f of e.findings) {
    const t = findingText(f);
    lines.push(`problem: ${t.cause}`, `    fix: ${t.fix}`);
  }
  return renderExplanation({ service: e.ingress, summary: [], reach: e.reach }, lines);
}

export function renderExplanation(e: ServiceExplanation, head?: string[]): string {
  const lines = head ?? [e.summary[0], ...e.summary.slice(1).map((l) => `  ${l}`)];
  if (e.reach.length) {
    lines.push("answers:");
    const width = Math.max(...e.reach.map((r) => `from ${r.from}`.length));
    for (const r of e.reach) {
      lines.push(`  ${`from ${r.from}`.padEnd(width)}  ${r.verdict.ok ? "yes" : "no "}  ${r.url}`);
      const cause = verdictCause(r.verdict);
      if (cause) lines.push(`      ${r.verdict.ok ? "note" : "cause"}: ${cause}`);
      const fix = verdictFix(r.verdict);
      if (!r.verdict.ok && fix) lines.push(`      fix:   ${fix}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function renderExplanationJson(e: ServiceExplanation): string {
  const reach = e.reach.map((r) => ({ ...r, verdict: verdictData(r.verdict) }));
  return `${JSON.stringify({ ...e, reach }, null, 2)}\n`;
}

function renderIngressJson(e: IngressExplanation): string {
  const reach = e.reach.map((r) => ({ ...r, verdict: verdictData(r.verdict) }));
  const findings = e.findings.map((f) => ({ kind: f.kind, ...findingText(f) }));
  return `${JSON.stringify({ ingress: e.ingress, summary: e.summary, findings, reach }, null, 2)}\n`;
}

type ExplainFlags = GlobalOpts & { output?: string };

/** The options of kubesim's diagnose: the Service, and text or json. */
class ExplainOptions implements VerbOptions<[string[]]> {
  private target: { kind: "service" | "ingress"; name: string } = { kind: "service", name: "" };

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: ExplainFlags,
  ) {}

  complete(args: string[]): void {
    this.target = target(args);
  }

  validate(): void {
    const output = this.flags.output;
    if (output !== undefined && output !== "json" && output !== "text")
      throw new CliError(
        `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,text`,
      );
  }

  async run(): Promise<void> {
    const { ctx, flags: o } = this;
    const { kind, name } = this.target;
    const ns = namespaceOf(o);
    if (kind === "ingress") {
      const e = await session(ctx, o).view((c) => {
        const ing = c.api.get(INGRESSES, ns, name);
        if (!ing) throw notFound(INGRESSES, name);
        return explainIngress(c, ing);
      });
      ctx.io.out(o.output === "json" ? renderIngressJson(e) : renderIngressExplanation(e));
      return;
    }
    const e = await session(ctx, o).view((c) => {
      const svc = c.api.get(SERVICES, ns, name);
      if (!svc) throw notFound(SERVICES, name);
      return explainService(c, svc);
    });
    ctx.io.out(o.output === "json" ? renderExplanationJson(e) : renderExplanation(e));
  }
}

export function registerDiagnose(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("diagnose")), HELP)
    .description(
      "Diagnose a Service or an Ingress: where it sends traffic, where it answers from, and why not",
    )
    .argument("[args...]")
    .option("-o, --output <format>", "text (default) or json")
    .action((args: string[], flags: ExplainFlags) => runVerb(new ExplainOptions(ctx, flags), args));
}
