// Writes reach the disk whole or not at all: short writes are completed, a disk that fills
// up or lies about what it wrote leaves the previous file and no temp behind.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeAllQuietly, replaceVerified, writeAllVerified, writeVerified } from "./durable.js";
import { fsReason, ShortWrite } from "./errors.js";
import type { StoreFs } from "./fsio.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-durable-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

type WriteSync = (fd: number, buf: Buffer, off: number, len: number) => number;

/** The real disk, with writeSync replaced. */
function withWrite(write: WriteSync): StoreFs {
  return { ...fs, writeSync: write as StoreFs["writeSync"] };
}

const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

describe("writeVerified", () => {
  it("keeps writing until every byte is taken", () => {
    let calls = 0;
    const halves = withWrite((fd, buf, off, len) => {
      calls++;
      return fs.writeSync(fd, buf, off, Math.ceil(len / 2));
    });
    const data = Buffer.from("x".repeat(1000));
    writeVerified(halves, path.join(dir, "f"), data);
    expect(fs.readFileSync(path.join(dir, "f"))).toEqual(data);
    expect(calls).toBeGreaterThan(5);
  });

  it("throws the disk's error on a full disk and removes the partial file", () => {
    let first = true;
    const fills = withWrite((fd, buf, off, len) => {
      if (!first) throw enospc();
      first = false;
      return fs.writeSync(fd, buf, off, Math.floor(len / 2));
    });
    expect(() => writeVerified(fills, path.join(dir, "f"), Buffer.from("0123456789"))).toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("catches a disk that reports bytes it did not write", () => {
    const liar = withWrite((fd, buf, off, len) => {
      fs.writeSync(fd, buf, off, Math.floor(len / 2));
      return len;
    });
    let err: unknown;
    try {
      writeVerified(liar, path.join(dir, "f"), Buffer.from("0123456789"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShortWrite);
    expect(fsReason(err)).toBe("only 5 of 10 bytes reached the disk");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("catches bytes that changed on the way", () => {
    const flips = withWrite((fd, buf, off, len) => {
      const copy = Buffer.from(buf.subarray(off, off + len));
      copy[0] = copy[0]! ^ 1;
      return fs.writeSync(fd, copy, 0, len);
    });
    expect(() => writeVerified(flips, path.join(dir, "f"), Buffer.from("abc"))).toThrow(
      "the bytes read back differ from the bytes written",
    );
  });

  it("stops when the disk takes nothing rather than loop", () => {
    const stuck = withWrite(() => 0);
    expect(() => writeVerified(stuck, path.join(dir, "f"), Buffer.from("abc"))).toThrow(
      "the disk took 0 of 3 bytes",
    );
  });

  it("leaves a file already there alone when told to create a new one", () => {
    const f = path.join(dir, "f");
    fs.writeFileSync(f, "someone's");
    expect(() => writeVerified(fs, f, Buffer.from("mine"), true)).toThrow(/EEXIST/);
    expect(fs.readFileSync(f, "utf8")).toBe("someone's");
  });
});

describe("replaceVerified", () => {
  it("renames a verified temp over the file", () => {
    const f = path.join(dir, "meta.json");
    fs.writeFileSync(f, "old");
    replaceVerified(fs, f, `${f}.1.1.tmp`, Buffer.from("new"));
    expect(fs.readFileSync(f, "utf8")).toBe("new");
    expect(fs.readdirSync(dir)).toEqual(["meta.json"]);
  });

  it("renames nothing after a short write, and removes the temp", () => {
    const f = path.join(dir, "meta.json");
    fs.writeFileSync(f, "old");
    let first = true;
    const fills = withWrite((fd, buf, off) => {
      if (!first) throw enospc();
      first = false;
      return fs.writeSync(fd, buf, off, 2);
    });
    expect(() => replaceVerified(fills, f, `${f}.1.1.tmp`, Buffer.from("a new state"))).toThrow(/ENOSPC/);
    expect(fs.readFileSync(f, "utf8")).toBe("old");
    expect(fs.readdirSync(dir)).toEqual(["meta.json"]);
  });

  it("renames nothing when the last check throws", () => {
    const f = path.join(dir, "meta.json");
    fs.writeFileSync(f, "old");
    expect(() =>
      replaceVerified(fs, f, `${f}.1.1.tmp`, Buffer.from("new"), () => {
        throw new Error("changed meanwhile");
      }),
    ).toThrow("changed meanwhile");
    expect(fs.readFileSync(f, "utf8")).toBe("old");
    expect(fs.readdirSync(dir)).toEqual(["meta.json"]);
  });
});

describe("writeAllVerified", () => {
  const files = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      file: path.join(dir, `s${i}`),
      // In pieces, as a shard rewritten around a changed entry is (shard.ts chunks).
      data: () => [Buffer.from("{\n"), Buffer.from(`${i}`.repeat(500 + i)), Buffer.from("\n}\n")],
    }));
  const whole = (f: { data: () => Buffer[] }) => Buffer.concat(f.data());
  const create = (fsx: StoreFs) => (file: string) => fsx.openSync(file, "wx+", 0o600);

  it("writes every file whole through short writes, fsyncing them and their directory at once", async () => {
    const synced: number[] = [];
    const halves: StoreFs = {
      ...withWrite((fd, buf, off, len) => fs.writeSync(fd, buf, off, Math.ceil(len / 2))),
      fsync: ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
        synced.push(fd);
        fs.fsync(fd, cb);
      }) as StoreFs["fsync"],
    };
    const batch = files(12);
    await writeAllVerified(halves, dir, batch, create(halves));
    for (const f of batch) expect(fs.readFileSync(f.file)).toEqual(whole(f));
    expect(synced).toHaveLength(13);
  });

  it("removes every file it created when the disk fills up halfway, and leaves others alone", async () => {
    fs.writeFileSync(path.join(dir, "other"), "not ours");
    let written = 0;
    const fills = withWrite((fd, buf, off, len) => {
      if (++written > 5) throw enospc();
      return fs.writeSync(fd, buf, off, len);
    });
    await expect(writeAllVerified(fills, dir, files(10), create(fills))).rejects.toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual(["other"]);
  });

  it("removes every file it created when an fsync fails", async () => {
    const broken: StoreFs = {
      ...fs,
      fsync: ((_fd: number, cb: (e: NodeJS.ErrnoException | null) => void) =>
        cb(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }))) as StoreFs["fsync"],
    };
    await expect(writeAllVerified(broken, dir, files(4), create(broken))).rejects.toThrow(/EIO/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("catches a disk that reports bytes it did not write", async () => {
    const liar = withWrite((fd, buf, off, len) => {
      fs.writeSync(fd, buf, off, Math.floor(len / 2));
      return len;
    });
    await expect(writeAllVerified(liar, dir, files(3), create(liar))).rejects.toBeInstanceOf(ShortWrite);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("catches a piece that reached the disk changed, though every size is right", async () => {
    const flips = withWrite((fd, buf, off, len) => {
      const copy = Buffer.from(buf.subarray(off, off + len));
      if (copy.length > 100) copy[50] ^= 1;
      return fs.writeSync(fd, copy, 0, len);
    });
    await expect(writeAllVerified(flips, dir, files(2), create(flips))).rejects.toThrow(/differ/);
    expect(fs.readdirSync(dir)).toEqual([]);
    // A larger file after a smaller one, and a smaller after a larger, read back whole.
    const sizes = [Buffer.alloc(70_000, 1), Buffer.alloc(10, 2), Buffer.alloc(200_000, 3)];
    const batch = sizes.map((b, i) => ({ file: path.join(dir, `z${i}`), data: () => [b] }));
    await writeAllVerified(fs, dir, batch, create(fs));
    for (const [i, b] of sizes.entries()) expect(fs.readFileSync(path.join(dir, `z${i}`))).toEqual(b);
  });
});

describe("removeAllQuietly", () => {
  it("removes every file it is given at once, and passes over one already gone", async () => {
    const names = ["a", "b", "c"].map((n) => path.join(dir, n));
    for (const f of names) fs.writeFileSync(f, "x");
    fs.writeFileSync(path.join(dir, "kept"), "x");
    await removeAllQuietly(fs, [...names, path.join(dir, "missing")]);
    expect(fs.readdirSync(dir)).toEqual(["kept"]);
  });
});
