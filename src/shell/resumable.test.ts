import { describe, expect, it } from "vitest";
import type { SavedScript } from "./resumable.js";
import { testShell } from "./testkit.js";

/**
 * Runs a script in slices of simulated time, each slice in a fresh shell (as each kubesim
 * command is a fresh process), and returns what it printed with the second it printed at.
 */
async function inSlices(text: string, horizons: number[]) {
  const lines: string[] = [];
  let saved: SavedScript | undefined;
  let vt = 0;
  let last: string | undefined;
  for (const horizon of horizons) {
    const t = testShell({
      hooks: {
        sleep: (s) => {
          vt += s;
        },
        now: () => new Date(vt * 1000),
      },
    });
    const io = {
      stdout: (s: string) =>
        lines.push(
          ...s
            .replace(/\n$/, "")
            .split("\n")
            .map((l) => `${vt} ${l}`),
        ),
      stderr: (s: string) => lines.push(`${vt} err ${s.trim()}`),
    };
    const r = await t.shell.runResumable(text, saved, io, () => vt > horizon);
    last = r.kind;
    if (r.kind !== "suspended") break;
    saved = JSON.parse(JSON.stringify(r.saved)) as SavedScript;
  }
  return { lines, last };
}

describe("a script that stops between statements and resumes in another process", () => {
  it("keeps a while loop's variables and position across slices", async () => {
    const script = "i=0; while [ $i -lt 5 ]; do i=$((i+1)); echo n=$i; sleep 2; done; echo done";
    const whole = await inSlices(script, [1e9]);
    const sliced = await inSlices(script, [1, 3, 4, 7, 1e9]);
    expect(whole.lines).toEqual(["0 n=1", "2 n=2", "4 n=3", "6 n=4", "8 n=5", "10 done"]);
    expect(sliced).toEqual(whole);
  });

  it("resumes inside for, if and { } frames", async () => {
    const script = `for x in a b c; do if [ $x = b ]; then { echo in-b; sleep 1; echo still-b; }; else echo $x; fi; sleep 1; done`;
    const whole = await inSlices(script, [1e9]);
    expect(whole.lines).toEqual(["0 a", "1 in-b", "2 still-b", "3 c"]);
    expect(await inSlices(script, [0, 1, 2, 3, 1e9])).toEqual(whole);
  });

  it("honours break and continue after a resume", async () => {
    const script = `n=0; while true; do n=$((n+1)); sleep 1; [ $n = 2 ] && continue; [ $n -ge 4 ] && break; echo $n; done; echo end $n`;
    const whole = await inSlices(script, [1e9]);
    expect(whole.lines).toEqual(["1 1", "3 3", "4 end 4"]);
    expect(await inSlices(script, [0, 1, 2, 3, 1e9])).toEqual(whole);
  });

  it("reports the exit status of exit and of the last command", async () => {
    const t = testShell();
    const io = { stdout: () => {}, stderr: () => {} };
    expect(await t.shell.runResumable("false", undefined, io, () => false)).toEqual({
      kind: "exited",
      status: 1,
    });
    expect(await t.shell.runResumable("echo x; exit 6", undefined, io, () => false)).toEqual({
      kind: "exited",
      status: 6,
    });
  });

  it("keeps functions and exported variables", async () => {
    const script = `greet() { echo hi $1; }; export W=world; sleep 1; greet $W; sh -c 'echo $W'`;
    expect((await inSlices(script, [0, 1e9])).lines).toEqual(["1 hi world", "1 world"]);
  });
});
