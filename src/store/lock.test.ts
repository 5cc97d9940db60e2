// The lock: a live holder keeps it however long it holds it, a dead holder's lock is taken
// at once, and anything at the lock path that is not a kubesim lock is named, not waited on.
// (Processes racing for one dead lock: test/reliability/lock-race.test.ts.)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "./errors.js";
import { acquire, type LockOptions } from "./lock.js";
import { currentOwner, type Owner } from "./owner.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-lock-"));
  file = path.join(dir, "lab.lock");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const opts = (over: Partial<LockOptions> = {}): LockOptions => ({
  fs,
  what: 'cluster "lab"',
  timeoutMs: 5000,
  pollMs: 5,
  ...over,
});

/** The pid of a process that has just ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  return r.pid!;
}

function lockBy(o: Partial<Owner>): Owner {
  const rec = { ...currentOwner(), ...o };
  fs.writeFileSync(file, JSON.stringify(rec));
  return rec;
}

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const t0 = Date.now();
  const v = await p;
  return [v, Date.now() - t0];
}

describe("lock", () => {
  it("names its owner while held and is gone once released", async () => {
    const held = await acquire(file, opts());
    const rec = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(rec.pid).toBe(process.pid);
    expect(rec.boot).toBe(fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());
    held.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("makes a second locker wait for a live holder, however long it holds", async () => {
    const first = await acquire(file, opts());
    let second = false;
    const waiting = acquire(file, opts()).then((h) => {
      second = true;
      return h;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBe(false);
    first.release();
    (await waiting).release();
    expect(second).toBe(true);
  });

  it("takes a lock whose owner has ended at once", async () => {
    lockBy({ pid: deadPid() });
    const [held, ms] = await timed(acquire(file, opts()));
    expect(ms).toBeLessThan(200);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).pid).toBe(process.pid);
    held.release();
  });

  it("takes a lock taken before the last reboot", async () => {
    lockBy({ boot: "00000000-0000-0000-0000-000000000000" });
    const [held, ms] = await timed(acquire(file, opts()));
    expect(ms).toBeLessThan(200);
    held.release();
  });

  it("takes a lock whose pid now names a process started at another time", async () => {
    lockBy({ start: "1" });
    (await acquire(file, opts())).release();
  });

  it("gets past a takeover marker a killed taker left", async () => {
    const dead = lockBy({ pid: deadPid() });
    fs.writeFileSync(`${file}.takeover.${dead.nonce}`, JSON.stringify({ ...currentOwner(), pid: deadPid() }));
    fs.writeFileSync(`${file}.${deadPid()}.7.tmp`, "{}");
    const held = await acquire(file, opts());
    // What the killed lockers left beside the lock is gone too.
    expect(fs.readdirSync(dir)).toEqual(["lab.lock"]);
    held.release();
  });

  it("never removes a holding that is not its own", async () => {
    const held = await acquire(file, opts());
    const other = lockBy({ nonce: "0123456789abcdef01234567" });
    held.release();
    expect(JSON.parse(fs.readFileSync(file, "utf8")).nonce).toBe(other.nonce);
  });

  it("gives up on a live holder after the timeout, naming it, the cluster and the lock", async () => {
    lockBy({ nonce: "0123456789abcdef01234567", since: Date.parse("2026-11-27T10:00:00Z") });
    const err = await acquire(file, opts({ timeoutMs: 100 })).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toBe(
      `error: cluster "lab" is locked by another kubesim command (pid ${process.pid}, holding it since 2026-11-27T10:00:00.000Z); gave up after 0 s of waiting.\n` +
        `That command is still running: let it finish, or stop it (kill ${process.pid}). A lock whose command has ended is taken at once. The lock: ${file}`,
    );
  });

  const notLocks: [string, () => void, string][] = [
    ["an empty file", () => fs.writeFileSync(file, ""), "rm"],
    ["a file that does not name a kubesim process", () => fs.writeFileSync(file, "hello\n"), "rm"],
    ["a directory", () => fs.mkdirSync(file), "rmdir"],
  ];
  for (const [kind, make, rm] of notLocks) {
    it(`reports ${kind} at the lock path at once and leaves it`, async () => {
      make();
      const before = fs.statSync(file);
      const [err, ms] = await timed(acquire(file, opts()).catch((e) => e));
      expect(ms).toBeLessThan(1000);
      expect(err.message).toBe(
        `error: cannot lock cluster "lab": ${file} is ${kind}, not a kubesim lock.\n` +
          `If no kubesim command is running, remove it (${rm} ${file}) and try again.`,
      );
      expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
      expect(fs.readdirSync(dir)).toEqual(["lab.lock"]);
    });
  }
});
