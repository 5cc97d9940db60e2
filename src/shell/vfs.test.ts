import { describe, expect, it } from "vitest";
import { testShell } from "./testkit.js";
import { resolvePath, Vfs, VfsError } from "./vfs.js";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof VfsError) return e.code;
    throw e;
  }
  return "ok";
};

describe("Vfs", () => {
  it("reads, writes, appends, lists and stats", () => {
    const fs = Vfs.fromFiles({ "/etc/hosts": "127.0.0.1 localhost\n" }, ["/tmp"]);
    fs.write("/tmp/a", "x");
    fs.append("/tmp/a", "y");
    fs.append("/tmp/new", "z");
    expect(fs.read("/tmp/a")).toBe("xy");
    expect(fs.list("/")).toEqual(["etc", "tmp"]);
    expect(fs.list("/tmp")).toEqual(["a", "new"]);
    expect(fs.stat("/tmp/a")).toMatchObject({ type: "file", size: 2, mode: 0o644 });
    expect(fs.stat("/tmp")).toMatchObject({ type: "dir", mode: 0o755 });
    expect(fs.exists("/etc/hosts") && !fs.exists("/etc/nope")).toBe(true);
    expect(fs.stat("/tmp/a")?.size).toBe(2);
    fs.write("/tmp/u", "é");
    expect(fs.stat("/tmp/u")?.size).toBe(2);
  });

  it("fails with the errno a kernel would give", () => {
    const fs = Vfs.fromFiles({ "/etc/hosts": "" });
    expect(code(() => fs.read("/nope"))).toBe("ENOENT");
    expect(code(() => fs.read("/etc"))).toBe("EISDIR");
    expect(code(() => fs.read("/etc/hosts/x"))).toBe("ENOTDIR");
    expect(code(() => fs.write("/no/dir/f", ""))).toBe("ENOENT");
    expect(code(() => fs.write("/etc", ""))).toBe("EISDIR");
    expect(code(() => fs.list("/etc/hosts"))).toBe("ENOTDIR");
    expect(code(() => fs.mkdir("/etc"))).toBe("EEXIST");
    expect(code(() => fs.mkdir("/a/b"))).toBe("ENOENT");
    expect(code(() => fs.mkdir("/etc/hosts/d", { parents: true }))).toBe("ENOTDIR");
    expect(code(() => fs.remove("/etc"))).toBe("ENOTEMPTY");
    expect(code(() => fs.rename("/etc", "/etc/sub"))).toBe("EINVAL");
    expect(new VfsError("ENOENT", "/x").message).toBe("No such file or directory");
  });

  it("makes parents, removes trees and renames", () => {
    const fs = new Vfs();
    fs.mkdir("/a/b/c", { parents: true });
    fs.write("/a/b/c/f", "1");
    fs.rename("/a/b", "/moved");
    expect(fs.read("/moved/c/f")).toBe("1");
    fs.remove("/moved", { recursive: true });
    expect(fs.list("/")).toEqual(["a"]);
  });

  it("round-trips through JSON with modes and times", () => {
    const fs = Vfs.fromFiles({ "/usr/local/apache2/htdocs/index.html": "<h1>hi</h1>\n" }, ["/tmp"], 1000);
    fs.write("/tmp/run.sh", "echo hi\n", 0o755);
    const json = JSON.parse(JSON.stringify(fs));
    expect(json.version).toBe(1);
    expect(json.entries["/usr/local/apache2/htdocs/index.html"]).toEqual({
      data: "<h1>hi</h1>\n",
      mode: 0o644,
      mtime: 1000,
    });
    const back = Vfs.fromJSON(json);
    expect(back.toJSON()).toEqual(fs.toJSON());
    expect(back.stat("/tmp/run.sh")?.mode).toBe(0o755);
  });

  it("keeps what a shell wrote across sessions (the state kubesim persists)", async () => {
    const first = testShell();
    await first.run("echo '<h1>v2</h1>' > /usr/local/apache2/htdocs/index.html; mkdir /data");
    const saved = JSON.stringify(first.fs.toJSON());
    const second = testShell({ fs: Vfs.fromJSON(JSON.parse(saved)) });
    expect((await second.run("cat /usr/local/apache2/htdocs/index.html; ls -d /data")).out).toBe(
      "<h1>v2</h1>\n/data\n",
    );
  });

  it("resolves paths against a working directory", () => {
    expect(resolvePath("/usr/local", "../bin/./x")).toBe("/usr/bin/x");
    expect(resolvePath("/", "../../etc//hosts/")).toBe("/etc/hosts");
    expect(resolvePath("/tmp", "/abs")).toBe("/abs");
  });
});

describe("Vfs capacity", () => {
  it("refuses growth past its capacity with ENOSPC, and frees space on rm and on replace", () => {
    const fs = Vfs.fromFiles({ "/a": "12345" }, ["/tmp"]);
    fs.capacity = 10;
    fs.write("/tmp/b", "12345");
    expect(() => fs.append("/tmp/b", "x")).toThrow("No space left on device");
    expect(() => fs.write("/tmp/c", "x")).toThrow(expect.objectContaining({ code: "ENOSPC" }));
    // Truncating a file to write it again counts the old content as freed.
    fs.write("/tmp/b", "abcde");
    fs.remove("/tmp", { recursive: true });
    fs.write("/b", "12345");
    // /a is replaced: its five characters are free again.
    fs.rename("/b", "/a");
    fs.write("/c", "12345");
    expect(() => fs.write("/d", "x")).toThrow(expect.objectContaining({ code: "ENOSPC" }));
  });
});

describe("files made when first read (writeLazy)", () => {
  it("makes the text once, on the first read, and keeps a later write", () => {
    const fs = new Vfs();
    fs.mkdir("/run", { parents: true });
    let made = 0;
    fs.writeLazy(
      "/run/token",
      () => {
        made++;
        return "secret";
      },
      0o600,
    );
    expect(made).toBe(0);
    expect(fs.exists("/run/token")).toBe(true);
    expect(made).toBe(0);
    expect(fs.read("/run/token")).toBe("secret");
    expect(fs.read("/run/token")).toBe("secret");
    expect(made).toBe(1);
    fs.append("/run/token", "!");
    expect(fs.read("/run/token")).toBe("secret!");
    fs.write("/run/token", "new");
    expect(fs.read("/run/token")).toBe("new");
    expect(fs.stat("/run/token")?.mode).toBe(0o600);
  });

  it("is made by toJSON, so what is saved holds the text", () => {
    const fs = new Vfs();
    fs.writeLazy("/t", () => "text");
    expect(fs.toJSON().entries["/t"]).toEqual(expect.objectContaining({ data: "text" }));
  });

  it("is made at once in a tree with a capacity, which must count its size", () => {
    const fs = new Vfs();
    fs.capacity = 3;
    expect(() => fs.writeLazy("/t", () => "toolong")).toThrow(VfsError);
  });

  it("moves into another tree by adopt, still unmade", () => {
    const a = new Vfs();
    let made = 0;
    a.writeLazy("/t", () => {
      made++;
      return "x";
    });
    a.readOnly = ["/t"];
    const b = new Vfs();
    const before = b.changes;
    b.adopt(a);
    expect(made).toBe(0);
    expect(b.changes).toBe(before);
    expect(b.read("/t")).toBe("x");
    expect(() => b.write("/t", "y")).toThrow(VfsError);
  });
});
