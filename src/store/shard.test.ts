import { describe, expect, it } from "vitest";
import type { KObject } from "../api/types.js";
import { entryProblem } from "./shape.js";
import { Shard } from "./shard.js";

const obj = (name: string, extra: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, ...extra }) as KObject;

const failing = (why: string): never => {
  throw new Error(`unreadable: ${why}`);
};
const check = (key: string, o: unknown) => entryProblem(key, o);

describe("a shard file", () => {
  it("is one JSON document with one entry a line, read back key for key and in order", () => {
    const s = new Shard();
    s.set("default/b", obj("b", { data: { text: 'two\nlines "quoted" \\ back' } }));
    s.set("default/a", obj("a"));
    s.set('odd/"key"\\', obj("odd"));
    const text = s.serialize();
    expect(text.split("\n")).toHaveLength(6);
    expect(Object.keys(JSON.parse(text))).toEqual(["default/b", "default/a", 'odd/"key"\\']);
    const back = Shard.lines(text, check, failing);
    expect(back?.keys()).toEqual(s.keys());
    expect(back?.get("default/b")).toEqual(s.get("default/b"));
    expect(back?.get('odd/"key"\\')?.metadata.name).toBe("odd");
    expect(back?.size).toBe(3);
  });

  it("writes back entries nobody asked for as the text they were read as", () => {
    const s = new Shard();
    for (let i = 0; i < 5; i++) s.set(`k${i}`, obj(`k${i}`));
    const text = s.serialize();
    const back = Shard.lines(text) as Shard;
    back.set("k2", obj("changed"));
    back.delete("k4");
    const again = JSON.parse(back.serialize());
    expect(Object.keys(again)).toEqual(["k0", "k1", "k2", "k3"]);
    expect(again.k2.metadata.name).toBe("changed");
    expect(again.k0).toEqual(obj("k0"));
    expect(back.size).toBe(4);
  });

  it("keeps keys that look like numbers where a JavaScript object would", () => {
    const s = new Shard();
    s.set("b", obj("b"));
    s.set("10", obj("ten"));
    s.set("2", obj("two"));
    expect(s.keys()).toEqual(["2", "10", "b"]);
    expect(Shard.lines(s.serialize())?.keys()).toEqual(["2", "10", "b"]);
  });

  it("holds a key named __proto__ as any other", () => {
    const s = new Shard();
    s.set("__proto__", obj("p"));
    const back = Shard.lines(s.serialize()) as Shard;
    expect(back.get("__proto__")?.metadata.name).toBe("p");
    expect(back.has("toString")).toBe(false);
  });

  it("copies unread lines as bytes between entries written anew, multi-byte text included", () => {
    const s = new Shard();
    for (const k of ["a", "b", "c", "d"]) s.set(k, obj(k, { data: { text: `${k} héllo ☃` } }));
    const back = Shard.lines(Buffer.from(s.serialize()), check, failing) as Shard;
    back.set("b", obj("b2"));
    back.set("e", obj("e"));
    back.set("f", obj("f"));
    const bytes = back.bytes();
    const doc = JSON.parse(bytes.toString("utf8"));
    expect(Object.keys(doc)).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(doc.b.metadata.name).toBe("b2");
    expect(doc.d.data.text).toBe("d héllo ☃");
    // Still one entry a line, read back lazily.
    const again = Shard.lines(bytes, check, failing) as Shard;
    expect(again.keys()).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(again.get("c")?.data).toEqual({ text: "c héllo ☃" });
  });

  it("leaves the older one-line layout, a hand-edited file and a cut-short one to the whole-file parser", () => {
    expect(Shard.lines(JSON.stringify({ a: obj("a") }))).toBeUndefined();
    expect(Shard.lines(JSON.stringify({ a: obj("a") }, null, 2))).toBeUndefined();
    const text = Shard.of({ a: obj("a"), b: obj("b") }).serialize();
    expect(Shard.lines(text.slice(0, text.length - 5))).toBeUndefined();
    expect(Shard.lines(text.replace('"b":', '"b" :'))).toBeUndefined();
    expect(Shard.lines(text.replace("},\n", "}\n"))).toBeUndefined();
    expect(Shard.lines(text.replace('"b":{', '"b":['))).toBeUndefined();
    expect(Shard.lines("{\n}\n")?.size).toBe(0);
  });

  it("splits an ASCII file as text and any other as bytes, into the same entries and verdicts", () => {
    const ascii = Shard.of({
      a: obj("a"),
      'k\\"q': obj("q"),
      b: obj("b", { data: { x: '"quoted"\\' } }),
    }).serialize();
    // One non-ASCII entry sends the whole file down the byte path.
    const mixed = ascii.replace("\n}\n", `,\n"é":${JSON.stringify(obj("é"))}\n}\n`);
    for (const text of [ascii, mixed]) {
      const s = Shard.lines(Buffer.from(text), check, failing) as Shard;
      expect(s.keys()).toEqual(Object.keys(JSON.parse(text)));
      for (const k of s.keys()) expect(s.get(k)).toEqual(JSON.parse(text)[k]);
      expect(Shard.lines(text.replace('"b":', '"b" :'))).toBeUndefined();
      expect(Shard.lines(text.replace('"b":{', '"b":['))).toBeUndefined();
      expect(Shard.lines(text.replace('"b":{', '"b{'))).toBeUndefined();
      expect(Shard.lines(text.replace("},\n", "}\n"))).toBeUndefined();
    }
  });

  it("reports a damaged entry when it is read, and carries it unread to a new file as it was", () => {
    const text = Shard.of({ a: obj("a"), b: obj("b") })
      .serialize()
      .replace('"name":"b"', '"name":b"');
    const s = Shard.lines(text, check, failing) as Shard;
    expect(s.get("a")?.metadata.name).toBe("a");
    expect(() => s.get("b")).toThrow('unreadable: its entry "b" is not valid JSON');
    const t = Shard.lines(text, check, failing) as Shard;
    t.set("c", obj("c"));
    const carried = Shard.lines(t.serialize(), check, failing) as Shard;
    expect(carried.keys()).toEqual(["a", "b", "c"]);
    expect(() => carried.get("b")).toThrow('unreadable: its entry "b" is not valid JSON');
    const noName = Shard.of({ a: obj("a") })
      .serialize()
      .replace('"metadata":{"name":"a"}', '"metadata":{}');
    expect(() => (Shard.lines(noName, check, failing) as Shard).get("a")).toThrow("has no metadata.name");
  });
});

describe("a shard file left unindexed", () => {
  /** A file of n entries, some with keys that need escaping and multi-byte text. */
  const fileOf = (n: number): Buffer => {
    const s = new Shard();
    for (let i = 0; i < n; i++)
      s.set(i % 7 === 3 ? `ns/"q${i}"\\` : `ns/k${i}`, obj(`k${i}`, { data: { t: `é${i}` } }));
    return s.bytes();
  };
  const whole = (b: Buffer) => () => Shard.of(JSON.parse(b.toString("utf8")), check, failing);
  const open = (b: Buffer, count?: number) => Shard.open(b, check, failing, count, whole(b)) as Shard;

  it("answers and writes as the indexed shard does, over a thousand random changes", () => {
    // A seeded walk: the same steps on an unindexed and an indexed copy of one file.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const file = fileOf(1 + rand(30));
      const count = Shard.lines(file)?.size;
      const lazy = open(file, round % 3 ? count : undefined);
      const indexed = Shard.lines(file, check, failing) as Shard;
      for (let step = 0; step < 25; step++) {
        const i = rand(40);
        const key = i % 7 === 3 ? `ns/"q${i}"\\` : i === 39 ? "7" : `ns/k${i}`;
        const op = rand(6);
        if (op === 0) expect(lazy.has(key)).toBe(indexed.has(key));
        else if (op === 5) {
          // A prefix of some keys ("ns/k1" begins ns/k1, ns/k10...), and one that needs escaping.
          for (const prefix of [`ns/k${i % 4}`, 'ns/"q', "ns/", "zz"])
            expect(lazy.keysWithPrefix(prefix)).toEqual(indexed.keys().filter((k) => k.startsWith(prefix)));
        } else if (op === 1) expect(lazy.get(key)).toEqual(indexed.get(key));
        else if (op === 2) {
          lazy.set(key, obj(`new${step}`));
          indexed.set(key, obj(`new${step}`));
        } else if (op === 3) expect(lazy.delete(key)).toBe(indexed.delete(key));
        else {
          const got = lazy.get(key);
          if (got) got.metadata.labels = { step: `${step}` };
          const want = indexed.get(key);
          if (want) want.metadata.labels = { step: `${step}` };
        }
        if (round % 5 === 0 && step === 12) expect(lazy.keys()).toEqual(indexed.keys());
      }
      expect(lazy.size).toBe(indexed.size);
      const out = lazy.bytes();
      expect(JSON.parse(out.toString("utf8"))).toEqual(JSON.parse(indexed.serialize()));
      // Written, it is one entry a line again, in the indexed shard's order.
      expect((Shard.lines(out) as Shard).keys()).toEqual(indexed.keys());
    }
  });

  it("copies the lines around a changed entry as ranges of the file read", () => {
    const file = fileOf(10);
    const s = open(file, 10);
    s.set("ns/k5", obj("five"));
    const parts = s.chunks();
    // "{\n", lines 0-4, ",\n", line 5 anew, ",\n", lines 6-9, "\n}\n"
    expect(parts).toHaveLength(7);
    expect(parts[1]?.buffer).toBe(file.buffer);
    expect(parts[5]?.buffer).toBe(file.buffer);
    expect(s.size).toBe(10);
  });

  it("is indexed whole for a key written twice, a line not as written, or a number-like new key", () => {
    const text = Shard.of({ a: obj("a"), b: obj("b") }).serialize();
    const twice = Buffer.from(text.replace('"b":', '"a":'));
    expect(open(twice).get("a")?.metadata.name).toBe("b");
    // Changed, the key is written once, whichever line it was found on.
    const changed = open(twice);
    changed.set("a", obj("again"));
    expect(changed.serialize().match(/"a":/g)).toHaveLength(1);
    expect(JSON.parse(changed.serialize()).a.metadata.name).toBe("again");
    const dropped = open(twice);
    dropped.delete("a");
    expect(JSON.parse(dropped.serialize())).toEqual({});
    // A prefix search that meets the key twice indexes the file too.
    expect(open(twice).keysWithPrefix("a")).toEqual(["a"]);
    // A line damaged elsewhere is found when its own entry is asked for, or the shard listed.
    const noComma = Buffer.from(text.replace("},\n", "}\n"));
    expect(open(noComma).get("b")?.metadata.name).toBe("b");
    expect(() => open(noComma).get("a")).toThrow(/not valid JSON|Unexpected|Expected/);
    expect(() => open(noComma).keys()).toThrow(/not valid JSON|Unexpected|Expected/);
    const s = open(Buffer.from(text), 2);
    s.set("10", obj("ten"));
    expect(Object.keys(JSON.parse(s.serialize()))).toEqual(["10", "a", "b"]);
    expect(s.keys()).toEqual(["10", "a", "b"]);
  });

  it("gives the keys of a prefix whose lines hold some bytes, and every entry parsed or written", () => {
    const file = fileOf(12);
    const s = open(file, 12);
    // ns/k10 is ns/"q10"\ here (fileOf).
    expect(s.keysWithPrefix("ns/k1", '"t":"é1')).toEqual(["ns/k1", "ns/k11"]);
    expect(s.keysWithPrefix("ns/k1", '"t":"é1"')).toEqual(["ns/k1"]);
    s.get("ns/k11");
    s.set("ns/k1x", obj("new"));
    expect(s.keysWithPrefix("ns/k1", '"t":"é1"')).toEqual(["ns/k1", "ns/k11", "ns/k1x"]);
    expect(s.keysWithPrefix('ns/"q1', "é10")).toEqual(['ns/"q10"\\']);
    const indexed = Shard.lines(file) as Shard;
    expect(indexed.keysWithPrefix("ns/k1", '"t":"é11"')).toEqual(["ns/k11"]);
  });

  it("leaves a file that does not begin and end as written to the whole-file parser", () => {
    const text = Shard.of({ a: obj("a") }).serialize();
    expect(
      Shard.open(Buffer.from(text.slice(0, -2)), check, failing, 1, whole(Buffer.from(text))),
    ).toBeUndefined();
    expect(Shard.open(Buffer.from("[]"), check, failing, 1, whole(Buffer.from(text)))).toBeUndefined();
    expect(open(Buffer.from("{\n\n}\n"), 0).size).toBe(0);
  });
});
