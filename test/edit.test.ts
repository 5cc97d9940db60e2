// kubectl edit with a real editor: EDITOR names small shell scripts written into the test's
// temporary directory, which change the file the way a user would (sed), keep it as it is,
// or make an invalid change that the server refuses, which kubectl reopens and then gives up.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "./harness.js";

const sb = new Sandbox();
afterAll(() => sb.cleanup());

function editor(name: string, body: string): string {
  const file = path.join(sb.home, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

async function edit(script: string, ...args: string[]) {
  sb.env = { ...sb.env, EDITOR: script, PATH: process.env.PATH };
  return sb.run(["edit", ...args]);
}

describe("kubectl edit", () => {
  it("applies a label the editor adds, and says so", async () => {
    expect((await sb.run(["create", "deployment", "web", "--image=nginx"])).code).toBe(0);
    const label = editor("label.sh", `sed -i 's/^    app: web$/    app: web\\n    tier: frontend/' "$1"`);
    const r = await edit(label, "deployment/web", "--output-patch");
    expect(r).toEqual({
      code: 0,
      out: 'Patch: {"metadata":{"labels":{"tier":"frontend"}}}\ndeployment.apps/web edited\n',
      err: "",
    });
    expect((await sb.run(["get", "deploy", "web", "--show-labels", "--no-headers"])).out).toContain(
      "app=web,tier=frontend",
    );
  });

  it("shows the object under kubectl's header, and cancels when nothing changed", async () => {
    const seen = path.join(sb.home, "seen.yaml");
    const copy = editor("copy.sh", `cp "$1" '${seen}'`);
    expect(await edit(copy, "deployment", "web")).toEqual({
      code: 0,
      out: "",
      err: "Edit cancelled, no changes made.\n",
    });
    const text = fs.readFileSync(seen, "utf8");
    expect(
      text.startsWith(
        "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n" +
          "# reopened with the relevant failures.\n#\napiVersion: apps/v1\nkind: Deployment\n",
      ),
    ).toBe(true);
    expect(text).toContain("    tier: frontend\n");
  });

  it("reopens an invalid edit with the server's reasons, then gives up when it is saved unchanged", async () => {
    const seen = path.join(sb.home, "reopened.yaml");
    const opened = path.join(sb.home, "opened.txt");
    const bad = editor(
      "bad.sh",
      `sed -i 's/^  replicas: 1$/  replicas: -1/' "$1"; cp "$1" '${seen}'; echo "$1" >> '${opened}'`,
    );
    const r = await edit(bad, "deployment/web");
    const kept = /A copy of your changes has been stored to "(\/.*\/kubectl-edit-\d+\.yaml)"/.exec(
      r.err,
    )?.[1];
    expect(kept).toBeDefined();
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: deployments.apps "web" is invalid\nA copy of your changes has been stored to "${kept}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    );
    const reopened = fs.readFileSync(seen, "utf8");
    expect(reopened).toContain(
      '#\n# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n',
    );
    expect(fs.readFileSync(kept ?? "", "utf8")).toBe(reopened);
    // kubectl leaves both passes' files behind (the first is never cleaned up after a give-up).
    const files = fs.readFileSync(opened, "utf8").trim().split("\n");
    expect(files).toHaveLength(2);
    expect(files[1]).toBe(kept);
    for (const f of files) fs.rmSync(f, { force: true });
    expect((await sb.run(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"])).out).toBe("1");
  });

  it("says which editor it could not start", async () => {
    const r = await edit("kubesim-no-such-editor", "deployment/web");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: unable to launch the editor "kubesim-no-such-editor \/.*\/kubectl-edit-\d+\.yaml"\n$/,
    );
    fs.rmSync(r.err.split(" ").pop()?.replace(/"\n$/, "") ?? "", { force: true });
  });

  it("asks for a resource as kubectl does", async () => {
    expect(await sb.run(["edit"])).toEqual({
      code: 1,
      out: "",
      err: "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    });
    const r = await sb.run(["edit", "deployment/nope"]);
    expect(r).toEqual({
      code: 1,
      out: "",
      err: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
  });
});
