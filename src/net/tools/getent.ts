// getent, glibc's: the hosts database answered as a Debian container's resolver answers it
// (dns/getent.ts); the other databases are files kubesim does not keep, so it says so.
import { type DnsData, getentHosts, printHostEnt, type ResolvConf } from "../../dns/index.js";
import type { CommandContext } from "../../shell/index.js";

const SEE = "Try `getent --help' or `getent --usage' for more information.\n";

/** glibc's databases: hosts is modelled, the rest are named here to tell them from typos. */
const DATABASES = new Set([
  "ahosts",
  "ahostsv4",
  "ahostsv6",
  "aliases",
  "ethers",
  "group",
  "gshadow",
  "hosts",
  "initgroups",
  "netgroup",
  "networks",
  "passwd",
  "protocols",
  "rpc",
  "services",
  "shadow",
]);

/** Seconds glibc waits on a nameserver that does not answer: 5 s, tried twice. */
const TIMEOUT_SECONDS = 10;

export async function getentCommand(
  ctx: CommandContext,
  data: DnsData | null,
  rc: ResolvConf,
): Promise<number> {
  const args = ctx.argv.slice(1).filter((a) => a !== "--");
  const [db, ...keys] = args;
  if (!db) {
    ctx.io.stderr("getent: wrong number of arguments\n");
    ctx.io.stdout(SEE);
    return 1;
  }
  if (!DATABASES.has(db)) {
    ctx.io.stderr(`Unknown database: ${db}\n`);
    ctx.io.stdout(SEE);
    return 1;
  }
  if (db !== "hosts" || !keys.length) {
    ctx.io.stderr(
      `kubesim: getent ${db}${keys.length ? "" : " (listing a whole database)"} is not modelled; getent hosts NAME is\n`,
    );
    return 127;
  }
  const hostsFile = ctx.fs.exists("/etc/hosts") ? ctx.fs.read("/etc/hosts") : undefined;
  let status = 0;
  for (const key of keys) {
    const r = getentHosts(data, rc, key, hostsFile);
    if (r.timeouts) await ctx.sleep(r.timeouts * TIMEOUT_SECONDS);
    if (r.ent) ctx.io.stdout(printHostEnt(r.ent));
    else status = 2;
  }
  return status;
}
