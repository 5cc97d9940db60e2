// kubectl cp's host side: it reads and writes only the path the user named. A link on the
// host is sent as a link, a destination reached through a link below the named directory is
// skipped with kubectl's warning, and what would not fit the container's disk fails there.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "./harness.js";

describe("kubectl cp on the host", () => {
  const sb = new Sandbox();
  const host = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-cp-"));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-cp-outside-"));
  afterAll(() => {
    sb.cleanup();
    fs.rmSync(host, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it("sends a host link as a link, never what it points to", async () => {
    expect((await sb.sh("apply -f manifests/pods.yml")).code).toBe(0);
    fs.writeFileSync(path.join(outside, "secret"), "not for the pod\n");
    fs.mkdirSync(path.join(host, "src"));
    fs.writeFileSync(path.join(host, "src", "plain"), "plain\n");
    fs.symlinkSync(path.join(outside, "secret"), path.join(host, "src", "link"));
    expect(await sb.run(["cp", path.join(host, "src"), "testpod:/tmp/src", "-c", "c00"])).toEqual({
      code: 0,
      out: "",
      err: "",
    });
    const ls = await sb.run([
      "exec",
      "testpod",
      "-c",
      "c00",
      "--",
      "sh",
      "-c",
      "ls -l /tmp/src; cat /tmp/src/plain",
    ]);
    expect(ls.out).toContain(`link -> ${path.join(outside, "secret")}\n`);
    expect(ls.out).toMatch(/plain\nplain\n$/);
  });

  it("skips container links and writes nothing through a link below the destination", async () => {
    const dest = path.join(host, "dest");
    fs.mkdirSync(dest);
    fs.symlinkSync(outside, path.join(dest, "sub"));
    // The container's tree, made by a copy from the host: a file below sub/ and a link.
    const made = path.join(host, "made");
    fs.mkdirSync(path.join(made, "sub"), { recursive: true });
    fs.writeFileSync(path.join(made, "sub", "f"), "x\n");
    fs.symlinkSync("/etc/hostname", path.join(made, "l"));
    expect((await sb.run(["cp", made, "testpod:/tmp/t", "-c", "c00"])).code).toBe(0);
    const r = await sb.run(["cp", "testpod:/tmp/t", dest, "-c", "c00"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `warning: skipping symlink: "${dest}/l" -> "/etc/hostname" (consider using "kubectl exec -n "default" "testpod" -- tar cf - "/tmp/t" | tar xf -")\n` +
        `warning: file "${dest}/sub/f" is outside target destination, skipping\n`,
    );
    expect(fs.existsSync(path.join(outside, "f"))).toBe(false);
  });

  it("copies a file back over the path named, and into a directory by its name", async () => {
    const back = path.join(host, "hostname");
    expect((await sb.run(["cp", "testpod:/etc/hostname", back, "-c", "c00"])).code).toBe(0);
    expect(fs.readFileSync(back, "utf8")).toBe("testpod\n");
    const r = await sb.run(["cp", "testpod:/etc/hostname", host, "-c", "c00"]);
    expect(r.err).toBe(`error: open ${host}: is a directory\n`);
    expect(r.code).toBe(1);
  });

  it("fails a file larger than the container's disk with tar's ENOSPC, and refuses to read past kubesim's input limit", async () => {
    const big = path.join(host, "big");
    fs.writeFileSync(big, "x".repeat(5 * 1024 * 1024));
    const r = await sb.run(["cp", big, "testpod:/tmp/big", "-c", "c00"]);
    expect(r.err).toBe(
      "tar: big: Cannot open: No space left on device\ntar: Exiting with failure status due to previous errors\ncommand terminated with exit code 2\n",
    );
    expect(r.code).toBe(2);
    const huge = path.join(host, "huge");
    fs.writeFileSync(huge, Buffer.alloc(17 * 1024 * 1024));
    const h = await sb.run(["cp", huge, "testpod:/tmp/huge", "-c", "c00"]);
    expect(h.err).toBe(
      `error: ${huge}: larger than 16 MiB; kubesim reads at most 16 MiB from one file or from standard input\n`,
    );
    expect(h.code).toBe(1);
  });
});
