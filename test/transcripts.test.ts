// Plays every transcript in test/transcripts against a fresh cluster (fixed clock and seed)
// and compares each command's output exactly. UPDATE_TRANSCRIPTS=1 writes what kubesim
// printed back into the files instead, for review with git diff before committing.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";
import { parseTranscript, playStep, rewriteTranscript } from "./transcript.js";

const dir = path.join(ROOT, "test", "transcripts");
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".txt"))
  .sort();
const update = process.env.UPDATE_TRANSCRIPTS === "1";
/** How long a backgrounded step gets to start before the next step runs (real time). */
const BACKGROUND_START_MS = 2000;

describe("transcripts", () => {
  for (const f of files) {
    it(f, async () => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, "utf8");
      const steps = parseTranscript(text);
      expect(steps.length).toBeGreaterThan(0);
      const sb = new Sandbox();
      const actual: string[] = [];
      // `$ kubesim ... &` runs in the background (a capture waiting for the next commands'
      // connections); its output is checked under its own line once `$ wait` has awaited it.
      const background: Promise<void>[] = [];
      const check = (step: (typeof steps)[number], got: string) => {
        if (!update) expect(`$ ${step.command}\n${got}`).toBe(`$ ${step.command}\n${step.expected}`);
      };
      try {
        for (const [i, step] of steps.entries()) {
          if (step.command.endsWith(" &")) {
            actual.push("");
            const bg = { ...step, command: step.command.slice(0, -2) };
            background.push(
              playStep(sb, bg).then((got) => {
                actual[i] = got;
                check(step, got);
              }),
            );
            // Give it time to start listening before the next command runs.
            await new Promise((resolve) => setTimeout(resolve, BACKGROUND_START_MS));
            continue;
          }
          if (step.command === "wait") {
            await Promise.all(background.splice(0));
            actual.push("");
            continue;
          }
          const got = await playStep(sb, step);
          actual.push(got);
          check(step, got);
        }
        await Promise.all(background);
      } finally {
        sb.cleanup();
      }
      if (update) fs.writeFileSync(file, rewriteTranscript(text, actual));
    });
  }
});
