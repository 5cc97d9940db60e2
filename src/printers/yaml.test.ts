import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asList } from "./json.js";
import { sortYamlKeys, toYaml } from "./yaml.js";

const TESTDATA = join(__dirname, "testdata");
// Every NAME.yaml in testdata is what the real kubectl printed for the object in NAME.json.
const pairs = readdirSync(TESTDATA)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length));

describe("toYaml matches kubectl get -o yaml", () => {
  it("has fixtures", () => expect(pairs.length).toBeGreaterThan(35));
  it.each(pairs)("%s", (stem) => {
    const obj = JSON.parse(readFileSync(join(TESTDATA, `${stem}.json`), "utf8"));
    expect(toYaml(obj)).toBe(readFileSync(join(TESTDATA, `${stem}.yaml`), "utf8"));
  });
});

describe("toYaml details", () => {
  it("quotes keys and strings go-yaml would read back as something else", () => {
    expect(toYaml({ y: 1, n: 2, on: 3 })).toBe('"n": 2\n"on": 3\n"y": 1\n');
    const out = toYaml({
      a: "1500",
      b: "yes",
      c: "on",
      d: "",
      e: "~",
      f: "2026-11-27T09:50:00Z",
      g: "1:30",
      h: "plain",
    });
    expect(out).toBe(
      'a: "1500"\nb: "yes"\nc: "on"\nd: ""\ne: "~"\nf: "2026-11-27T09:50:00Z"\ng: "1:30"\nh: plain\n',
    );
  });

  it("single-quotes strings that only YAML syntax forbids as plain", () => {
    expect(toYaml({ a: "*x", b: "- x", c: "a: b", d: " lead", e: "it's #x" })).toBe(
      "a: '*x'\nb: '- x'\nc: 'a: b'\nd: ' lead'\ne: 'it''s #x'\n",
    );
  });

  it("writes sequences flush with their key and empty collections in flow style", () => {
    expect(
      toYaml({ spec: { containers: [{ name: "c", ports: [{ containerPort: 80 }] }], x: [], z: {} } }),
    ).toBe("spec:\n  containers:\n  - name: c\n    ports:\n    - containerPort: 80\n  x: []\n  z: {}\n");
  });

  it("uses a literal block for multi-line strings, with go-yaml's chomping hints", () => {
    expect(toYaml({ a: "x\ny\n", b: "x\ny", c: "x\n\n", d: "  x\n" })).toBe(
      "a: |\n  x\n  y\nb: |-\n  x\n  y\nc: |+\n  x\n\nd: |2\n    x\n",
    );
  });

  it("folds long plain scalars at the first space past column 80", () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
    expect(toYaml({ message: words })).toBe(
      "message: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n" +
        "  word12 word13 word14 word15 word16 word17 word18 word19\n",
    );
  });

  it("orders keys like go-yaml: numbers by value, non-letters before letters", () => {
    expect(sortYamlKeys(["a10", "a9", "b", "_x", "A", "1", "10", "9", "a-b", "ab"])).toEqual([
      "_x",
      "1",
      "9",
      "10",
      "A",
      "a-b",
      "a9",
      "a10",
      "ab",
      "b",
    ]);
  });

  it("prints numbers the way they come back from Go's JSON and go-yaml", () => {
    expect(toYaml({ a: 1234567.5, b: 0.00001, c: 1e21, d: 1e20, e: 3, f: -0.5 })).toBe(
      "a: 1.2345675e+06\nb: 1e-05\nc: 1e+21\nd: 1e+20\ne: 3\nf: -0.5\n",
    );
  });

  it("wraps list results the way kubectl does", () => {
    expect(toYaml(asList([]))).toBe(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  it("fails like kubectl on characters go-yaml's reader refuses", () => {
    const obj = JSON.parse(readFileSync(join(TESTDATA, "control-char.json"), "utf8"));
    const stderr = readFileSync(join(TESTDATA, "control-char.stderr"), "utf8");
    expect(() => toYaml(obj)).toThrow(stderr.trim().replace(/^error: /, ""));
  });
});
