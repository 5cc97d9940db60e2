// Symbolic links in the VFS: followed by stat, read, write and list, shown by lstat, kept by
// toJSON, and (as the kubelet's `..data` layout uses them) relative to the link's directory.
import { describe, expect, it } from "vitest";
import { testShell } from "./testkit.js";
import { Vfs } from "./vfs.js";

function layout(): Vfs {
  const fs = Vfs.fromFiles({ "/v/..2026_01_01.1/conf/a": "A", "/v/..2026_01_01.1/b": "B" });
  fs.symlink("..2026_01_01.1", "/v/..data");
  fs.symlink("..data/conf", "/v/conf");
  fs.symlink("..data/b", "/v/b");
  return fs;
}

describe("Vfs symlinks", () => {
  it("follows links on the way and at the end", () => {
    const fs = layout();
    expect(fs.read("/v/b")).toBe("B");
    expect(fs.read("/v/conf/a")).toBe("A");
    expect(fs.isDir("/v/conf")).toBe(true);
    expect(fs.list("/v/conf")).toEqual(["a"]);
    expect(fs.stat("/v/b")?.type).toBe("file");
  });

  it("shows the link itself through lstat", () => {
    const st = layout().lstat("/v/..data");
    expect(st).toMatchObject({ type: "link", target: "..2026_01_01.1", size: 14, mode: 0o777 });
  });

  it("writes through a link and survives a JSON round trip", () => {
    const fs = layout();
    fs.write("/v/b", "C");
    expect(fs.read("/v/..2026_01_01.1/b")).toBe("C");
    const back = Vfs.fromJSON(fs.toJSON());
    expect(back.read("/v/conf/a")).toBe("A");
    expect(back.lstat("/v/conf")?.type).toBe("link");
  });

  it("gives up on a loop", () => {
    const fs = new Vfs();
    fs.symlink("b", "/a");
    fs.symlink("a", "/b");
    expect(fs.exists("/a")).toBe(false);
  });

  it("resolves every link of a path for realpath, as Debian's merged /usr needs", () => {
    const fs = Vfs.fromFiles({ "/usr/bin/x": "" }, ["/run/lock"]);
    fs.symlink("usr/bin", "/bin");
    fs.symlink("/run", "/var-run");
    expect(fs.realpath("/bin")).toBe("/usr/bin");
    expect(fs.realpath("/bin/x")).toBe("/usr/bin/x");
    expect(fs.realpath("/var-run/lock")).toBe("/run/lock");
    expect(fs.realpath("/usr")).toBe("/usr");
    expect(fs.realpath("/bin/nope")).toBeUndefined();
    const loop = new Vfs();
    loop.symlink("b", "/a");
    loop.symlink("a", "/b");
    expect(loop.realpath("/a")).toBeUndefined();
  });

  it("answers pwd -P and test -L / -h in a shell", async () => {
    const fs = Vfs.fromFiles({ "/usr/bin/x": "" }, ["/tmp"]);
    fs.symlink("usr/bin", "/bin");
    const { run } = testShell({ fs });
    expect((await run("cd /bin && pwd && pwd -P && pwd -PL && pwd -LP")).out).toBe(
      "/bin\n/usr/bin\n/bin\n/usr/bin\n",
    );
    expect(
      (await run("test -L /bin && echo link; [ -h /usr ] || echo dir; [ -L /nope ] || echo none")).out,
    ).toBe("link\ndir\nnone\n");
  });
});
