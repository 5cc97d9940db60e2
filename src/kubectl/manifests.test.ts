import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { toJson } from "../printers/json.js";
import {
  FilenameFlagError,
  formatProblems,
  ManifestError,
  type ManifestProblem,
  readManifests,
  visitManifests,
} from "./manifests.js";

// Expected outputs come from the real kubectl v1.32 (testdata/regen.sh).
const TESTDATA = join(__dirname, "testdata");
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

const RESOURCES: Record<string, string> = {
  "v1/Namespace": "namespace",
  "v1/Pod": "pod",
  "v1/Service": "service",
  "v1/ConfigMap": "configmap",
  "apps/v1/Deployment": "deployment.apps",
};

const OPENAPI_MISSING =
  "error validating data: failed to download openapi: the server could not find the requested resource; " +
  "if you choose to ignore these errors, turn validation off with --validate=false";

/**
 * What `kubectl create --dry-run=client -o name ARGS` printed against the oracle, rebuilt
 * from visitManifests(): -o name lines, resource-mapping errors for kinds the oracle does
 * not serve, and, with validation on, the oracle's missing OpenAPI, which fails the first
 * well-formed document of each file and stops reading that file.
 */
function createDryRun(args: string[], stdin: string): { stdout: string; stderr: string; rc: number } {
  const paths: string[] = [];
  let validate = true;
  let recursive = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-f") paths.push(args[++i]);
    else if (args[i] === "--validate=false") validate = false;
    else if (args[i] === "-R") recursive = true;
  }
  const names: string[] = [];
  const problems: ManifestProblem[] = [];
  try {
    const stopped = new Set<string>();
    for (const e of visitManifests(paths, { recursive, validate, stdin: () => stdin })) {
      const source = "problem" in e ? e.problem.source : e.doc.source;
      if (source && stopped.has(source)) continue;
      if ("problem" in e) {
        problems.push(e.problem);
        continue;
      }
      if (validate) {
        stopped.add(source!);
        problems.push({ message: `error validating ${JSON.stringify(source)}: ${OPENAPI_MISSING}` });
        continue;
      }
      const o = e.doc.obj as {
        apiVersion?: unknown;
        kind?: unknown;
        metadata?: { name?: unknown; namespace?: unknown };
      };
      const version = typeof o.apiVersion === "string" && o.apiVersion !== "" ? o.apiVersion : "v1";
      const resource = RESOURCES[`${version}/${o.kind}`];
      const q = (v: unknown) => JSON.stringify(typeof v === "string" ? v : "");
      if (!resource) {
        problems.push({
          message:
            `resource mapping not found for name: ${q(o.metadata?.name)} namespace: ${q(o.metadata?.namespace)} ` +
            `from "${source}": no matches for kind ${q(o.kind)} in version ${q(o.apiVersion)}\nensure CRDs are installed first`,
        });
        continue;
      }
      const name =
        typeof o.metadata?.name === "string" && o.metadata.name !== "" ? o.metadata.name : "<unknown>";
      names.push(`${resource}/${name}\n`);
    }
    if (names.length === 0 && problems.length === 0)
      problems.push({ message: "no objects passed to create" });
  } catch (e) {
    if (e instanceof FilenameFlagError) {
      return { stdout: "", stderr: `Error: ${e.message}\nSee 'kubectl create --help' for usage.\n`, rc: 1 };
    }
    if (!(e instanceof ManifestError)) throw e;
    problems.push(...e.problems);
  }
  const stderr = problems.length > 0 ? `${formatProblems(problems)}\n` : "";
  return { stdout: names.join(""), stderr, rc: problems.length > 0 ? 1 : 0 };
}

const read = (...p: string[]) => readFileSync(join(TESTDATA, ...p), "utf8");

describe("-f cases against the real kubectl", () => {
  const cases = readdirSync(join(TESTDATA, "manifests"));
  it.each(cases)("%s", (name) => {
    const dir = join(TESTDATA, "manifests", name);
    const args = read("manifests", name, "cmd").trim().split("\n");
    const stdin = existsSync(join(dir, "stdin")) ? read("manifests", name, "stdin") : "";
    process.chdir(dir);
    const got = createDryRun(args, stdin);
    expect(got.stderr).toBe(read("manifests", name, "stderr"));
    expect(got.stdout).toBe(read("manifests", name, "stdout"));
    expect(got.rc).toBe(Number(read("manifests", name, "rc")));
  });

  it("fuzzed YAML and JSON files give kubectl's errors and line numbers", () => {
    process.chdir(TESTDATA);
    const got = createDryRun(["-f", "yaml-errors", "--validate=false"], "");
    expect(got.stderr).toBe(read("yaml-errors.stderr"));
    expect(got.stdout).toBe(read("yaml-errors.stdout"));
  });
});

describe("values decode as kubectl decodes them (YAML 1.1, sigs.k8s.io/yaml)", () => {
  it("matches `kubectl create -o json` object for object", () => {
    process.chdir(TESTDATA);
    const docs = readManifests(["values"], { recursive: false, validate: false, stdin: () => "" });
    expect(read("values.stderr")).toBe("");
    expect(docs.map((d) => toJson(d.obj)).join("")).toBe(read("values.stdout"));
  });

  it("reads yes/on as booleans, 010 as octal and keeps timestamps as strings", () => {
    const yaml =
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\nv: [yes, on, 010, 0x1F, 2026-11-27, 1:30]\n";
    const [doc] = readManifests(["-"], { recursive: false, stdin: () => yaml });
    expect(doc.obj.v).toEqual([true, true, 8, 31, "2026-11-27", "1:30"]);
  });
});

describe("readManifests API", () => {
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

  it("loads every seed lab manifest", () => {
    const seed = join(TESTDATA, "manifests", "seed-labs", "seed");
    const docs = readManifests([seed], { recursive: false, stdin: () => "" });
    expect(docs).toHaveLength(readdirSync(seed).length);
    for (const d of docs) {
      expect(d.source.startsWith(`${seed}/`)).toBe(true);
      expect(d.index).toBe(0);
      expect(typeof (d.obj.metadata as { name: string }).name).toBe("string");
    }
  });

  it("names stdin STDIN and numbers objects per source, List items included", () => {
    const text = `${ns("a")}---\napiVersion: v1\nkind: List\nitems:\n- ${ns("b").replaceAll("\n", "\n  ").trim()}\n`;
    const docs = readManifests(["-"], { recursive: false, stdin: () => text });
    expect(docs.map((d) => [d.source, d.index, (d.obj.metadata as { name: string }).name])).toEqual([
      ["STDIN", 0, "a"],
      ["STDIN", 1, "b"],
    ]);
  });

  it("throws kubectl's full stderr text and keeps the objects that did load", () => {
    const text = `${ns("ok")}---\nkind: [\n`;
    let err: unknown;
    try {
      readManifests(["-"], { recursive: false, stdin: () => text });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestError);
    const me = err as ManifestError;
    expect(me.message).toBe(
      "error: error parsing STDIN: error converting YAML to JSON: yaml: line 1: did not find expected node content",
    );
    expect(me.docs.map((d) => (d.obj.metadata as { name: string }).name)).toEqual(["ok"]);
  });

  it("reports a missing path before reading anything", () => {
    expect(() => readManifests(["-", "x.yml"], { recursive: false, stdin: () => ns("a") })).toThrow(
      'error: the path "x.yml" does not exist',
    );
  });

  it("interleaves objects and problems in kubectl's order", () => {
    const text = `${ns("a")}---\napiVersion: v1\nmetadata: {name: b}\n---\n${ns("c")}`;
    const entries = visitManifests(["-"], { recursive: false, validate: false, stdin: () => text });
    expect(entries.map((e) => ("doc" in e ? "doc" : "problem"))).toEqual(["doc", "problem", "doc"]);
  });

  it("stops a file at its first validation error", () => {
    const text = `apiVersion: v1\nmetadata: {name: b}\n---\n${ns("never")}`;
    expect(() => readManifests(["-"], { recursive: false, stdin: () => text })).toThrow(
      /^error: error validating "STDIN": error validating data: kind not set; if you choose/,
    );
  });
});

describe("formatProblems", () => {
  it("prefixes a lone error with error:", () => {
    expect(formatProblems([{ message: "x" }])).toBe("error: x");
  });
  it("prints several errors one per line, unprefixed", () => {
    expect(formatProblems([{ message: "x" }, { message: "y" }])).toBe("x\ny");
  });
  it("prints a lone List aggregate one item per line", () => {
    expect(formatProblems([{ message: "[a, b]", listErrors: ["a", "b"] }])).toBe("a\nb");
  });
});
