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

describe("readlink", () => {
  const shell = () => {
    const fs = Vfs.fromFiles({ "/usr/bin/x": "", "/etc/hosts": "" }, ["/run/lock", "/tmp"]);
    fs.symlink("usr/bin", "/bin");
    fs.symlink("/run", "/var-run");
    fs.symlink("../etc/hosts", "/tmp/h");
    return testShell({ fs }).run;
  };

  it("prints a link's target as written, and nothing (status 1) for a file that is no link", async () => {
    const run = shell();
    expect(await run("readlink /bin /tmp/h")).toMatchObject({ out: "usr/bin\n../etc/hosts\n", status: 0 });
    expect(await run("readlink /etc/hosts")).toMatchObject({ out: "", status: 1 });
    expect(await run("readlink -n /bin; echo .")).toMatchObject({ out: "usr/bin.\n" });
  });

  it("resolves every link with -f, -e and -m", async () => {
    const run = shell();
    expect((await run("readlink -f /bin/x /var-run/lock /tmp/h /bin/new")).out).toBe(
      "/usr/bin/x\n/run/lock\n/etc/hosts\n/usr/bin/new\n",
    );
    expect(await run("readlink -e /bin/new")).toMatchObject({ out: "", status: 1 });
    expect(await run("readlink -f /nope/new")).toMatchObject({ out: "", status: 1 });
    expect((await run("readlink -m /bin/nope/new")).out).toBe("/usr/bin/nope/new\n");
    expect((await run("cd /bin && readlink -f x")).out).toBe("/usr/bin/x\n");
    expect(await run("cd /bin && readlink -f ''")).toMatchObject({ out: "", status: 1 });
  });

  it("says a missing operand as GNU's does", async () => {
    const r = await shell()("readlink");
    expect(r.status).toBe(1);
    expect(r.err).toBe("readlink: missing operand\nTry 'readlink --help' for more information.\n");
  });
});

describe("a tmpfs in the VFS (Secret, projected and downwardAPI volumes)", () => {
  it("sizes its directories as shmem does, 20 bytes an entry, and keeps that through JSON", () => {
    const fs = Vfs.fromFiles({}, ["/etc/podinfo"]);
    fs.tmpfs("/etc/podinfo");
    expect(fs.stat("/etc/podinfo")?.size).toBe(40);
    fs.mkdir("/etc/podinfo/..2026_11_27_10_00_00.1");
    fs.write("/etc/podinfo/..2026_11_27_10_00_00.1/labels", 'a="b"\n');
    fs.symlink("..2026_11_27_10_00_00.1", "/etc/podinfo/..data");
    expect(fs.stat("/etc/podinfo")?.size).toBe(80);
    // What is made inside is on the tmpfs too; the parent is not.
    expect(fs.stat("/etc/podinfo/..2026_11_27_10_00_00.1")?.size).toBe(60);
    expect(fs.stat("/etc")?.size).toBe(4096);
    // A tmpfs directory takes no blocks; a file a page (4 KiB) however short.
    expect(fs.stat("/etc/podinfo")?.blocks).toBe(0);
    expect(fs.stat("/etc")?.blocks).toBe(4);
    expect(fs.stat("/etc/podinfo/..data/labels")?.blocks).toBe(4);
    const back = Vfs.fromJSON(fs.toJSON());
    expect(back.stat("/etc/podinfo/..data")?.size).toBe(60);
    expect(back.stat("/etc/podinfo")?.size).toBe(80);
  });

  it("shows setuid, setgid and sticky bits in ls -l as GNU's and busybox's ls do", async () => {
    const fs = Vfs.fromFiles({ "/bin/su": "", "/x/g": "" }, ["/tmp", "/d"]);
    fs.chmod("/tmp", 0o1777);
    fs.chmod("/d", 0o1770);
    fs.chmod("/bin/su", 0o4755);
    fs.chmod("/x/g", 0o2644);
    const { run } = testShell({ fs });
    const modes = (await run("ls -ld /tmp /d /bin/su /x/g")).out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ")[0]);
    expect(modes).toEqual(["-rwsr-xr-x", "drwxrwx--T", "drwxrwxrwt", "-rw-r-Sr--"]);
  });
});
