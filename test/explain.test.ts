// kubesim explain against the real kubectl v1.32: test/explain/expected/ holds what kubectl
// printed (stdout, stderr, exit code) for each case in cases.json, explaining from the same
// bundled schemas through test/explain/openapi-server.mjs. capture-explain.mjs re-captures
// them; this test needs no kubectl, so it holds kubesim to kubectl's bytes everywhere.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { explainOpenAPIV2 } from "../src/printers/explain/openapiv2.js";
import { documentForSchema, explainOpenAPIV3 } from "../src/printers/explain/openapiv3.js";
import { ROOT, Sandbox } from "./harness.js";

const dir = path.join(ROOT, "test", "explain");
interface Case {
  name: string;
  args: string[];
  /** A kind of one's own (test/explain/crontab.json), explained through the renderers directly. */
  crd?: string;
  path?: string[];
  recursive?: boolean;
  output?: string;
}
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8"));
const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** What a CRD's kind would print: its schema as a document of its own, through the same renderers. */
function renderOwnKind(c: Case): { out: string; err: string; code: number } {
  const crd = JSON.parse(fs.readFileSync(path.join(dir, c.crd ?? ""), "utf8"));
  const gvk = { group: crd.group, version: crd.version, kind: crd.kind };
  const render = c.output === "plaintext-openapiv2" ? explainOpenAPIV2 : explainOpenAPIV3;
  const r = render(documentForSchema(gvk, crd.schema), gvk, c.path ?? [], !!c.recursive);
  return { out: r.out, err: r.error ? `${r.error}\n` : "", code: r.error ? 1 : 0 };
}

describe("explain prints what kubectl v1.32 prints from the same OpenAPI documents", () => {
  for (const c of cases) {
    it(`kubectl explain ${c.args.join(" ")}`, async () => {
      const out = fs.readFileSync(path.join(dir, "expected", `${c.name}.out`), "utf8");
      const { err, code } = JSON.parse(fs.readFileSync(path.join(dir, "expected", `${c.name}.json`), "utf8"));
      const r = c.crd ? renderOwnKind(c) : await sb.run(["explain", ...c.args]);
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
