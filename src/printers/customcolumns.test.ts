import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  customColumns,
  goTabwrite,
  parseCustomColumnsFile,
  parseCustomColumnsSpec,
  printCustomColumns,
  relaxedJsonPathExpression,
} from "./customcolumns.js";
import { JsonPathError } from "./jsonpath.js";
import { type CapturedCase, capturedCases } from "./testdata/captured.js";

// cases.json was captured from the real kubectl v1.32 (`kubectl get ... -o custom-columns=...`
// and `-o custom-columns-file=FILE`, through /work/shared/tools/kubectl-oracle.mjs) by
// testdata/jsonpath/capture.mjs; each case's input is kubectl's `-o json` of the same query.
const DIR = join(__dirname, "testdata", "jsonpath");

type Case = CapturedCase;
const captured = capturedCases(DIR);
const { cases } = captured;
const input = (target: string) => captured.input(target) as { items?: unknown[] };

/** What `kubectl get` does with the printer: stdout, then "error: ..." on stderr and exit 1. */
function runLikeKubectl(c: Case): { stdout: string; stderr: string; code: number } {
  const data = input(c.target);
  // kubectl hands the printer the List it built (or the one object); the printer walks its items.
  const objects = Array.isArray(data.items) ? data.items : [data];
  const noHeaders = c.flags.includes("--no-headers");
  try {
    const stdout =
      c.output === "custom-columns-file"
        ? printCustomColumns(parseCustomColumnsFile(c.file ?? ""), objects, { noHeaders })
        : customColumns(c.output.slice("custom-columns=".length), objects, { noHeaders });
    return { stdout, stderr: "", code: 0 };
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    let msg = e.message.startsWith("error: ") ? e.message : `error: ${e.message}`;
    if (!msg.endsWith("\n")) msg += "\n";
    return { stdout: e.stdout, stderr: msg, code: 1 };
  }
}

// Go walks maps in random order, so `..name` yields the same values in another order.
const unordered = (c: Case) => c.output.includes("..name");
const cellWords = (s: string) => s.split(/[ ,\n]+/).sort();

describe("custom-columns matches kubectl v1.32", () => {
  const cc = cases.filter((c) => c.output.startsWith("custom-columns"));
  it("has captured cases", () => expect(cc.length).toBeGreaterThan(30));
  it.each(cc.map((c) => [`${c.target}: ${c.output} ${c.file ?? ""} ${c.flags.join(" ")}`, c] as const))(
    "%s",
    (_, c) => {
      const got = runLikeKubectl(c);
      if (unordered(c)) {
        expect(cellWords(got.stdout)).toEqual(cellWords(c.stdout));
        expect(got.stdout.length).toBe(c.stdout.length);
        expect({ ...got, stdout: "" }).toEqual({ stdout: "", stderr: c.stderr, code: c.code });
      } else expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
    },
  );
});

describe("spec parsing", () => {
  it.each([
    ["metadata.name", "{.metadata.name}"],
    [".metadata.name", "{.metadata.name}"],
    ["{metadata.name}", "{.metadata.name}"],
    ["{.metadata.name}", "{.metadata.name}"],
    ["", ""],
    ["..name", "{..name}"],
  ])("relaxes %j to %j", (expr, tpl) => expect(relaxedJsonPathExpression(expr)).toBe(tpl));

  it("splits on commas, then on the first colon", () => {
    expect(parseCustomColumnsSpec("NAME:.metadata.name,A B:x:y")).toEqual([
      { header: "NAME", fieldSpec: "{.metadata.name}" },
      { header: "A B", fieldSpec: "{.x:y}" },
    ]);
  });

  it("reads a file's first two lines, split on whitespace, ignoring \\r", () => {
    expect(parseCustomColumnsFile("NAME\tIP\r\n  .metadata.name   {.status.podIP}\r\nrest")).toEqual([
      { header: "NAME", fieldSpec: "{.metadata.name}" },
      { header: "IP", fieldSpec: "{.status.podIP}" },
    ]);
  });
});

describe("printing", () => {
  const pods = [
    { metadata: { name: "a", labels: { x: "1" } }, spec: { containers: [{ name: "c1" }, { name: "c2" }] } },
    { metadata: { name: "bbbbbbbbbb" }, spec: { containers: [] } },
  ];

  it("prints only the header for no objects, and nothing else", () => {
    expect(customColumns("NAME:.metadata.name,X:.x", [], { noHeaders: false })).toBe("NAME   X\n");
    expect(customColumns("NAME:.metadata.name", [], { noHeaders: true })).toBe("");
  });

  it("joins several values with commas and prints <none> for none", () => {
    expect(customColumns("NAME:.metadata.name,C:.spec.containers[*].name,L:.metadata.labels", pods)).toBe(
      "NAME         C        L\na            c1,c2    map[x:1]\nbbbbbbbbbb   <none>   <none>\n",
    );
  });

  it("keeps the rows printed before a failing object in the error", () => {
    try {
      customColumns("N:.spec.containers[1].name", [pods[0], pods[1]]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPathError);
      expect((e as JsonPathError).message).toBe("array index out of bounds: index 1, length 0");
      expect((e as JsonPathError).stdout).toBe("N\nc2\n");
    }
  });
});

describe("goTabwrite (kubectl's tabwriter over raw text)", () => {
  it("pads columns to the widest cell plus 3, at least 6, and leaves the last cell alone", () => {
    expect(goTabwrite("A\tBB\tC\nxxxxxxx\ty\tz\n")).toBe("A         BB    C\nxxxxxxx   y     z\n");
  });
  it("keeps a column's width for later lines that have it again", () => {
    expect(goTabwrite("a\tbbbbbbbbbb\tc\nd\te\nf\tg\th\n")).toBe(
      "a     bbbbbbbbbb   c\nd     e\nf     g            h\n",
    );
  });
  it("flushes at a line without tabs; widths only grow after that", () => {
    expect(goTabwrite("A\tB\nline1\nline2\tx\nlongervalue\ty\n")).toBe(
      "A     B\nline1\nline2         x\nlongervalue   y\n",
    );
  });
  it("counts runes, not UTF-16 units", () => {
    expect(goTabwrite("😀😀\tx\nab\ty\n")).toBe("😀😀    x\nab    y\n");
  });
});
