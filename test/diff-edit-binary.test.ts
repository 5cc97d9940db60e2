// kubectl diff and edit through bin/kubesim as users run them (a child process through the
// launcher): diff's exit status is 0, 1 or 2 as kubectl's, and edit runs the EDITOR script
// (written into the test's temporary directory) with the terminal it was given.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Result, ROOT, Sandbox } from "./harness.js";

const BIN = path.join(ROOT, "bin", "kubesim");
const sb = new Sandbox();
afterAll(() => sb.cleanup());

function bin(args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(BIN, args, {
    env: { ...sb.env, PATH: process.env.PATH, ...env },
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe("bin/kubesim diff and edit", () => {
  it("diff exits 1 on differences, 0 when equal, 2 on an error", () => {
    const web = "test/fixtures/diff/web.yaml";
    const created = bin(["diff", "-f", web]);
    expect(created.code).toBe(1);
    expect(created.out).toMatch(
      /^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web\n--- .*\t1970-01-01 00:00:00\.000000000 \+0000\n\+\+\+ .*\t2026-11-27 10:00:00\.\d{9} \+0000\n@@ -0,0 \+1,44 @@\n/,
    );
    expect(bin(["apply", "-f", web]).code).toBe(0);
    expect(bin(["diff", "-f", web])).toEqual({ code: 0, out: "", err: "" });
    const changed = bin(["diff", "-f", "test/fixtures/diff/web-v2.yaml"]);
    expect(changed.code).toBe(1);
    expect(changed.out).toContain("\n-  replicas: 1\n+  replicas: 3\n");
    expect(bin(["diff", "-f", "test/fixtures/diff/nope.yaml"])).toEqual({
      code: 2,
      out: "",
      err: 'error: the path "test/fixtures/diff/nope.yaml" does not exist\n',
    });
  });

  it("edit runs EDITOR, a script that changes a label with sed", () => {
    const editor = path.join(sb.home, "label.sh");
    fs.writeFileSync(editor, `#!/bin/sh\nsed -i 's/^    app: web$/    app: shop/' "$1"\n`, { mode: 0o755 });
    expect(bin(["edit", "deployment/web"], { EDITOR: editor })).toEqual({
      code: 0,
      out: "deployment.apps/web edited\n",
      err: "",
    });
    expect(bin(["get", "deployment", "web", "-o", "jsonpath={.metadata.labels.app}"]).out).toBe("shop");
    expect(bin(["edit", "deployment/web"], { EDITOR: "true" })).toEqual({
      code: 0,
      out: "",
      err: "Edit cancelled, no changes made.\n",
    });
  });
});
