// redis-cli (7.4) as the redis image ships it: one command from its arguments (or one per line
// of a piped stdin) to -h HOST (127.0.0.1) -p PORT (6379) over the modelled network, the reply
// printed as redis-cli does: quoted and typed "(error) ...", "(nil)", "(integer) 1" on a terminal,
// raw otherwise. Only the server's side decides the reply (src/images/redis.ts).
//
// Sources (facts only, no code copied): redis src/redis-cli.c (cliFormatReplyTTY,
// cliFormatReplyRaw and the raw mode's command delimiter, "Could not connect to Redis at
// %s:%d: %s", the -a warning text), hiredis' connect errors (strerror / gai_strerror texts).
// The interactive prompt (redis-cli with no command on a terminal) is not modelled.
import { commitEffects } from "../../cluster/effects.js";
import type { RespReply } from "../../images/types.js";
import type { CommandContext } from "../../shell/index.js";
import { clientNet } from "../clientnet.js";
import type { Vantage } from "../connect.js";
import type { ClusterRef } from "./index.js";

interface Options {
  host: string;
  port: number;
  raw?: boolean;
  command: string[];
}

function parse(argv: string[]): Options | string {
  const o: Options = { host: "127.0.0.1", port: 6379, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (o.command.length) o.command.push(a);
    else if (a === "-h") o.host = argv[++i] ?? "";
    else if (a === "-p") o.port = Number(argv[++i]);
    else if (a === "-n" || a === "-a" || a === "--user" || a === "--pass") i++;
    else if (a === "--raw") o.raw = true;
    else if (a === "--no-raw") o.raw = false;
    else if (a.startsWith("-") && a.length > 1)
      return `Unrecognized option or bad number of args for: '${a}'`;
    else o.command.push(a);
  }
  return o;
}

/** sdscatrepr: a double-quoted string with C escapes. */
function repr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function format(r: RespReply, tty: boolean): string {
  if (tty) {
    switch (r.kind) {
      case "status":
        return `${r.text}\n`;
      case "error":
        return `(error) ${r.text}\n`;
      case "bulk":
        return `${repr(r.text)}\n`;
      case "nil":
        return "(nil)\n";
      case "integer":
        return `(integer) ${r.value}\n`;
    }
  }
  switch (r.kind) {
    case "status":
    case "bulk":
      return `${r.text}\n`;
    // The raw error already ends in a newline; the command delimiter adds another.
    case "error":
      return `${r.text}\n\n`;
    case "nil":
      return "\n";
    case "integer":
      return `${r.value}\n`;
  }
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

export function redisCliCommand(ctx: CommandContext, ref: ClusterRef, from: Vantage): number {
  const args = ctx.argv.slice(1);
  if (args.includes("-a"))
    ctx.io.stderr(
      "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
    );
  const o = parse(args);
  if (typeof o === "string") {
    ctx.io.stderr(`${o}\n`);
    return 1;
  }
  const commands = o.command.length
    ? [o.command]
    : ctx.stdin
        .split("\n")
        .map((l) => l.trim().split(/\s+/).filter(Boolean))
        .filter((c) => c.length > 0);
  if (commands.length === 0) {
    if (!ctx.isTTY) return 0;
    ctx.io.stderr(
      "kubesim: redis-cli's interactive prompt is not modelled; give the command: redis-cli ping\n",
    );
    return 1;
  }
  const { net, network } = clientNet(ref.c, from);
  const fail = (why: string) => {
    ctx.io.stderr(`Could not connect to Redis at ${o.host}:${o.port}: ${why}\n`);
    commitEffects(ref.c, network.effects());
    return 1;
  };
  let ip = o.host;
  if (!IPV4.test(o.host)) {
    const r = net.resolve(o.host);
    if (!r.ok) return fail("Name or service not known");
    ip = r.ip;
  }
  const c = net.connect(ip, o.port, {});
  if (c.kind === "refused") return fail("Connection refused");
  if (c.kind === "timeout") return fail("Connection timed out");
  if (c.kind === "no-route") return fail("No route to host");
  if (c.kind === "silent") {
    // Nothing ever answers: redis-cli waits until interrupted, as after ^C.
    commitEffects(ref.c, network.effects());
    return 130;
  }
  if (c.kind !== "ok") return fail("Connection reset by peer");
  const tty = o.raw === undefined ? ctx.isTTY : !o.raw;
  let status = 0;
  for (const argv of commands) {
    if (!c.command) {
      // An HTTP server answers the RESP bytes with "HTTP/1.1 400 Bad Request".
      ctx.io.stderr('Error: Protocol error, got "H" as reply type byte\n');
      status = 1;
      break;
    }
    const reply = c.command(argv);
    ctx.io.stdout(format(reply, tty));
    status = reply.kind === "error" ? 1 : 0;
  }
  commitEffects(ref.c, network.effects());
  return status;
}
