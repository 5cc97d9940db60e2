// The cases the template printers' tests replay: each captured from the real kubectl v1.32
// (`kubectl get ... -o FORMAT` through /work/shared/tools/kubectl-oracle.mjs) by the
// capture.mjs beside its cases.json, with kubectl's own `-o json` of the same query as the
// input (input-TARGET.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface CapturedCase {
  target: string;
  output: string;
  flags: string[];
  file?: string;
  stdout: string;
  stderr: string;
  code: number;
}

/** The cases of one testdata directory, and a reader of their inputs (each read once). */
export function capturedCases(dir: string): { cases: CapturedCase[]; input(target: string): unknown } {
  const cases: CapturedCase[] = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8"));
  const inputs = new Map<string, unknown>();
  return {
    cases,
    input(target: string): unknown {
      if (!inputs.has(target)) inputs.set(target, JSON.parse(readFileSync(join(dir, `input-${target}.json`), "utf8")));
      return inputs.get(target);
    },
  };
}
