// crictl 1.32 on a kind node: ps, pods, images, inspect and logs over what containerd runs
// there (crictl-model.ts). Tables are crictl's tabwriter (cells padded by 3, at least 20 wide),
// ages are go-units' HumanDuration, sizes its HumanSizeWithPrecision(…, 3); errors end the
// way crictl ends them, through logrus.Fatal on stderr with exit status 1.
import { RE2JS } from "re2js";
import { rfc3339 } from "../../golang/time.js";
import { containerLogs } from "../../kubelet/logs.js";
import type { CommandContext } from "../../shell/index.js";
import { crictlInspect } from "./crictl-inspect.js";
import { containers, findContainer, imageId, images, sandboxes } from "./crictl-model.js";
import type { ClusterRef } from "./index.js";

/** text/tabwriter as crictl sets it up: minwidth 20, padding 3; the last cell is not padded. */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows)
    for (const [i, cell] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length + 3, 20);
  return rows
    .map((r) => `${r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join("")}\n`)
    .join("");
}

/** go-units HumanDuration, with crictl's " ago". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.round(ms / 3_600_000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** Go's %.3g: three significant digits, trailing zeros dropped, Go's exponent form. */
function g3(x: number): string {
  const s = x.toPrecision(3);
  if (s.includes("e")) {
    const [m, e] = s.split("e");
    const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const exp = Number(e);
    return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** go-units HumanSizeWithPrecision(size, 3): decimal units. */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${g3(size)}${units[i]}`;
}

function fatal(ctx: CommandContext, ref: ClusterRef, msg: string): number {
  const at = rfc3339(ref.c.clock.nowMs());
  ctx.io.stderr(`time="${at}" level=fatal msg=${JSON.stringify(msg)}\n`);
  return 1;
}

interface Parsed {
  bools: Set<string>;
  values: Map<string, string>;
  args: string[];
}

/** urfave/cli's flag parsing for one subcommand: -x / --x, values as `--x v` or `--x=v`, short flags combined. */
function parse(
  argv: string[],
  bools: Record<string, string>,
  values: Record<string, string>,
): Parsed | string {
  const out: Parsed = { bools: new Set(), values: new Map(), args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("-") || a === "-") {
      out.args.push(a);
      continue;
    }
    if (a === "--") {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    const body = a.replace(/^--?/, "");
    const [name, inline] = body.split(/=(.*)/s);
    if (bools[name]) out.bools.add(bools[name]);
    else if (values[name]) {
      const v = inline ?? argv[++i];
      if (v === undefined) return `flag needs an argument: ${a}`;
      out.values.set(values[name], v);
    } else if (!a.startsWith("--") && [...name].every((ch) => bools[ch])) {
      for (const ch of name) out.bools.add(bools[ch]);
    } else return `flag provided but not defined: -${name}`;
  }
  return out;
}

const PS_BOOLS = {
  a: "all",
  all: "all",
  q: "quiet",
  quiet: "quiet",
  v: "verbose",
  verbose: "verbose",
  "no-trunc": "no-trunc",
  l: "latest",
  latest: "latest",
};
const PS_VALUES = {
  name: "name",
  namespace: "namespace",
  p: "pod",
  pod: "pod",
  s: "state",
  state: "state",
  image: "image",
  id: "id",
  n: "last",
  last: "last",
  o: "output",
  output: "output",
};

/**
 * crictl's matchesRegex: a Go regexp (RE2, so a hostile pattern cannot backtrack forever)
 * searched in the name; an empty pattern matches all, one that does not compile matches nothing.
 */
function matchesRegex(pattern: string, target: string): boolean {
  if (pattern === "") return true;
  try {
    return RE2JS.compile(pattern).matcher(target).find();
  } catch {
    return false;
  }
}

function ps(ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]): number {
  const p = parse(argv, PS_BOOLS, PS_VALUES);
  if (typeof p === "string") return usageError(ctx, ref, "ps", p);
  const now = ref.c.clock.nowMs();
  const state = p.values.get("state")?.toLowerCase();
  if (state && !["created", "running", "exited", "unknown"].includes(state))
    return fatal(ctx, ref, "--state should be one of created, running, exited or unknown");
  let list = containers(ref.c, node).filter((c) => {
    if (state)
      return (
        (state === "running") === (c.state === "CONTAINER_RUNNING") &&
        state !== "created" &&
        state !== "unknown"
      );
    return (
      p.bools.has("all") || p.bools.has("latest") || p.values.has("last") || c.state === "CONTAINER_RUNNING"
    );
  });
  const re = (k: string, v: string) => matchesRegex(p.values.get(k) ?? "", v);
  list = list.filter(
    (c) =>
      re("name", c.name) &&
      re("namespace", c.sandbox.pod.metadata.namespace ?? "") &&
      (!p.values.has("pod") || c.sandbox.id.startsWith(p.values.get("pod") ?? "")) &&
      (!p.values.has("id") || c.id.startsWith(p.values.get("id") ?? "")),
  );
  if (p.bools.has("latest")) list = list.slice(0, 1);
  else if (Number(p.values.get("last") ?? 0) > 0) list = list.slice(0, Number(p.values.get("last")));
  if (p.bools.has("quiet")) {
    ctx.io.stdout(list.map((c) => `${c.id}\n`).join(""));
    return 0;
  }
  const full = p.bools.has("no-trunc");
  const cut = (id: string) => (full ? id : id.slice(0, 13));
  const rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]];
  for (const c of list)
    rows.push([
      cut(c.id),
      // The kubelet hands containerd the image ID; crictl shortens it to 13 hex digits.
      full ? imageId(c.image) : imageId(c.image).slice(7, 20),
      `${humanDuration(now - c.createdAt)} ago`,
      c.state === "CONTAINER_RUNNING" ? "Running" : "Exited",
      c.name,
      String(c.attempt),
      cut(c.sandbox.id),
      c.sandbox.pod.metadata.name,
      c.sandbox.pod.metadata.namespace ?? "",
    ]);
  ctx.io.stdout(table(rows));
  return 0;
}

const PODS_BOOLS = {
  q: "quiet",
  quiet: "quiet",
  v: "verbose",
  verbose: "verbose",
  "no-trunc": "no-trunc",
  l: "latest",
  latest: "latest",
};
const PODS_VALUES = {
  name: "name",
  namespace: "namespace",
  s: "state",
  state: "state",
  id: "id",
  n: "last",
  last: "last",
  o: "output",
  output: "output",
  label: "label",
};

function pods(ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]): number {
  const p = parse(argv, PODS_BOOLS, PODS_VALUES);
  if (typeof p === "string") return usageError(ctx, ref, "pods", p);
  const now = ref.c.clock.nowMs();
  const re = (k: string, v: string) => matchesRegex(p.values.get(k) ?? "", v);
  const state = p.values.get("state")?.toLowerCase();
  let list = sandboxes(ref.c, node).filter(
    (s) =>
      re("name", s.pod.metadata.name) &&
      re("namespace", s.pod.metadata.namespace ?? "") &&
      (!p.values.has("id") || s.id.startsWith(p.values.get("id") ?? "")) &&
      (!state || (state === "ready") === s.ready),
  );
  if (p.bools.has("latest")) list = list.slice(0, 1);
  else if (Number(p.values.get("last") ?? 0) > 0) list = list.slice(0, Number(p.values.get("last")));
  if (p.bools.has("quiet")) {
    ctx.io.stdout(list.map((s) => `${s.id}\n`).join(""));
    return 0;
  }
  const rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]];
  for (const s of list)
    rows.push([
      p.bools.has("no-trunc") ? s.id : s.id.slice(0, 13),
      `${humanDuration(now - s.createdAt)} ago`,
      s.ready ? "Ready" : "NotReady",
      s.pod.metadata.name,
      s.pod.metadata.namespace ?? "",
      "0",
      "(default)",
    ]);
  ctx.io.stdout(table(rows));
  return 0;
}

const IMAGES_BOOLS = {
  q: "quiet",
  quiet: "quiet",
  v: "verbose",
  verbose: "verbose",
  "no-trunc": "no-trunc",
  digests: "digests",
  pinned: "pinned",
};
const IMAGES_VALUES = { f: "filter", filter: "filter", o: "output", output: "output" };

function imagesCmd(ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]): number {
  const p = parse(argv, IMAGES_BOOLS, IMAGES_VALUES);
  if (typeof p === "string") return usageError(ctx, ref, "images", p);
  if (p.args.length > 1) return usageError(ctx, ref, "images", "");
  // An argument names a repository (with or without its tag), as containerd's filter does.
  const want = p.args[0];
  const list = images(ref.c, node).filter(
    (i) => !want || i.repo === want || `${i.repo}:${i.tag}` === want || i.repo.endsWith(`/${want}`),
  );
  if (p.bools.has("quiet")) {
    ctx.io.stdout(list.map((i) => `${i.id}\n`).join(""));
    return 0;
  }
  const rows = [["IMAGE", "TAG", "IMAGE ID", "SIZE"]];
  for (const i of list)
    rows.push([i.repo, i.tag, p.bools.has("no-trunc") ? i.id : i.id.slice(7, 20), humanSize(i.size)]);
  ctx.io.stdout(table(rows));
  return 0;
}

function notFound(id: string): string {
  return `rpc error: code = NotFound desc = an error occurred when try to find container ${JSON.stringify(id)}: not found`;
}

function logs(ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]): number {
  const p = parse(
    argv,
    {
      f: "follow",
      follow: "follow",
      p: "previous",
      previous: "previous",
      t: "timestamps",
      timestamps: "timestamps",
    },
    { tail: "tail", "limit-bytes": "limit-bytes", since: "since" },
  );
  if (typeof p === "string") return usageError(ctx, ref, "logs", p);
  const id = p.args[0] ?? "";
  if (!id) return fatal(ctx, ref, "ID cannot be empty");
  if (p.args.length > 1) return usageError(ctx, ref, "logs", "");
  const c = findContainer(ref.c, node, id);
  if (!c) return fatal(ctx, ref, notFound(id));
  let run = c.run;
  if (p.bools.has("previous")) {
    if (c.attempt === 0) return fatal(ctx, ref, `previous terminated container ${c.name} not found`);
    run = "previous";
  }
  let lines = containerLogs(ref.c, c.sandbox.pod, c.name, ref.c.clock.nowMs(), run);
  const tail = p.values.get("tail");
  if (tail !== undefined && Number(tail) >= 0) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
  const stamp = (at: number) => `${new Date(at).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z")} `;
  ctx.io.stdout(lines.map((l) => `${p.bools.has("timestamps") ? stamp(l.at) : ""}${l.line}\n`).join(""));
  return 0;
}

function inspect(ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]): number {
  const p = parse(
    argv,
    { q: "quiet", quiet: "quiet" },
    { o: "output", output: "output", template: "template" },
  );
  if (typeof p === "string") return usageError(ctx, ref, "inspect", p);
  if (p.args.length === 0) return fatal(ctx, ref, "ID cannot be empty");
  const output = p.values.get("output") ?? "json";
  if (output !== "json") return fatal(ctx, ref, `unsupported format: ${JSON.stringify(output)}`);
  const found = [];
  for (const id of p.args) {
    const c = findContainer(ref.c, node, id);
    if (!c) return fatal(ctx, ref, `get container status: ${notFound(id)}`);
    found.push(c);
  }
  ctx.io.stdout(`${crictlInspect(found, p.bools.has("quiet"))}\n`);
  return 0;
}

/** urfave/cli's answer to a bad flag: the message on stdout, then logrus.Fatal with it. */
function usageError(ctx: CommandContext, ref: ClusterRef, cmd: string, msg: string): number {
  if (!msg) {
    ctx.io.stdout(`NAME:\n   crictl ${cmd}\n`);
    return 0;
  }
  ctx.io.stdout(`Incorrect Usage: ${msg}\n\n`);
  return fatal(ctx, ref, msg);
}

const COMMANDS: Record<
  string,
  (ctx: CommandContext, ref: ClusterRef, node: string, argv: string[]) => number
> = {
  ps,
  pods,
  images: imagesCmd,
  image: imagesCmd,
  img: imagesCmd,
  inspect,
  logs,
};

const NOT_MODELLED = new Set([
  "attach",
  "create",
  "exec",
  "version",
  "imagefsinfo",
  "inspecti",
  "inspectp",
  "info",
  "port-forward",
  "pull",
  "run",
  "rm",
  "rmi",
  "rmp",
  "runp",
  "start",
  "stats",
  "statsp",
  "stop",
  "stopp",
  "update",
  "config",
  "checkpoint",
  "metricdescs",
  "metricsp",
  "events",
  "completion",
  "update-runtime-config",
]);

export function crictlCommand(ctx: CommandContext, ref: ClusterRef, node: string): number {
  const [cmd = "", ...rest] = ctx.argv.slice(1);
  const impl = COMMANDS[cmd];
  if (impl) return impl(ctx, ref, node, rest);
  if (cmd === "" || cmd === "help" || cmd === "-h" || cmd === "--help") {
    ctx.io.stdout(
      "NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nVERSION:\n   v1.32.0\n\n" +
        "kubesim's crictl answers: ps, pods, images, inspect, logs\n",
    );
    return 0;
  }
  if (cmd === "--version" || cmd === "-v") {
    ctx.io.stdout("crictl version v1.32.0\n");
    return 0;
  }
  if (NOT_MODELLED.has(cmd)) {
    ctx.io.stderr(
      `crictl ${cmd}: kubesim's crictl answers ps, pods, images, inspect and logs; use kubectl for the rest\n`,
    );
    return 1;
  }
  return fatal(ctx, ref, `No help topic for '${cmd}'`);
}
