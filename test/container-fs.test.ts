// A container's files: kept outside meta.json (in containerfs shards, read only by the
// commands that use that container), limited like a disk (the shell's maxDiskUsage, 4 MiB), and
// forgotten with their pod.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bucketFiles } from "../src/store/catalog-codec.js";
import { Sandbox } from "./harness.js";

describe("container file systems", () => {
  const sb = new Sandbox();
  afterAll(() => sb.cleanup());
  const dir = () => path.join(sb.home, "clusters", "kubesim");
  const fsShards = () => fs.readdirSync(dir()).filter((f) => f.startsWith("containerfs."));

  it("saves what exec writes outside meta.json", async () => {
    expect((await sb.sh("apply -f manifests/pods.yml")).code).toBe(0);
    const big = "x".repeat(100_000);
    const r = await sb.run([
      "exec",
      "testpod",
      "-c",
      "c00",
      "--",
      "bash",
      "-c",
      `echo ${big} > /tmp/big; echo ok`,
    ]);
    expect(r).toEqual({ code: 0, out: "ok\n", err: "" });
    expect(fs.statSync(path.join(dir(), "meta.json")).size).toBeLessThan(50_000);
    const shards = fsShards();
    expect(shards.length).toBe(1);
    expect(fs.readFileSync(path.join(dir(), shards[0]), "utf8")).toContain(big);
    expect((await sb.sh("exec testpod -c c00 -- wc -c /tmp/big")).out).toBe("100001 /tmp/big\n");
  });

  it("fails writes past the container's disk with No space left on device", async () => {
    const script =
      's=$(printf "%01000000d" 0); for i in $(seq 1 20); do echo "$s" >> /tmp/fill || { echo "full at $i"; break; }; done; rm /tmp/fill; echo freed > /tmp/x; cat /tmp/x';
    const r = await sb.run(["exec", "testpod", "-c", "c00", "--", "bash", "-c", script]);
    expect(r.out).toBe("full at 5\nfreed\n");
    expect(r.err).toBe("bash: line 1: echo: write error: No space left on device\n");
    expect(r.code).toBe(0);
  });

  it("forgets a pod's files when the pod is gone", async () => {
    expect((await sb.sh("delete pod testpod")).code).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(dir(), "meta.json"), "utf8"));
    // The shard files stay a while for readers that started before (the store's garbage).
    expect(bucketFiles(meta.catalog, "containerfs")).toEqual([]);
    expect(Object.keys(meta.runtime).filter((k) => k.endsWith("/c00"))).toEqual([]);
  });

  it("makes an emptyDir of medium Memory a tmpfs that keeps its files, and a plain one 0777 dated the pod's start", async () => {
    expect((await sb.sh("apply -f test/fixtures/emptydir-memory.yaml")).code).toBe(0);
    const first = await sb.run([
      "exec",
      "mem",
      "--",
      "sh",
      "-c",
      "echo hi > /cache/a; mkdir /cache/d; ls -la /cache",
    ]);
    expect(first.out).toMatch(/^total 8\ndrwxrwxrwt +3 root +root +80 .* \.\n/);
    expect(first.out).toMatch(/\n-rw-r--r-- +1 root +root +3 .* a\ndrwxr-xr-x +2 root +root +40 .* d\n$/);
    // The tmpfs mark is kept with the volume's files, for the next command.
    expect((await sb.run(["exec", "mem", "--", "ls", "-ld", "/cache"])).out).toMatch(
      /^drwxrwxrwt +3 root +root +80 /,
    );
    // A plain emptyDir is on the node's disk, made as the pod started (not at the epoch).
    const disk = (await sb.run(["exec", "mem", "--", "ls", "-ld", "/disk"])).out;
    expect(disk).toMatch(/^drwxrwxrwx +2 root +root +4096 /);
    expect(disk).not.toContain("1970");
  });
});
