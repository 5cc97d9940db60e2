// `kubesim cluster create --config FILE|-`: reading a kind config as `kind create cluster
// --config` does (a file, or stdin for "-"), with kind's errors on kind's stderr format
// ("ERROR: failed to create cluster: ..."), since kind is the tool whose config this is.
import {
  type DefaultedKindConfig,
  type KindConfig,
  KindConfigError,
  parseKindConfig,
  provisionError,
  validateKindConfig,
  withKindDefaults,
} from "../cluster/kindconfig.js";
import { DEFAULT_CLUSTER } from "../cluster/session.js";
import type { Ctx } from "./cli.js";
import { CliError } from "./io.js";
import { hostFiles } from "./userfiles.js";

const failed = (msg: string) => new CliError(`ERROR: failed to create cluster: ${msg}`);

/** Go's os.PathError text for a file kind cannot read. */
function readError(path: string, e: NodeJS.ErrnoException): string {
  const why =
    e.code === "ENOENT"
      ? "no such file or directory"
      : e.code === "EISDIR"
        ? "is a directory"
        : e.code === "EACCES"
          ? "permission denied"
          : (e.message ?? String(e));
  // Reading a directory fails at read, not at open, in Go.
  return `error reading file: ${e.code === "EISDIR" ? "read" : "open"} ${path}: ${why}`;
}

/** The config as kind would load, default and validate it; `name` is the NAME argument, if given. */
export function loadKindConfig(
  ctx: Ctx,
  path: string,
  name: string | undefined,
): { raw: KindConfig; config: DefaultedKindConfig } {
  let text: string;
  if (path === "-") text = ctx.io.readStdin();
  else {
    try {
      text = (ctx.io.files ?? hostFiles).readFile(path).toString("utf8");
    } catch (e) {
      throw failed(readError(path, e as NodeJS.ErrnoException));
    }
  }
  try {
    const raw = parseKindConfig(text);
    const config = withKindDefaults(raw, name ?? (raw.name || DEFAULT_CLUSTER));
    const problem = validateKindConfig(config) ?? provisionError(config);
    if (problem) throw new KindConfigError(problem);
    // kind accepts these; kubesim's data plane is IPv4 only.
    const family = config.networking.ipFamily;
    if (family !== "ipv4")
      throw new CliError(
        `error: kubesim simulates IPv4 clusters only: networking.ipFamily "${family}" is not supported`,
      );
    const svc = config.networking.serviceSubnet;
    if (svc !== "10.96.0.0/16")
      ctx.io.err(
        `kubesim: serviceSubnet ${svc} is kept for cluster export, but Services still get ClusterIPs from 10.96.0.0/16\n`,
      );
    return { raw, config };
  } catch (e) {
    if (e instanceof KindConfigError) throw failed(e.message);
    throw e;
  }
}
