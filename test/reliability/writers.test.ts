// Concurrent writers lose nothing, even while one command holds the lock far longer than
// proper-lockfile's 10 s staleness, which is when kubesim used to lose updates.
//
// The long holder uses KUBESIM_TEST_HOLD_LOCK_MS, a hook read only in Session.transact: it
// blocks the process (no event loop, as a long synchronous reconcile does) between the
// command's change and its commit, with the lock held.
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../harness.js";
import { FULL, lockFile, podsYaml, readAll, report, runBin, start } from "./bin.js";

const WRITERS = 20;
const CHANGES = FULL ? 50 : 3;
const HOLD_MS = FULL ? 30_000 : 12_000;

describe(`${WRITERS} writers x ${CHANGES} changes and one holding the lock ${HOLD_MS / 1000} s`, () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("loses no update, and nobody takes the lock from its live holder", async () => {
    const names = [...Array.from({ length: WRITERS }, (_, i) => `w${i}`), "holder"];
    const setup = await runBin(sb.env, ["apply", "-f", "-"], podsYaml(names));
    expect(setup.err).toBe("");
    const t0 = Date.now();
    const failures: string[] = [];
    const writer = async (i: number) => {
      for (let j = 0; j < CHANGES; j++) {
        const r = await runBin(sb.env, ["label", "pod", `w${i}`, `k${j}=v${j}`]);
        if (r.code !== 0 || r.out !== `pod/w${i} labeled\n`) failures.push(`w${i} k${j}: ${r.code} ${r.err}`);
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
    await new Promise((r) => setTimeout(r, 300));
    const holder = start({ ...sb.env, KUBESIM_TEST_HOLD_LOCK_MS: String(HOLD_MS) }, [
      "label",
      "pod",
      "holder",
      "held=yes",
    ]);
    // Past the old 10 s staleness, the lock still names the holder: no waiter took it.
    const pid = holder.child.pid!;
    const checkAt = Math.min(HOLD_MS - 1000, 11_000);
    let heldLate = false;
    const watch = (async () => {
      const seen = Date.now();
      while (Date.now() - seen < 20_000) {
        try {
          if (JSON.parse(fs.readFileSync(lockFile(sb.home), "utf8")).pid === pid) break;
        } catch {
          // Not taken yet.
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, checkAt));
      heldLate = JSON.parse(fs.readFileSync(lockFile(sb.home), "utf8")).pid === pid;
    })();
    const h = await holder.done;
    await Promise.all([...writers, watch]);
    const secs = (Date.now() - t0) / 1000;

    expect(failures).toEqual([]);
    expect(h.err).toBe("");
    expect(h.out).toBe("pod/holder labeled\n");
    expect(h.ms).toBeGreaterThanOrEqual(HOLD_MS);
    expect(heldLate).toBe(true);
    const pods = readAll(sb.home).byType.pods!;
    let lost = 0;
    for (let i = 0; i < WRITERS; i++) {
      const labels = pods.get(`default/w${i}`).metadata.labels;
      for (let j = 0; j < CHANGES; j++) if (labels[`k${j}`] !== `v${j}`) lost++;
    }
    if (pods.get("default/holder").metadata.labels.held !== "yes") lost++;
    report(
      `writers: ${WRITERS} x ${CHANGES} changes + 1 holding the lock ${HOLD_MS / 1000} s: ` +
        `${WRITERS * CHANGES + 1} commits, ${lost} lost, ${failures.length} failed, ${secs.toFixed(1)} s`,
    );
    expect(lost).toBe(0);
  }, 600_000);
});
