// A shell started from a large environment reads it by name: Layered behaves as a Map built
// from the whole base would, and a shell over an Environ prints what it would print over
// the same variables given as a record, listing the base only for env, printenv, set and export.
import { describe, expect, it } from "vitest";
import { type Environ, environOf, Layered, leading } from "./environ.js";
import { type Var, varsFrom } from "./state.js";
import { testShell } from "./testkit.js";

/** A small seeded generator, so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

const BASE: [string, string][] = Array.from({ length: 8 }, (_, i) => [`B${i}`, `b${i}`]);

describe("Layered", () => {
  it("keeps Map's order and values through any sequence of set, delete, copy and clear", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const names = [...BASE.map(([k]) => k), "X", "Y", "Z"];
      let layered: Map<string, string> = new Layered(environOf(BASE), (s) => s);
      let plain = new Map(BASE);
      for (let step = 0; step < 40; step++) {
        const name = names[Math.floor(r() * names.length)];
        const op = r();
        if (op < 0.4) {
          layered.set(name, `v${step}`);
          plain.set(name, `v${step}`);
        } else if (op < 0.75) {
          expect(layered.delete(name)).toBe(plain.delete(name));
        } else if (op < 0.9) {
          // A copy goes on alone; the original must not see its changes.
          const copy = (layered as Layered<string>).copy();
          layered.set("ORIGINAL", "only here");
          layered = copy;
          plain = new Map(plain);
        } else if (op < 0.92) {
          layered.clear();
          plain.clear();
        }
        expect(layered.get(name)).toBe(plain.get(name));
        expect(layered.has(name)).toBe(plain.has(name));
        expect([...layered]).toEqual([...plain]);
        expect(layered.size).toBe(plain.size);
      }
    }
  });

  it("returns the same object for a base name each time, so a change to it stays", () => {
    const vars = new Layered(environOf(BASE), (value) => ({ value, exported: true }));
    const v = vars.get("B3");
    if (v) v.exported = false;
    expect(vars.get("B3")).toEqual({ value: "b3", exported: false });
    expect([...vars].find(([k]) => k === "B3")?.[1]).toBe(v);
  });

  it("derives a view that leaves out what the mapping drops, at no cost to the base", () => {
    const vars = new Layered(environOf(BASE), (value) => ({ value, exported: true }));
    vars.set("B1", { value: "hidden", exported: false });
    vars.set("NEW", { value: "n", exported: true });
    const env = vars.derive(
      (s) => s,
      (v) => (v.exported ? v.value : undefined),
    );
    expect(env.get("B1")).toBeUndefined();
    expect([...env.keys()]).toEqual(["B0", "B2", "B3", "B4", "B5", "B6", "B7", "NEW"]);
  });

  it("restores saved variables in their order, the unexported ones as changes over the rest", () => {
    const saved: [string, Var][] = [
      ["A", { value: "1", exported: true }],
      ["B", { value: "2", exported: false }],
      ["C", { value: "3", exported: true }],
    ];
    const vars = varsFrom(saved);
    expect([...vars]).toEqual(saved);
    vars.set("A", { value: "changed", exported: true });
    vars.delete("C");
    vars.set("C", { value: "back", exported: true });
    expect([...vars.keys()]).toEqual(["A", "B", "C"]);
    expect(saved[0][1].value).toBe("1");
  });

  it("keeps a variable read or set here when the base loses it later", () => {
    const base = new Map(BASE);
    const vars = new Layered({ get: (k) => base.get(k), entries: () => base.entries() }, (s) => s);
    vars.set("B2", "mine");
    base.delete("B2");
    expect(vars.get("B2")).toBe("mine");
    expect([...vars.keys()]).toContain("B2");
  });

  it("leads with defaults for names the base lacks; a name the base has keeps its value and place", () => {
    const env = leading(
      [
        ["PATH", "/bin"],
        ["HOME", "/root"],
      ],
      environOf({ A: "1", HOME: "/home/x" }),
    );
    // runc appends HOME after the rest of a container's environment: a shell lists it there.
    expect([...env.entries()]).toEqual([
      ["PATH", "/bin"],
      ["A", "1"],
      ["HOME", "/home/x"],
    ]);
    expect(env.get("HOME")).toBe("/home/x");
    // A node's shell: nothing given, the defaults lead.
    expect([...leading([["HOME", "/root"]], environOf({ A: "1" })).entries()]).toEqual([
      ["HOME", "/root"],
      ["A", "1"],
    ]);
  });
});

/** An environment of `n` generated variables that counts how often it is listed whole. */
function counted(n: number): Environ & { listed: number; asked: string[] } {
  const vars: Record<string, string> = { HOSTNAME: "testpod" };
  for (let i = 0; i < n; i++) {
    vars[`APP${i}_SERVICE_HOST`] = `10.96.0.${i}`;
    vars[`APP${i}_PORT`] = `tcp://10.96.0.${i}:80`;
  }
  const base = environOf(vars);
  const env = {
    listed: 0,
    asked: [] as string[],
    get(name: string) {
      env.asked.push(name);
      return base.get(name);
    },
    entries() {
      env.listed++;
      return base.entries();
    },
  };
  return env;
}

describe("a shell over an Environ", () => {
  const SCRIPT = [
    "hostname",
    "echo $APP1_SERVICE_HOST $APP2_PORT $NOPE",
    "(cd /tmp; echo $PWD $APP3_PORT)",
    "f() { local APP4_PORT=mine; echo $APP4_PORT; }; f; echo $APP4_PORT",
    "APP5_PORT=x true; echo $(echo $APP6_SERVICE_HOST) | cat",
    "export APP7_PORT=changed; unset APP8_PORT",
    "bash -c 'echo $APP7_PORT $APP8_PORT $APP9_PORT'",
  ].join("\n");

  it("reads only the names it is asked, and never the whole list for them", async () => {
    const env = counted(1000);
    const t = testShell({ env });
    const r = await t.script(SCRIPT);
    expect(r.err).toBe("");
    expect(r.out).toBe(
      [
        "testpod",
        "10.96.0.1 tcp://10.96.0.2:80",
        "/tmp tcp://10.96.0.3:80",
        "mine",
        "tcp://10.96.0.4:80",
        "10.96.0.6",
        "changed tcp://10.96.0.9:80",
        "",
      ].join("\n"),
    );
    expect(env.listed).toBe(0);
    expect(env.asked.length).toBeLessThan(100);
  });

  it("prints env, printenv, set and export -p as over the same record", async () => {
    const listing = [
      SCRIPT,
      "env",
      "printenv",
      "set",
      "export -p",
      "env -u APP3_PORT X=1 env | tail -3",
      "env -i A=1 env",
      "unset APP0_SERVICE_HOST; APP0_SERVICE_HOST=back; export APP0_SERVICE_HOST; env | tail -2",
      "export -n APP1_PORT; env | grep -c APP1_",
    ].join("\n");
    const lazy = await testShell({ env: counted(20) }).script(listing);
    const record = Object.fromEntries(counted(20).entries());
    const eager = await testShell({ env: record }).script(listing);
    expect(lazy.err).toBe("");
    expect(lazy.out).toBe(eager.out);
    expect(lazy.out).toContain("\nAPP0_SERVICE_HOST=back\n");
  });
});
