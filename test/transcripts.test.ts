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

describe("transcripts", () => {
  for (const f of files) {
    it(f, async () => {
      const file = path.join(dir, f);
      const text = fs.readFileSync(file, "utf8");
      const steps = parseTranscript(text);
      expect(steps.length).toBeGreaterThan(0);
      const sb = new Sandbox();
      const actual: string[] = [];
      try {
        for (const step of steps) {
          const got = await playStep(sb, step);
          actual.push(got);
          if (!update) expect(`$ ${step.command}\n${got}`).toBe(`$ ${step.command}\n${step.expected}`);
        }
      } finally {
        sb.cleanup();
      }
      if (update) fs.writeFileSync(file, rewriteTranscript(text, actual));
    });
  }
});
