// Processes racing for one dead lock: exactly one takes it at a time. Each round leaves a
// lock whose owner has died (and, in half the rounds, a takeover marker of a taker that
// died too), then starts racers together; each checks with an exclusive file that it is
// alone while it holds the lock.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentOwner } from "../../src/store/owner.js";
import { FULL, report } from "./bin.js";

const ROUNDS = FULL ? 40 : 4;
const RACERS = 8;

function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

function racer(script: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [script, ...args]);
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.on("close", () => resolve(out.trim()));
  });
}

describe(`${RACERS} processes racing for a dead lock, ${ROUNDS} rounds`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-race-"));
  const script = path.join(dir, "racer.cjs");
  beforeAll(async () => {
    await build({
      entryPoints: [path.join(__dirname, "lock-racer.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: script,
      logLevel: "warning",
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lets one in at a time, and leaves nothing behind", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const lock = path.join(dir, `r${round}.lock`);
      const dead = { ...currentOwner(), pid: deadPid() };
      fs.writeFileSync(lock, JSON.stringify(dead));
      if (round % 2)
        fs.writeFileSync(
          `${lock}.takeover.${dead.nonce}`,
          JSON.stringify({ ...currentOwner(), pid: deadPid() }),
        );
      const go = path.join(dir, `r${round}.go`);
      const racers = Array.from({ length: RACERS }, () =>
        racer(script, [lock, path.join(dir, `r${round}.inside`), go, "15"]),
      );
      // Give every racer time to start and wait on the go file.
      await new Promise((r) => setTimeout(r, 700));
      fs.writeFileSync(go, "");
      outcomes.push(...(await Promise.all(racers)));
      expect(fs.readdirSync(dir).filter((f) => f.startsWith(`r${round}.lock`))).toEqual([]);
    }
    report(
      `lock race: ${ROUNDS} rounds x ${RACERS} processes on a dead lock: ${outcomes.filter((o) => o === "ok").length} clean entries`,
    );
    expect(outcomes).toEqual(Array(ROUNDS * RACERS).fill("ok"));
  }, 300_000);
});
