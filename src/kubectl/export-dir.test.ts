import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Vfs } from "../shell/vfs.js";
import { MARKER, writeExportDir } from "./export-dir.js";
import { hostFiles, vfsFiles } from "./userfiles.js";

const lab = (...names: string[]) => [
  { rel: "kind-config.yaml", text: "kind: Cluster\n" },
  ...names.map((n) => ({ rel: `manifests/${n}`, text: `# ${n}\n` })),
];

describe("cluster export --output on the host", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-export-")));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const read = (p: string) => fs.readFileSync(path.join(tmp, p), "utf8");

  it("writes a new directory and marks it with the files it wrote", () => {
    const dir = path.join(tmp, "out");
    const wrote = writeExportDir(hostFiles, dir, lab("05-pod-default-a.yaml"));
    expect(wrote).toEqual([
      path.join(dir, "kind-config.yaml"),
      path.join(dir, "manifests/05-pod-default-a.yaml"),
    ]);
    expect(read(`out/${MARKER}`)).toMatch(/^# kubesim cluster export wrote this directory/);
    expect(
      read(`out/${MARKER}`)
        .split("\n")
        .filter((l) => l && !l.startsWith("#")),
    ).toEqual(["kind-config.yaml", "manifests/05-pod-default-a.yaml"]);
  });

  it("replaces only its own files in an earlier export, and keeps the user's", () => {
    const dir = path.join(tmp, "out");
    writeExportDir(hostFiles, dir, lab("05-pod-default-a.yaml"));
    fs.writeFileSync(path.join(dir, "notes.md"), "mine\n");
    fs.writeFileSync(path.join(dir, "manifests/50-pod-default-mine.yaml"), "mine\n");
    writeExportDir(hostFiles, dir, lab("05-pod-default-b.yaml"));
    expect(fs.readdirSync(path.join(dir, "manifests")).sort()).toEqual([
      "05-pod-default-b.yaml",
      "50-pod-default-mine.yaml",
    ]);
    expect(read("out/notes.md")).toBe("mine\n");
    expect(read("out/manifests/50-pod-default-mine.yaml")).toBe("mine\n");
  });

  it("ignores marker lines that name anything but its own files", () => {
    const dir = path.join(tmp, "out");
    writeExportDir(hostFiles, dir, lab());
    fs.writeFileSync(path.join(tmp, "precious.yaml"), "keep\n");
    fs.appendFileSync(
      path.join(dir, MARKER),
      "../precious.yaml\nmanifests/../../precious.yaml\n/etc/passwd\n",
    );
    writeExportDir(hostFiles, dir, lab());
    expect(read("precious.yaml")).toBe("keep\n");
  });

  it("refuses a non-empty directory it did not write, and changes nothing in it", () => {
    const dir = path.join(tmp, "mine");
    fs.mkdirSync(path.join(dir, "manifests"), { recursive: true });
    fs.writeFileSync(path.join(dir, "manifests/05-pod-default-a.yaml"), "my own\n");
    fs.writeFileSync(path.join(dir, "kind-config.yaml"), "my own\n");
    expect(() => writeExportDir(hostFiles, dir, lab("05-pod-default-a.yaml"))).toThrow(
      `error: cannot export to ${dir}: it is not empty and holds no earlier export (no .kubesim-export file), and kubesim overwrites nothing it did not write. Choose a new or empty directory.`,
    );
    expect(read("mine/manifests/05-pod-default-a.yaml")).toBe("my own\n");
    expect(read("mine/kind-config.yaml")).toBe("my own\n");
    expect(fs.existsSync(path.join(dir, MARKER))).toBe(false);
  });

  it("refuses to write over a file of the user's in an earlier export", () => {
    const dir = path.join(tmp, "out");
    writeExportDir(hostFiles, dir, lab());
    fs.writeFileSync(path.join(dir, "manifests/05-pod-default-a.yaml"), "my own\n");
    expect(() => writeExportDir(hostFiles, dir, lab("05-pod-default-a.yaml"))).toThrow(
      `${path.join(dir, "manifests/05-pod-default-a.yaml")} was not written by an earlier export`,
    );
    expect(read("out/manifests/05-pod-default-a.yaml")).toBe("my own\n");
  });

  it("accepts an empty directory", () => {
    fs.mkdirSync(path.join(tmp, "empty"));
    writeExportDir(hostFiles, path.join(tmp, "empty"), lab());
    expect(read("empty/kind-config.yaml")).toBe("kind: Cluster\n");
  });

  it("refuses a path that is not a directory", () => {
    fs.writeFileSync(path.join(tmp, "file"), "x");
    expect(() => writeExportDir(hostFiles, path.join(tmp, "file"), lab())).toThrow(
      "it is not a directory. Choose a new directory, an empty one, or an earlier export's.",
    );
  });

  it("refuses kernel filesystems at once, also through a link", () => {
    for (const dir of ["/proc/self", "/proc/self/new/dir", "/sys", "/dev/shm/x", "/proc"])
      expect(() => writeExportDir(hostFiles, dir, lab()), dir).toThrow(/a filesystem the kernel provides/);
    fs.symlinkSync("/proc/self", path.join(tmp, "link"));
    expect(() => writeExportDir(hostFiles, path.join(tmp, "link", "x"), lab())).toThrow(
      `error: cannot export to ${path.join(tmp, "link", "x")}: it is inside /proc (it resolves to /proc/`,
    );
  });

  it("needs a directory name", () => {
    expect(() => writeExportDir(hostFiles, "", lab())).toThrow("error: --output needs a directory name");
  });
});

describe("cluster export --output in a node shell", () => {
  it("writes the node's files, relative to the shell's directory", () => {
    const vfs = Vfs.fromFiles({ "/root/.bashrc": "" });
    writeExportDir(
      vfsFiles(vfs, () => "/root"),
      "lab",
      lab("05-pod-default-a.yaml"),
    );
    expect(vfs.list("/root/lab")).toEqual([MARKER, "kind-config.yaml", "manifests"]);
    expect(vfs.read("/root/lab/manifests/05-pod-default-a.yaml")).toBe("# 05-pod-default-a.yaml\n");
  });

  it("refuses /proc there too", () => {
    const vfs = Vfs.fromFiles({});
    expect(() =>
      writeExportDir(
        vfsFiles(vfs, () => "/"),
        "/proc/self",
        lab(),
      ),
    ).toThrow(/inside \/proc/);
    expect(vfs.exists("/proc")).toBe(false);
  });
});
