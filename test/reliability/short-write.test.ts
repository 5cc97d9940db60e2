// A disk that fills up in the middle of a commit, or takes fewer bytes than it is given,
// never leaves a truncated state: the previous state survives byte for byte, the error names
// the cluster, the reason and the file, and nothing the failed commit wrote stays behind.
// The disk is a double put in front of the real one (io.fs), run in-process.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoreFs } from "../../src/store/fsio.js";
import { Sandbox } from "../harness.js";
import { clusterDir, readAll, report } from "./bin.js";

type Fault = "half then full" | "half each time" | "lies";

/** The real disk, except writes to files whose name matches `which`. */
function failingDisk(which: RegExp, fault: Fault): StoreFs {
  const names = new Map<number, string>();
  const writes = new Map<number, number>();
  const openSync = ((p: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
    const fd = fs.openSync(p, flags, mode);
    names.set(fd, path.basename(String(p)));
    writes.set(fd, 0);
    return fd;
  }) as StoreFs["openSync"];
  const writeSync = ((fd: number, buf: Buffer, off: number, len: number) => {
    if (!which.test(names.get(fd) ?? "")) return fs.writeSync(fd, buf, off, len);
    const n = writes.get(fd)!;
    writes.set(fd, n + 1);
    if (fault === "half then full" && n > 0)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const taken = fs.writeSync(fd, buf, off, Math.max(1, Math.floor(len / 2)));
    return fault === "lies" ? len : taken;
  }) as StoreFs["writeSync"];
  return { ...fs, openSync, writeSync };
}

function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort())
    out[f] = createHash("sha256")
      .update(fs.readFileSync(path.join(dir, f)))
      .digest("hex");
  return out;
}

describe("a disk that fails mid-commit", () => {
  let sb: Sandbox;
  let dir: string;
  beforeEach(async () => {
    sb = new Sandbox();
    expect((await sb.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    dir = clusterDir(sb.home);
  });
  afterEach(() => sb.cleanup());

  // What fails, how, the reason the error gives, and the file it names.
  const cases: [string, RegExp, Fault, RegExp, RegExp][] = [
    [
      "fills up while meta.json is written",
      /^meta\.json\./,
      "half then full",
      /^no space left on device$/,
      /^meta\.json$/,
    ],
    [
      "fills up while a shard is written",
      /^pods\./,
      "half then full",
      /^no space left on device$/,
      /^pods\./,
    ],
    [
      "reports bytes it did not write to meta.json",
      /^meta\.json\./,
      "lies",
      /^only \d+ of \d+ bytes reached the disk$/,
      /^meta\.json$/,
    ],
  ];
  for (const [what, which, fault, reason, named] of cases) {
    it(`${what}: the old state survives and the error says so`, async () => {
      const before = digests(dir);
      sb.fs = failingDisk(which, fault);
      const r = await sb.run(["label", "pod", "testpod", "disk=full"]);
      expect(r.code).toBe(1);
      expect(r.out).toBe("");
      const m = /^error: cannot write the state of cluster "kubesim": (.+) \((.+)\)\n(.+)\n$/.exec(r.err);
      expect(m, r.err).not.toBeNull();
      expect(m![1]).toMatch(reason);
      expect(path.dirname(m![2]!)).toBe(dir);
      expect(path.basename(m![2]!)).toMatch(named);
      expect(m![3]).toBe("kubesim kept the previous state; the change was not saved.");
      // Byte for byte the state before, and nothing the failed commit wrote is left.
      expect(digests(dir)).toEqual(before);
      sb.fs = undefined;
      expect(readAll(sb.home).byType.pods!.get("default/testpod").metadata.labels?.disk).toBeUndefined();
      const again = await sb.run(["label", "pod", "testpod", "disk=ok"]);
      expect(again.err).toBe("");
      expect(readAll(sb.home).byType.pods!.get("default/testpod").metadata.labels.disk).toBe("ok");
      report(`short write (${what}): ${r.err.split("\n")[0]}`);
    });
  }

  it("completes writes the disk takes in halves", async () => {
    sb.fs = failingDisk(/./, "half each time");
    const r = await sb.run(["label", "pod", "testpod", "halves=yes"]);
    expect(r.err).toBe("");
    sb.fs = undefined;
    expect(readAll(sb.home).byType.pods!.get("default/testpod").metadata.labels.halves).toBe("yes");
  });

  it("keeps config.json when the disk fills while it is written", async () => {
    expect((await sb.run(["cluster", "create", "other", "--nodes", "1"])).code).toBe(0);
    const config = path.join(sb.home, "config.json");
    const before = fs.readFileSync(config, "utf8");
    sb.fs = failingDisk(/^config\.json\.\d+\.\d+\.tmp$/, "half then full");
    const r = await sb.run(["cluster", "use", "kubesim"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: cannot write kubesim config: no space left on device (${config})\nThe previous config is unchanged.\n`,
    );
    expect(fs.readFileSync(config, "utf8")).toBe(before);
    expect(fs.readdirSync(sb.home).sort()).toEqual(["clusters", "config.json"]);
  });
});
