// The inter-process lock around every change of a cluster (and of config.json). It is a
// file at a fixed path whose content names its owner (owner.ts). It is created whole and
// exclusively: the owner record is written and fsynced to a temp file first, then link(2)ed
// to the lock path, which fails if a lock is already there, so nobody ever sees a half-
// written lock. A lock whose owner is alive is never taken, however long it is held (a big
// apply may hold it for minutes without ever returning to the event loop, which is why
// there is no heartbeat to go stale). A lock whose owner has died is taken at once.
//
// Taking a dead lock must be safe when several waiters find it at the same moment. Only
// the one that creates the marker `<lock>.takeover.<nonce of the dead holding>` (itself a
// lock, taken the same way, so a taker killed in the middle is also got past) may replace
// it; it checks that the lock still names that dead holding, then renames its own record
// over it. Nobody else can change a lock that names a dead owner, so the check stays true
// until the rename.
import * as os from "node:os";
import * as path from "node:path";
import { removeQuietly, writeVerified } from "./durable.js";
import { errnoOf, fsReason, StoreError } from "./errors.js";
import type { StoreFs } from "./fsio.js";
import { currentOwner, isAlive, type Owner, parseOwner, pidIsGone } from "./owner.js";

export interface LockOptions {
  fs: StoreFs;
  /** What the lock guards, for messages: `cluster "lab"`, `the kubesim config`. */
  what: string;
  /** Give up waiting for a live owner after this long. */
  timeoutMs: number;
  /** Sleep between looks at a held lock (with jitter, so waiters do not move in step). */
  pollMs: number;
}

export interface Held {
  release(): void;
  /**
   * Whether the lock was taken from a holder that had died: only then can a killed
   * command's files be lying in the directory (writes happen under the lock).
   */
  readonly fromDeadHolder: boolean;
}

const TAKEN = Symbol("taken");
const RETRY = Symbol("retry");
type Attempt = typeof TAKEN | typeof RETRY | Owner;

/** Beside a lock `x.lock`: `x.lock.<pid>.<n>.tmp` records being linked, `x.lock.takeover.<nonce>` markers (and theirs). */
const LOCK_TEMP = /^(?:takeover\.[0-9a-f]+\.)*(\d+)\.\d+\.tmp$/;
const MARKER = /^takeover\.[0-9a-f]+(?:\.takeover\.[0-9a-f]+)*$/;

let seq = 0;
/** Set by takeOver when it took a dead holder's lock; acquire reads and clears it. */
let tookFromDead = false;
function tempName(file: string): string {
  return `${file}.${process.pid}.${++seq}.tmp`;
}

export async function acquire(file: string, opts: LockOptions): Promise<Held> {
  const fsx = opts.fs;
  const me = currentOwner();
  const tmp = tempName(file);
  try {
    writeVerified(fsx, tmp, Buffer.from(`${JSON.stringify(me)}\n`));
  } catch (e) {
    throw new StoreError(`error: cannot lock ${opts.what}: ${fsReason(e)} (${tmp})`);
  }
  const deadline = Date.now() + opts.timeoutMs;
  tookFromDead = false;
  try {
    for (;;) {
      const r = attempt(fsx, file, tmp, me, opts);
      if (r === TAKEN) break;
      if (r !== RETRY) {
        if (Date.now() >= deadline) throw timedOut(file, r, opts);
        await sleep(opts.pollMs * (0.5 + Math.random()));
      }
    }
  } finally {
    removeQuietly(fsx, tmp);
  }
  tidy(fsx, file);
  const fromDeadHolder = tookFromDead;
  tookFromDead = false;
  return { release: () => release(fsx, file, me), fromDeadHolder };
}

/** One try: TAKEN, RETRY (the lock changed under us: look again now), or the live owner to wait for. */
function attempt(fsx: StoreFs, file: string, tmp: string, me: Owner, opts: LockOptions): Attempt {
  try {
    fsx.linkSync(tmp, file);
    return TAKEN;
  } catch (e) {
    if (errnoOf(e) !== "EEXIST") throw lockFsError(file, e, opts);
  }
  const holder = inspect(fsx, file, opts);
  if (holder === undefined) return RETRY;
  if (holder.nonce === me.nonce) return TAKEN;
  if (isAlive(holder)) return holder;
  return takeOver(fsx, file, tmp, holder, me, opts);
}

function takeOver(
  fsx: StoreFs,
  file: string,
  tmp: string,
  dead: Owner,
  me: Owner,
  opts: LockOptions,
): Attempt {
  const marker = `${file}.takeover.${dead.nonce}`;
  const m = attempt(fsx, marker, tmp, me, opts);
  // Another live taker is at it: it will be done in a moment.
  if (m !== TAKEN) return m;
  try {
    const now = inspect(fsx, file, opts);
    if (now?.nonce !== dead.nonce) return RETRY;
    // tmp stays for the caller; a second name of the same record is what gets renamed.
    const mine = tempName(file);
    fsx.linkSync(tmp, mine);
    try {
      fsx.renameSync(mine, file);
    } catch (e) {
      removeQuietly(fsx, mine);
      throw e;
    }
    tookFromDead = true;
    return TAKEN;
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw lockFsError(file, e, opts);
  } finally {
    removeQuietly(fsx, marker);
  }
}

/** The owner a lock file names, undefined when it has just gone; anything else there is reported. */
function inspect(fsx: StoreFs, file: string, opts: LockOptions): Owner | undefined {
  let text: string;
  try {
    const st = fsx.lstatSync(file);
    if (!st.isFile()) throw notALock(file, st.isDirectory() ? "a directory" : "not a regular file", opts);
    text = String(fsx.readFileSync(file, "utf8"));
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if (errnoOf(e) === "ENOENT") return undefined;
    throw lockFsError(file, e, opts);
  }
  const o = parseOwner(text);
  if (!o)
    throw notALock(file, text === "" ? "an empty file" : "a file that does not name a kubesim process", opts);
  return o;
}

function release(fsx: StoreFs, file: string, me: Owner): void {
  let text: string;
  try {
    text = String(fsx.readFileSync(file, "utf8"));
  } catch {
    return;
  }
  // Only ever remove our own holding.
  if (parseOwner(text)?.nonce === me.nonce) removeQuietly(fsx, file);
}

/** Removes what killed lockers left beside the lock: temp records and takeover markers of dead processes. */
function tidy(fsx: StoreFs, file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fsx.readdirSync(dir) as string[];
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(`${base}.`)) continue;
    const rest = n.slice(base.length + 1);
    const temp = LOCK_TEMP.exec(rest);
    if (temp) {
      if (pidIsGone(Number(temp[1]))) removeQuietly(fsx, path.join(dir, n));
    } else if (MARKER.test(rest)) {
      const o = parseOwner(readQuietly(fsx, path.join(dir, n)));
      if (!o || !isAlive(o)) removeQuietly(fsx, path.join(dir, n));
    }
  }
}

function readQuietly(fsx: StoreFs, file: string): string {
  try {
    return String(fsx.readFileSync(file, "utf8"));
  } catch {
    return "";
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function notALock(file: string, kind: string, opts: LockOptions): StoreError {
  const rm = kind === "a directory" ? "rmdir" : "rm";
  return new StoreError(
    `error: cannot lock ${opts.what}: ${file} is ${kind}, not a kubesim lock.\n` +
      `If no kubesim command is running, remove it (${rm} ${file}) and try again.`,
  );
}

function lockFsError(file: string, e: unknown, opts: LockOptions): StoreError {
  return new StoreError(`error: cannot lock ${opts.what}: ${fsReason(e)} (${file})`);
}

function timedOut(file: string, holder: Owner, opts: LockOptions): StoreError {
  const where = holder.host === os.hostname() ? "" : ` on host ${holder.host}`;
  const since = new Date(holder.since).toISOString();
  return new StoreError(
    `error: ${opts.what} is locked by another kubesim command (pid ${holder.pid}${where}, holding it since ${since}); ` +
      `gave up after ${Math.round(opts.timeoutMs / 1000)} s of waiting.\n` +
      `That command is still running: let it finish, or stop it (kill ${holder.pid}). ` +
      `A lock whose command has ended is taken at once. The lock: ${file}`,
  );
}
