import { describe, expect, it } from "vitest";
import { Vfs } from "../../shell/vfs.js";
import { stripUnsafe, tarCreate, tarExtract } from "./cp-tar.js";

describe("tar's member names", () => {
  it("strips leading slashes and everything up to the last .. component", () => {
    expect(stripUnsafe("/tmp/a")).toEqual({ name: "tmp/a", removed: "/" });
    expect(stripUnsafe("tmp/../../etc/x")).toEqual({ name: "etc/x", removed: "tmp/../../" });
    expect(stripUnsafe("../x")).toEqual({ name: "x", removed: "../" });
    expect(stripUnsafe("//x")).toEqual({ name: "x", removed: "//" });
    expect(stripUnsafe("a/..b/c")).toEqual({ name: "a/..b/c", removed: "" });
    expect(stripUnsafe("a/..")).toEqual({ name: "", removed: "a/.." });
  });
});

describe("tar in the container", () => {
  const tree = () => Vfs.fromFiles({ "/data/a.txt": "A\n", "/data/sub/b.txt": "B\n" }, ["/tmp"]);

  it("archives a directory from its name down, saying what it removed, as GNU tar and busybox do", () => {
    const gnu = tarCreate(tree(), "/", "/data", "gnu");
    expect(gnu.members.map((m) => m.name)).toEqual(["data/", "data/a.txt", "data/sub/", "data/sub/b.txt"]);
    expect(gnu.stderr).toBe("tar: Removing leading `/' from member names\n");
    expect(tarCreate(tree(), "/", "/data", "busybox").stderr).toBe(
      "tar: removing leading '/' from member names\n",
    );
    const climbing = tarCreate(tree(), "/tmp", "../data/a.txt", "gnu");
    expect(climbing.members.map((m) => m.name)).toEqual(["data/a.txt"]);
    expect(climbing.stderr).toBe("tar: Removing leading `../' from member names\n");
  });

  it("fails on a missing path with each tar's words and exit status", () => {
    expect(tarCreate(tree(), "/", "/nope", "busybox")).toEqual({
      members: [],
      stderr: "tar: /nope: No such file or directory\n",
      status: 1,
    });
    const gnu = tarCreate(tree(), "/", "/nope", "gnu");
    expect(gnu.status).toBe(2);
    expect(gnu.stderr).toContain("tar: /nope: Cannot stat: No such file or directory\n");
  });

  it("extracts under the directory, never above it, and refuses a missing directory", () => {
    const fs = tree();
    const members = [
      { name: "x/y.txt", type: "file" as const, data: "Y" },
      { name: "../../escape", type: "file" as const, data: "no" },
    ];
    const run = tarExtract(fs, "/", "/tmp", members, "gnu");
    expect(fs.read("/tmp/x/y.txt")).toBe("Y");
    expect(fs.exists("/escape")).toBe(false);
    expect(fs.read("/tmp/escape")).toBe("no");
    expect(run).toEqual({ stderr: "tar: Removing leading `../../' from member names\n", status: 0 });
    expect(tarExtract(tree(), "/", "/none", members, "busybox")).toEqual({
      stderr: "tar: can't change directory to '/none': No such file or directory\n",
      status: 1,
    });
  });

  it("stops at the container's disk with ENOSPC", () => {
    const fs = tree();
    fs.capacity = 100;
    const run = tarExtract(
      fs,
      "/",
      "/tmp",
      [{ name: "big", type: "file", data: "x".repeat(200) }],
      "busybox",
    );
    expect(run).toEqual({ stderr: "tar: can't create 'big': No space left on device\n", status: 1 });
    expect(fs.exists("/tmp/big")).toBe(false);
  });
});
