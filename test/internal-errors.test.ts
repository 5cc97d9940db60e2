// JavaScript's own messages never reach the user as if kubectl had said them: a damaged
// state is reported as unreadable with the field it lacks, and any other JavaScript failure
// as one sentence that says it is kubesim's bug; the raw text only with KUBESIM_DEBUG=1.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REQUIRED_FIELDS } from "../src/store/shape.js";
import { Sandbox } from "./harness.js";

const JS_TEXT =
  /Cannot read prop|Cannot convert|Maximum call stack|Invalid string length|is not a function|TypeError|RangeError/;

describe("a state that lacks a field", () => {
  let sb: Sandbox;
  afterEach(() => sb.cleanup());

  it("is reported as unreadable, naming the field, and left as it is", async () => {
    sb = new Sandbox();
    expect((await sb.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    const meta = path.join(sb.home, "clusters", "kubesim", "meta.json");
    const whole = fs.readFileSync(meta, "utf8");
    for (const field of REQUIRED_FIELDS) {
      const state = JSON.parse(whole);
      const [top, sub] = field.split(".");
      if (sub) delete state[top][sub];
      else delete state[top];
      const damaged = JSON.stringify(state);
      fs.writeFileSync(meta, damaged);
      for (const argv of [
        ["get", "pods"],
        ["run", "x", "--image=nginx"],
        ["cluster", "export"],
      ]) {
        const r = await sb.run(argv);
        expect(r.code, `${field}: ${argv.join(" ")}`).toBe(1);
        expect(r.err).toBe(
          `error: the state of cluster "kubesim" in ${meta} is unreadable (field "${field}" is missing).\n` +
            "kubesim leaves it as it is. To start over: kubesim cluster delete kubesim && kubesim cluster create kubesim\n",
        );
      }
      expect(fs.readFileSync(meta, "utf8")).toBe(damaged);
    }
    fs.writeFileSync(meta, whole);
    expect((await sb.run(["get", "pods"])).code).toBe(0);
  });

  it("names a field of the wrong type", async () => {
    sb = new Sandbox();
    expect((await sb.run(["get", "nodes"])).code).toBe(0);
    const meta = path.join(sb.home, "clusters", "kubesim", "meta.json");
    const state = JSON.parse(fs.readFileSync(meta, "utf8"));
    state.garbage = {};
    fs.writeFileSync(meta, JSON.stringify(state));
    expect((await sb.run(["get", "pods"])).err).toContain('is unreadable (field "garbage" is not a list)');
  });
});

describe("a JavaScript failure", () => {
  let sb: Sandbox;
  afterEach(() => sb.cleanup());

  /**
   * An object file whose pod has a number for its containers: nothing the API server would ever store, yet a
   * shard of API objects by shape (each has metadata.name), so the store reads it.
   */
  async function brokenPod(): Promise<void> {
    expect((await sb.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    const dir = path.join(sb.home, "clusters", "kubesim");
    let broken = 0;
    for (const f of fs.readdirSync(dir).filter((n) => /^pods\.\d+\.\d+\.\d+\.json$/.test(n))) {
      const file = path.join(dir, f);
      const data = JSON.parse(fs.readFileSync(file, "utf8"));
      if (!data["default/testpod"]) continue;
      data["default/testpod"].spec.containers = 7;
      fs.writeFileSync(file, JSON.stringify(data));
      broken++;
    }
    expect(broken).toBe(1);
  }

  it("is one sentence saying it is kubesim's bug, without the JavaScript text", async () => {
    sb = new Sandbox();
    await brokenPod();
    const r = await sb.run(["describe", "pod", "testpod"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "error: kubesim failed unexpectedly (it met data of a shape it did not expect). This is a bug in kubesim, " +
        "not a message from kubectl: please report it with the command that caused it. " +
        "Run it again with KUBESIM_DEBUG=1 to see the details.\n",
    );
  });

  it("shows the JavaScript text and stack with KUBESIM_DEBUG=1", async () => {
    sb = new Sandbox({ KUBESIM_DEBUG: "1" });
    await brokenPod();
    const r = await sb.run(["describe", "pod", "testpod"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^TypeError: .*\n {4}at /);
    expect(r.err).toContain("error: kubesim failed unexpectedly (it met data of a shape it did not expect).");
  });

  it("does not leak from a manifest nested too deeply", async () => {
    sb = new Sandbox();
    const file = path.join(sb.home, "deep.yaml");
    const depth = 20000;
    fs.writeFileSync(
      file,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\n  labels: ${"[".repeat(depth)}${"]".repeat(depth)}\n`,
    );
    const r = await sb.run(["apply", "-f", file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: /);
    expect(r.err).not.toMatch(JS_TEXT);
  });

  it("does not leak from a string grown without bound in the node shell", async () => {
    sb = new Sandbox();
    const r = await sb.run(["shell"], "s=x; while true; do s=$s$s; done\n");
    expect(r.err).not.toMatch(JS_TEXT);
  });
});
