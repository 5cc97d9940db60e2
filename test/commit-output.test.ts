// Success lines are printed once the change they report is committed: a transaction that
// fails prints only its error, and the state it could not read is left as it was.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "./harness.js";

describe("output after commit", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());

  it("prints only the error when a shard the change needs is unreadable", async () => {
    expect((await sb.run(["get", "nodes"])).code).toBe(0);
    const dir = path.join(sb.home, "clusters", "kubesim");
    const shard = fs.readdirSync(dir).find((f) => f.startsWith("endpointslices."));
    if (!shard) throw new Error("no endpointslices shard");
    const file = path.join(dir, shard);
    fs.writeFileSync(file, '{"broken');
    const meta = fs.readFileSync(path.join(dir, "meta.json"));
    // A new Service gets its EndpointSlice: the slices' shard is read to write it.
    const r = await sb.sh("apply -f manifests/service.yml");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /^error: the state of cluster "kubesim" in .*endpointslices\.[\d.]+json is unreadable/,
    );
    expect(r.err).not.toContain("created");
    expect(fs.readFileSync(file, "utf8")).toBe('{"broken');
    expect(fs.readFileSync(path.join(dir, "meta.json"))).toEqual(meta);
  });

  it("prints the success line when the commit goes through", async () => {
    const fresh = new Sandbox();
    try {
      expect(await fresh.sh("apply -f manifests/pods.yml")).toEqual({
        code: 0,
        out: "pod/testpod created\n",
        err: "",
      });
    } finally {
      fresh.cleanup();
    }
  });
});
