// kubesim explain against the real kubectl v1.32: test/explain/expected/ holds what kubectl
// printed (stdout, stderr, exit code) for each case in cases.json, explaining from the same
// bundled schemas through test/explain/openapi-server.mjs. capture-explain.mjs re-captures
// them; this test needs no kubectl, so it holds kubesim to kubectl's bytes everywhere.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

const dir = path.join(ROOT, "test", "explain");
const cases: { name: string; args: string[] }[] = JSON.parse(
  fs.readFileSync(path.join(dir, "cases.json"), "utf8"),
);
const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe("explain prints what kubectl v1.32 prints from the same OpenAPI documents", () => {
  for (const c of cases) {
    it(`kubectl explain ${c.args.join(" ")}`, async () => {
      const out = fs.readFileSync(path.join(dir, "expected", `${c.name}.out`), "utf8");
      const { err, code } = JSON.parse(fs.readFileSync(path.join(dir, "expected", `${c.name}.json`), "utf8"));
      const r = await sb.run(["explain", ...c.args]);
      expect(r.out).toBe(out);
      expect(r.err).toBe(err);
      expect(r.code).toBe(code);
    });
  }

  it("covers the five fields the issue names, an enum, --recursive and plaintext-openapiv2", () => {
    const names = cases.map((c) => c.name);
    for (const n of ["pods", "pod-spec-containers-ports", "deployment-spec-strategy", "svc-spec-type-enum"])
      expect(names).toContain(n);
    expect(cases.some((c) => c.args.includes("--recursive"))).toBe(true);
    expect(cases.some((c) => c.args.includes("--output=plaintext-openapiv2"))).toBe(true);
  });
});
