// kubesim diagram: a picture of the cluster network (nodes, their pods, Services and the
// endpoints they reach). kubesim's own verb; kubectl has none. It only reads objects
// through the API, as `get` does: the endpoints are the EndpointSlice controller's.
import { existsSync, realpathSync } from "node:fs";
import * as path from "node:path";
import { Chalk } from "chalk";
import type { Command } from "commander";
import type { Selector } from "../apiserver/labels.js";
import { ENDPOINTSLICES, NODES, PODS, SERVICES } from "../apiserver/resources.js";
import { renderDot } from "../printers/diagram/dot.js";
import { renderMermaid } from "../printers/diagram/mermaid.js";
import { buildModel, type DiagramModel } from "../printers/diagram/model.js";
import { renderSvg } from "../printers/diagram/svg.js";
import { type Paint, plain, renderText } from "../printers/diagram/text.js";
import { replaceVerified } from "../store/durable.js";
import { tempFor } from "../store/files.js";
import { nodeFs } from "../store/fsio.js";
import type { Ctx } from "./cli.js";
import { HELP } from "./diagram.help.js";
import { attachHelp } from "./help/attach.js";
import { CliError } from "./io.js";
import { parseLabelSelector } from "./util/selectors.js";
import { type GlobalOpts, namespaceOf, session, withGlobals } from "./util/session.js";
import { runVerb, type VerbOptions } from "./util/verb-options.js";

const FORMATS = ["dot", "mermaid", "svg", "text"] as const;
type Format = (typeof FORMATS)[number];

interface DiagramOpts extends GlobalOpts {
  /** -o: the format (kept apart from --output, which here names a file). */
  o?: string;
  output?: string;
  selector?: string;
  allNamespaces?: boolean;
}

/** With --output and no -o, the file's extension picks the format. */
const BY_EXTENSION: Record<string, Format> = {
  ".svg": "svg",
  ".dot": "dot",
  ".gv": "dot",
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
};

function formatOf(o: DiagramOpts): Format {
  if (o.o === undefined) {
    if (o.output === undefined) return "text";
    // kubectl habit: `--output svg` means a format there; here it would silently create ./svg.
    if ((FORMATS as readonly string[]).includes(o.output)) {
      throw new CliError(`error: --output takes a file name; to choose the format use -o ${o.output}`);
    }
    return BY_EXTENSION[path.extname(o.output).toLowerCase()] ?? "text";
  }
  const f = o.o.replace(/^=/, "");
  if ((FORMATS as readonly string[]).includes(f)) return f as Format;
  throw new CliError(
    `error: unable to match a printer suitable for the output format "${f}", allowed formats are: ${FORMATS.join(",")}`,
  );
}

function painter(ctx: Ctx): Paint {
  if (!ctx.io.stdoutIsTTY || ctx.io.env.NO_COLOR) return plain;
  const c = new Chalk({ level: 1 });
  const styles = { bold: c.bold, ok: c.green, bad: c.red, warn: c.yellow, dim: c.gray };
  return (style, s) => styles[style](s);
}

function render(model: DiagramModel, format: Format, paint: Paint): string {
  switch (format) {
    case "svg":
      return renderSvg(model);
    case "dot":
      return renderDot(model);
    case "mermaid":
      return renderMermaid(model);
    case "text":
      return renderText(model, paint);
  }
}

/** Go's wording for a failed open, as kubectl prints it for files it cannot write. */
function writeError(file: string, e: NodeJS.ErrnoException): CliError {
  const why: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EISDIR: "is a directory",
    ENOTDIR: "not a directory",
  };
  return new CliError(`error: open ${file}: ${why[e.code ?? ""] ?? e.message}`);
}

/** The options of kubesim diagram: the format, the namespace and pods drawn, and where to. */
class DiagramOptions implements VerbOptions<[]> {
  private format: Format = "text";
  private selector?: Selector;
  /** undefined with -A: every namespace. */
  private namespace?: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly flags: DiagramOpts,
  ) {}

  complete(): void {
    this.format = formatOf(this.flags);
    this.selector = parseLabelSelector(this.flags.selector);
    this.namespace = this.flags.allNamespaces ? undefined : namespaceOf(this.flags);
  }

  validate(): void {
    // formatOf refuses a format given to --output, and an unknown -o, as complete reads them.
  }

  async run(): Promise<void> {
    const { ctx, flags: o, format, namespace, selector } = this;
    const s = session(ctx, o);
    const model = await s.view((c) =>
      buildModel({
        cluster: s.clusterName(),
        namespace,
        nodes: c.api.list(NODES),
        pods: c.api.list(PODS, namespace),
        services: c.api.list(SERVICES, namespace),
        slices: c.api.list(ENDPOINTSLICES, namespace),
        selector,
      }),
    );
    // A file gets no colour whatever the terminal is.
    const text = render(model, format, o.output === undefined ? painter(ctx) : plain);
    if (o.output === undefined) {
      ctx.io.out(text);
      return;
    }
    try {
      // The same verified, atomic write as the cluster state: a picture is never left half written.
      let file = path.resolve(o.output);
      // Write through a symlink to the file it names, rather than replacing the link.
      if (existsSync(file)) file = realpathSync(file);
      replaceVerified(nodeFs, file, tempFor(file), Buffer.from(text));
    } catch (e) {
      throw writeError(o.output, e as NodeJS.ErrnoException);
    }
    ctx.io.out(`${format} diagram written to ${o.output}\n`);
  }
}

export function registerDiagram(program: Command, ctx: Ctx): void {
  attachHelp(withGlobals(program.command("diagram")), HELP)
    .description("Draw the cluster network: nodes, pods, Services and their endpoints")
    .option("-o <format>", "Output format: text (default), svg, dot or mermaid")
    .option("--output <file>", "Write the picture to this file (format from -o or the extension)")
    .option("-l, --selector <selector>", "Selector (label query) to narrow the pods and Services drawn")
    .option("-A, --all-namespaces", "Draw every namespace, system pods included")
    .action((flags: DiagramOpts) => runVerb(new DiagramOptions(ctx, flags)));
}
