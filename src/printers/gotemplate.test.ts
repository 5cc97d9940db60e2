import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatG, GoNum, sprint, sprintf } from "../golang/fmt.js";
import {
  executeGoTemplate,
  NO_TEMPLATE,
  parseGoTemplate,
  printGoTemplate,
  TemplateError,
  templateFileError,
} from "./gotemplate.js";
import { base64decode } from "./gotemplate-funcs.js";
import { lex } from "./gotemplate-lex.js";
import { type CapturedCase, capturedCases } from "./testdata/captured.js";

// cases.json was captured from the real kubectl v1.32 (`kubectl get ... -o go-template=...`
// through /work/shared/tools/kubectl-oracle.mjs) by testdata/gotemplate/capture.mjs; each
// case's input is kubectl's own `-o json` of the same query (input-TARGET.json).
const DIR = join(__dirname, "testdata", "gotemplate");

type Case = CapturedCase;
const { cases, input } = capturedCases(DIR);

/** The template a case runs, read the way kubectl's flags pick it. */
function templateOf(c: Case): { template?: string; file?: string } {
  const flag = c.flags.find((f) => f.startsWith("--template="))?.slice("--template=".length);
  const [format, ...rest] = c.output.split("=");
  const value = rest.join("=");
  if (format === "go-template-file" || format === "templatefile") {
    return c.file ? { template: readFileSync(join(DIR, c.file), "utf8") } : { file: value };
  }
  return { template: rest.length ? value : (flag ?? "") };
}

/** What `kubectl get` does with this printer: stdout, then "error: ..." on stderr and exit 1. */
function runLikeKubectl(c: Case): { stdout: string; stderr: string; code: number } {
  const allowMissingKeys = !c.flags.includes("--allow-missing-template-keys=false");
  const { template, file } = templateOf(c);
  try {
    if (file !== undefined) throw new TemplateError(templateFileError(file));
    return {
      stdout: printGoTemplate(template ?? "", input(c.target), { allowMissingKeys }),
      stderr: "",
      code: 0,
    };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { stdout: e.stdout, stderr: `error: ${e.message}\n`, code: 1 };
  }
}

// kubectl rejects `-o go-template=X --template=Y` in its flag layer; that is the caller's job.
const flagLayer = (c: Case) => c.stderr.includes("unable to match a printer");

describe("go-template matches kubectl v1.32", () => {
  const runnable = cases.filter((c) => !flagLayer(c));
  it("has captured cases", () => expect(runnable.length).toBeGreaterThan(180));
  it.each(runnable.map((c) => [`${c.target}: ${c.output} ${c.flags.join(" ")}`, c] as const))(
    "%s",
    (_, c) => {
      expect(runLikeKubectl(c)).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
    },
  );
});

describe("networking tutorial forms", () => {
  const nodes = {
    kind: "List",
    items: [
      {
        status: {
          addresses: [
            { type: "InternalIP", address: "172.18.0.2" },
            { type: "Hostname", address: "cp" },
          ],
        },
      },
      { status: { addresses: [{ type: "InternalIP", address: "172.18.0.3" }] } },
    ],
  };
  const run = (t: string, data: unknown) => printGoTemplate(t, data, { allowMissingKeys: true });

  it("prints names one per line", () => {
    expect(
      run('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', { items: [{ metadata: { name: "a" } }] }),
    ).toBe("a\n");
  });
  it("filters addresses with if eq", () => {
    const t =
      '{{range .items}}{{range .status.addresses}}{{if eq .type "InternalIP"}}{{.address}} {{end}}{{end}}{{end}}';
    expect(run(t, nodes)).toBe("172.18.0.2 172.18.0.3 ");
  });
  it("indexes a port and prints integers without a decimal point", () => {
    const svc = { spec: { clusterIP: "10.96.0.1", ports: [{ port: 80, nodePort: 31234, weight: 0.5 }] } };
    expect(
      run("{{(index .spec.ports 0).nodePort}} {{.spec.clusterIP}} {{(index .spec.ports 0).weight}}", svc),
    ).toBe("31234 10.96.0.1 0.5");
  });
  it("reads a label with a dot in its key", () => {
    expect(
      run('{{index .metadata.labels "app.kubernetes.io/name"}}', {
        metadata: { labels: { "app.kubernetes.io/name": "x" } },
      }),
    ).toBe("x");
  });
});

describe("errors", () => {
  const fail = (t: string, data: unknown = {}, allowMissingKeys = true) => {
    try {
      printGoTemplate(t, data, { allowMissingKeys });
    } catch (e) {
      if (e instanceof TemplateError) return e;
    }
    throw new Error("expected a TemplateError");
  };

  it.each([
    ["{{.metadata.name", "template: output:1: unclosed action"],
    ["{{end}}", "template: output:1: unexpected {{end}}"],
    ["{{foo}}", 'template: output:1: function "foo" not defined'],
    ["{{if .a}}", "template: output:1: unexpected EOF"],
    ["a\nb{{.x\n\n", "template: output:4: unclosed action"],
    ["{{.a}", "template: output:1: bad character U+007D '}'"],
    ["{{.a\u0001}}", "template: output:1: bad character U+0001"],
    ["{{\u0001}}", "template: output:1: unrecognized character in action: U+0001"],
    ["{{$x}}", 'template: output:1: undefined variable "$x"'],
    ["{{range $x := .a}}{{end}}{{$x}}", 'template: output:1: undefined variable "$x"'],
    ["{{else if .a}}", "template: output:1: unexpected {{else}}"],
    ["{{'\\q'}}", "template: output:1: invalid syntax"],
    ["{{0x}}", 'template: output:1: illegal number syntax: "0x"'],
    ["{{99999999999999999999}}", 'template: output:1: integer overflow: "99999999999999999999"'],
  ])("%j does not parse: %s", (t, reason) => {
    const e = fail(t);
    expect(e.message).toBe(`error parsing template ${t}, ${reason}`);
    expect(e.stdout).toBe("");
  });

  it("reports an execution error with kubectl's dump on stdout after the partial output", () => {
    const e = fail("a{{.b}}{{.c.d}}", { b: 1, c: "s" });
    expect(e.message).toBe(
      'error executing template "a{{.b}}{{.c.d}}": template: output:1:11: executing "output" at <.c.d>: can\'t evaluate field d in type interface {}',
    );
    expect(e.stdout).toBe(
      'a1Error executing template: template: output:1:11: executing "output" at <.c.d>: can\'t evaluate field d in type interface {}. Printing more information for debugging the template:\n' +
        "\ttemplate was:\n\t\ta{{.b}}{{.c.d}}\n" +
        '\traw data was:\n\t\t{"b":1,"c":"s"}\n' +
        "\tobject given to template engine was:\n\t\tmap[b:1 c:s]\n\n",
    );
  });
  it("reports missing keys only with --allow-missing-template-keys=false", () => {
    expect(printGoTemplate("{{.a.b}}", {}, { allowMissingKeys: true })).toBe("<no value>");
    expect(fail("{{.a.b}}", {}, false).message).toContain('map has no entry for key "a"');
    // n is there but null: the pipeline leaves $x with no value, and `.y` of no value fails.
    expect(fail("{{$x := .n}}{{$x.y}}", { n: null }, false).message).toContain(
      'nil data; no entry for key "y"',
    );
  });
  it("counts error columns in bytes", () => {
    // kubectl v1.32 says output:2:13 here: "é" is two bytes.
    expect(fail("x\né{{.metadata.name.b}}", { metadata: { name: "n" } }).message).toContain("output:2:13:");
  });
  it("names a concrete type for a value that came out of a pipeline", () => {
    expect(fail("{{with .a}}{{.x}}{{end}}", { a: "s" }).message).toContain(
      "can't evaluate field x in type string",
    );
    expect(fail("{{(1).x}}").message).toContain("can't evaluate field x in type int");
  });
  it("rejects an empty template, and names a missing template file", () => {
    expect(() => parseGoTemplate("")).toThrow(NO_TEMPLATE);
    expect(templateFileError("/x.tpl")).toBe(
      "error reading --template /x.tpl, open /x.tpl: no such file or directory",
    );
  });
  it("breaks out of deep template recursion", () => {
    expect(fail('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}').message).toContain(
      "exceeded maximum template depth",
    );
  });
});

describe("execution details", () => {
  const run = (t: string, data: unknown = {}) => printGoTemplate(t, data, { allowMissingKeys: true });

  it("parses once and runs many times", () => {
    const t = parseGoTemplate("{{.n}}");
    expect([1, 2].map((n) => executeGoTemplate(t, { n }, { allowMissingKeys: true }))).toEqual(["1", "2"]);
  });
  it("treats a JSON null like a missing key once a pipeline ends", () => {
    expect(run('{{.n}} {{if .n}}y{{else}}n{{end}} {{printf "%v" .n}} {{eq .n .m}}', { n: null })).toBe(
      "<no value> n <nil> true",
    );
  });
  it("ranges over a map in key order and over null elements", () => {
    expect(run("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", { b: 1, a: [null], é: 2, B: 3 })).toBe(
      "B=3;a=[<nil>];b=1;é=2;",
    );
    expect(run("{{range .a}}[{{.}}]{{end}}", { a: [null, 1] })).toBe("[<no value>][1]");
  });
  it("assigns range variables with =", () => {
    expect(run("{{$i := 0}}{{$v := 0}}{{range $i, $v = .a}}{{end}}{{$i}}{{$v}}", { a: ["x", "y"] })).toBe(
      "1y",
    );
  });
  it("counts len and slice in bytes, as Go does", () => {
    expect(run('{{len "é"}} {{slice "héllo" 0 3}} {{index "é" 1}}')).toBe("2 hé 169");
  });
  it("compares mixed int kinds and strings byte-wise", () => {
    expect(run('{{eq (index "a" 0) 97}} {{lt "B" "a"}} {{lt "z" "é"}} {{ge 2 2}} {{gt 3 2}}')).toBe(
      "true true true true true",
    );
  });
  // Outputs checked against kubectl v1.32 (`kubectl create namespace x --dry-run=client -o go-template=...`).
  it("rounds floats half to even on their exact value, as Go does", () => {
    expect(run('{{printf "%.1f %.0f %.0f %.2f %.3e %.2g %v" 2.25 0.5 1.5 1.005 1.0005 0.125 0.1}}')).toBe(
      "2.2 0 2 1.00 1.000e+00 0.12 0.1",
    );
    expect(run('{{printf "%.0f %.1f %8.3f|%-8.2e|%g" 99.5 9.96 -0.0005 12345.678 100000.0}}')).toBe(
      "100 10.0   -0.001|1.23e+04|100000",
    );
  });
  it("keeps variables declared inside if/with/range local", () => {
    expect(run("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}")).toBe("21");
  });
  it("trims whitespace around actions and comments", () => {
    expect(run("a \n\t{{- 1 -}} \n b {{- /* c */ -}} \n c")).toBe("a1bc");
  });
  it("runs defined templates with their own $", () => {
    expect(run('{{define "t"}}{{$}}{{end}}{{template "t" "x"}}{{template "t"}}')).toBe("x<no value>");
  });
});

describe("Go formatting", () => {
  it.each([
    [0, -1, "0"],
    [1.5, -1, "1.5"],
    [1234567.5, -1, "1.2345675e+06"],
    [123456.5, -1, "123456.5"],
    [0.0001, -1, "0.0001"],
    [0.00001, -1, "1e-05"],
    [1e21, -1, "1e+21"],
    [1.23456, 3, "1.23"],
    [100000, 3, "1e+05"],
    [-2.5, -1, "-2.5"],
  ])("formatG(%d, %d) = %s", (n, p, s) => expect(formatG(n, p)).toBe(s));

  it.each([
    ["%5.2f|%-6d|%06.1f|%+d|% d", [3.25, 7, -2.5, 3, 4], " 3.25|7     |-002.5|+3| 4"],
    ["%x %X %#x %o %#o %O %b", [255, 255, 255, 8, 8, 8, 5], "ff FF 0xff 10 010 0o10 101"],
    ["%c%c %q %U %#U", [72, 105, 65, 0x263a, 0x263a], "Hi 'A' U+263A U+263A '☺'"],
    ["%s %10.3s| %-4s| %q %x", ["a", "abcdef", "é", 'a"b\n', "hi"], 'a        abc| é   | "a\\"b\\n" 6869'],
    ["%t %v %d", [true, false, "x"], "true false %!d(string=x)"],
    ["%v %d %s", [null, null, [1, "a"]], "<nil> %!d(<nil>) [%!s(int64=1) a]"],
    ["%*d|%-*d|%.*f", [4, 1, 3, 2, 1, 2.25], "   1|2  |2.2"],
    [
      "%e %E %.2e %g %G",
      [123456.789, 0.000123, new GoNum("float64", 5), 1e-7, 2e21],
      "1.234568e+05 1.230000E-04 5.00e+00 1e-07 2E+21",
    ],
    [
      "%#v %#v %#v",
      [{ a: [1, null] }, "s", 1.5],
      'map[string]interface {}{"a":[]interface {}{1, interface {}(nil)}} "s" 1.5',
    ],
    [
      "%T %T %T %T %T",
      [1, 1.5, new GoNum("int", 1), new GoNum("uint8", 1), null],
      "int64 float64 int uint8 <nil>",
    ],
    ["%d %!", [1], "1 %!!(NOVERB)"],
  ])("sprintf(%j)", (f, args, out) => {
    if (f === "%d %!") expect(sprintf("%d %", args)).toBe("1 %!(NOVERB)");
    else expect(sprintf(f, args)).toBe(out);
  });

  it("adds spaces in print only between non-string operands", () => {
    expect(sprint(["a", 1, 2, "b", true, null, "c"])).toBe("a1 2btrue <nil>c");
  });
});

describe("base64decode", () => {
  it.each([
    ["YWJj", "abc"],
    ["YQ==", "a"],
    ["YWI=", "ab"],
    ["YW\nJj", "abc"],
    ["", ""],
  ])("decodes %j", (s, out) => expect(base64decode(s)).toBe(out));
  it.each([
    ["YWI", 0],
    ["Y*Jj", 1],
    ["YQ==YQ==", 4],
    ["YQ=", 3],
    ["Y===", 1],
    ["YQ=x", 2],
  ])("rejects %j at byte %d", (s, at) =>
    expect(() => base64decode(s)).toThrow(`illegal base64 data at input byte ${at}`),
  );
});

describe("lexer", () => {
  it("keeps line numbers across text, trim markers and comments", () => {
    const items = lex("a\n{{- /* c\n */ -}}\n{{.x}}\nb");
    expect(items.map((i) => [i.typ, i.val, i.line])).toEqual([
      ["text", "a", 1],
      ["leftDelim", "{{", 4],
      ["field", ".x", 4],
      ["rightDelim", "}}", 4],
      ["text", "\nb", 4],
      ["eof", "", 5],
    ]);
  });
});
