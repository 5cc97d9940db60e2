// Who holds a lock, and whether that process is still alive. A pid alone is not enough:
// after a reboot or once pids wrap, the number may belong to someone else. So an owner is
// recorded as pid + boot id + the process's start time (Linux's /proc), and judged dead
// when the pid is gone, the machine has rebooted since, the pid now names a process
// started at another time, or the process is a zombie. Where /proc is missing (macOS),
// only the pid is checked. A lock taken on another host is never judged: its owner counts
// as alive, so kubesim waits and then names it.
import * as fs from "node:fs";
import * as os from "node:os";

export interface Owner {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id; "" where the platform has none. */
  boot: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); "" where unknown. */
  start: string;
  /** Names this holding of the lock, so a taker can tell it from a later one. */
  nonce: string;
  /** When it was taken (ms since the epoch), for the message of someone waiting. */
  since: number;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

let bootId: string | undefined;
function currentBoot(): string {
  bootId ??= readText("/proc/sys/kernel/random/boot_id");
  return bootId;
}

/** The state letter and start time of a process from /proc, or undefined without /proc. */
function procStat(pid: number | "self"): { state: string; start: string } | undefined {
  const text = readText(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
  const close = text.lastIndexOf(")");
  if (close < 0) return undefined;
  const rest = text.slice(close + 2).split(" ");
  return { state: rest[0] ?? "", start: rest[19] ?? "" };
}

let selfStart: string | undefined;

export function currentOwner(): Owner {
  selfStart ??= procStat("self")?.start ?? "";
  return {
    pid: process.pid,
    host: os.hostname(),
    boot: currentBoot(),
    start: selfStart,
    nonce: nonce(),
    since: Date.now(),
  };
}

/**
 * 24 hex digits that tell this process's holdings from any other's: the start of this
 * process in nanoseconds and 48 bits of Math.random, which V8 seeds from the system's
 * entropy in every process. Not crypto's randomBytes: loading crypto cost every write
 * about 4 ms, and nothing here is a secret.
 */
function nonce(): string {
  const ns = process.hrtime.bigint() & 0xffffffffffffn;
  const r = Math.floor(Math.random() * 2 ** 48);
  return ns.toString(16).padStart(12, "0") + r.toString(16).padStart(12, "0");
}

/** An owner record read back from a lock file, or undefined when the text is not one. */
export function parseOwner(text: string): Owner | undefined {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof o !== "object" || o === null) return undefined;
  const r = o as Record<string, unknown>;
  const ok =
    Number.isInteger(r.pid) &&
    (r.pid as number) > 0 &&
    typeof r.host === "string" &&
    typeof r.boot === "string" &&
    typeof r.start === "string" &&
    typeof r.nonce === "string" &&
    // The nonce becomes part of a file name (the takeover marker): hex only.
    /^[0-9a-f]{8,64}$/.test(r.nonce) &&
    typeof r.since === "number";
  return ok ? (r as unknown as Owner) : undefined;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isAlive(o: Owner): boolean {
  if (o.host !== os.hostname()) return true;
  const boot = currentBoot();
  if (o.boot && boot && o.boot !== boot) return false;
  if (!pidExists(o.pid)) return false;
  const st = procStat(o.pid);
  if (!st) return true;
  if (st.state === "Z" || st.state === "X") return false;
  return !o.start || st.start === o.start;
}

/** Whether the process with this pid has ended, so files it was writing are abandoned. */
export function pidIsGone(pid: number): boolean {
  if (!pidExists(pid)) return true;
  const state = procStat(pid)?.state;
  return state === "Z" || state === "X";
}
