// Ctrl-C, SIGTERM and SIGHUP stop a busy kubesim at once: no handler postpones them to an
// event loop that a long synchronous command never returns to (proper-lockfile's
// signal-exit did). The interrupted change is not saved, and the next writer gets the lock
// of the dead process at once.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "../harness.js";
import { lockHeldBy, lockWaitMs, podsYaml, readAll, report, runBin, start } from "./bin.js";

describe("signals to a busy kubesim", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${sig} stops it within 1 s, and the next writer gets in within 1 s`, async () => {
      await runBin(sb.env, ["apply", "-f", "-"], podsYaml([`sig-${sig.toLowerCase()}`]));
      // Busy for a minute, under the lock, without returning to the event loop.
      const busy = start({ ...sb.env, KUBESIM_TEST_HOLD_LOCK_MS: "60000" }, [
        "label",
        "pod",
        `sig-${sig.toLowerCase()}`,
        "interrupted=yes",
      ]);
      await lockHeldBy(sb.home, busy.child.pid!);
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      busy.child.kill(sig);
      const r = await busy.done;
      const stopMs = Date.now() - t0;
      expect(r.signal).toBe(sig);
      // The success line is held until the commit, which never came.
      expect(r.out).toBe("");
      expect(stopMs).toBeLessThan(1000);
      const waited = await lockWaitMs(sb.home);
      expect(waited).toBeLessThan(1000);
      const next = await runBin(sb.env, ["label", "pod", `sig-${sig.toLowerCase()}`, "next=yes"]);
      expect(next.err).toBe("");
      expect(next.code).toBe(0);
      const pod = readAll(sb.home).byType.pods!.get(`default/sig-${sig.toLowerCase()}`);
      expect(pod.metadata.labels).toMatchObject({ next: "yes" });
      expect(pod.metadata.labels.interrupted).toBeUndefined();
      report(`${sig}: busy kubesim stopped in ${stopMs} ms; next writer waited ${waited} ms for the lock`);
    }, 60_000);
  }
});

describe("signal handlers", () => {
  it("are installed nowhere but the interactive shell's prompt and a port-forward or proxy serving", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !e.name.endsWith(".test.ts")) {
          const text = fs.readFileSync(p, "utf8");
          if (/\.(on|once|addListener|prependListener)\(\s*["'`]SIG/.test(text))
            found.push(path.relative(ROOT, p));
        }
      }
    };
    walk(path.join(ROOT, "src"));
    // main.ts's handlers exist only while port-forward or proxy serves (io.untilInterrupted),
    // which holds no lock between its short transactions: Ctrl-C there ends the serving.
    expect(found).toEqual(["src/main.ts", "src/shell/repl.ts"]);
  });
});
