import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asList, goQuote, marshalCompact, toJson } from "./json.js";

const TESTDATA = join(__dirname, "testdata");
// NAME.json next to a NAME.yaml is kubectl's own `-o json` output.
const outputs = readdirSync(TESTDATA)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `${f.slice(0, -".yaml".length)}.json`);

describe("toJson matches kubectl get -o json", () => {
  it("has fixtures", () => expect(outputs.length).toBeGreaterThan(35));
  it.each(outputs)("%s", (file) => {
    const text = readFileSync(join(TESTDATA, file), "utf8");
    expect(toJson(JSON.parse(text))).toBe(text);
  });
});

describe("toJson details", () => {
  it("indents by four spaces, sorts keys byte-wise and ends with a newline", () => {
    expect(toJson({ b: 1, a: { z: [], y: {} }, A: [1, "x"] })).toBe(
      '{\n    "A": [\n        1,\n        "x"\n    ],\n    "a": {\n        "y": {},\n        "z": []\n    },\n    "b": 1\n}\n',
    );
  });

  it("escapes HTML-significant characters as Go does", () => {
    expect(goQuote("<a href='x'>&</a>\u2028")).toBe(
      "\"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e\\u2028\"",
    );
  });

  it("writes the empty List wrapper", () => {
    expect(toJson(asList([]))).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });

  it("marshals compactly for error messages", () => {
    expect(marshalCompact({ metadata: { name: "x" }, apiVersion: "v1" })).toBe(
      '{"apiVersion":"v1","metadata":{"name":"x"}}',
    );
  });
});
