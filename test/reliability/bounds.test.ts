// Issue 11, "bounded everything": hostile input to the built bin/kubesim is answered in under
// 2 s and 500 MB, with the real tools' error where they have one. Each case runs the binary
// as its own process, measured from the inside (measure.cjs) so that spawning does not count.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "../harness.js";

const BIN = path.join(ROOT, "bin", "kubesim");
const MEASURE = path.join(__dirname, "measure.cjs");
const MAX_MS = 2000;
const MAX_RSS_MIB = 500;

interface Run {
  code: number;
  out: string;
  err: string;
  ms: number;
  rssMiB: number;
}

const sb = new Sandbox();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-bounds-"));

/** Runs `kubesim ARGS` (or a shell pipeline ending in it, `$KUBESIM` standing for it). */
function kubesim(args: string[], opts: { stdinFile?: string; pipeline?: string } = {}): Promise<Run> {
  const measured = path.join(tmp, `measure-${Math.random().toString(36).slice(2)}.json`);
  const node = [process.execPath, "--require", MEASURE, BIN];
  const env = { ...sb.env, PATH: process.env.PATH, KUBESIM_MEASURE_OUT: measured };
  const p = opts.pipeline
    ? spawn("sh", ["-c", opts.pipeline.replace("$KUBESIM", node.map((a) => `'${a}'`).join(" "))], { env })
    : spawn(node[0], [...node.slice(1), ...args], {
        env,
        stdio: [opts.stdinFile ? fs.openSync(opts.stdinFile, "r") : "ignore", "pipe", "pipe"],
      });
  let out = "";
  let err = "";
  p.stdout?.on("data", (d) => {
    if (out.length < 1 << 20) out += d;
  });
  p.stderr?.on("data", (d) => {
    err += d;
  });
  return new Promise((resolve) => {
    p.on("close", (code) => {
      const m = JSON.parse(fs.readFileSync(measured, "utf8")) as { ms: number; rssMiB: number };
      resolve({ code: code ?? -1, out, err, ...m });
    });
  });
}

function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

function expectBounded(r: Run): void {
  expect(r.ms, `took ${Math.round(r.ms)} ms`).toBeLessThan(MAX_MS);
  expect(r.rssMiB, `peaked at ${Math.round(r.rssMiB)} MiB`).toBeLessThan(MAX_RSS_MIB);
}

const POD =
  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
const nest = (open: string, inner: string, close: string, n = 30000) =>
  open.repeat(n) + inner + close.repeat(n);

beforeAll(async () => {
  expect(fs.existsSync(path.join(ROOT, "dist", "kubesim.cjs")), "npm run build first").toBe(true);
  const r = await sb.run(["run", "ub", "--image=ubuntu", "--", "sleep", "infinity"]);
  expect(r.code).toBe(0);
});

afterAll(() => {
  sb.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("manifests", () => {
  it("refuses a YAML billion laughs with go-yaml's error", async () => {
    let doc =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    const names = "abcdefghi";
    for (let i = 1; i < names.length; i++) {
      doc += `  ${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(",")}]\n`;
    }
    const f = write("bomb.yaml", doc);
    const r = await kubesim(["create", "-f", f, "--dry-run=client", "-o", "yaml"]);
    expect(r.err).toBe(
      `error: error parsing ${f}: error converting YAML to JSON: yaml: document contains excessive aliasing\n`,
    );
    expect(r.code).toBe(1);
    expectBounded(r);
  });

  it("stops reading /dev/zero at the input limit", async () => {
    const r = await kubesim(["apply", "-f", "/dev/zero"]);
    expect(r.err).toBe(
      "error: /dev/zero: larger than 16 MiB; kubesim reads at most 16 MiB from one file or from standard input\n",
    );
    expect(r.code).toBe(1);
    expectBounded(r);
  });

  it("stops reading an endless standard input at the input limit", async () => {
    const r = await kubesim([], { pipeline: "yes 'a: b' | head -c 200M | $KUBESIM apply -f -" });
    expect(r.err).toBe(
      "error: standard input: larger than 16 MiB; kubesim reads at most 16 MiB from one file or from standard input\n",
    );
    expectBounded(r);
  });

  it.each([
    ["flow YAML", "deep-flow.yaml", `a: ${nest("[", "", "]")}\n`, "yaml: exceeded max depth of 10000"],
    [
      "block YAML",
      "deep-block.yaml",
      `a:\n  ${"- ".repeat(30000)}x\n`,
      "yaml: line 2: exceeded max depth of 10000",
    ],
  ])("refuses 30,000-deep %s with go-yaml's error", async (_, name, text, why) => {
    const f = write(name, text);
    const r = await kubesim(["create", "-f", f, "--dry-run=client", "-o", "yaml"]);
    expect(r.err).toBe(`error: error parsing ${f}: error converting YAML to JSON: ${why}\n`);
    expectBounded(r);
  });

  it("refuses 30,000-deep JSON with encoding/json's error", async () => {
    const f = write("deep.json", `{"a":${nest("[", "", "]")}}\n`);
    const r = await kubesim(["create", "-f", f, "--dry-run=client", "-o", "yaml"]);
    expect(r.err).toBe(
      `error: error parsing ${f}: json: offset 10005: invalid character '[' exceeded max depth\n`,
    );
    expectBounded(r);
  });
});

describe("templates", () => {
  it("refuses a 30,000-deep jsonpath-file", async () => {
    const pod = write("pod.yaml", POD);
    const t = write("deep.jsonpath", nest("{range .spec.containers[*]}", "x", "{end}"));
    const r = await kubesim(["create", "-f", pod, "--dry-run=client", "-o", `jsonpath-file=${t}`]);
    expect(r.err).toMatch(
      /^error: error parsing jsonpath .*, kubesim: \{range\} nested deeper than 500 levels\n$/s,
    );
    expect(r.code).toBe(1);
    expectBounded(r);
  });

  it.each([
    ["parentheses", nest("{{", "", "}}", 1).replace("{{}}", `{{${nest("(", "1", ")")}}}`)],
    ["ifs", nest("{{if 1}}", "x", "{{end}}")],
  ])("refuses a 30,000-deep go-template-file of %s", async (_, text) => {
    const pod = write("pod.yaml", POD);
    const t = write("deep.tmpl", text);
    const r = await kubesim(["create", "-f", pod, "--dry-run=client", "-o", `go-template-file=${t}`]);
    expect(r.err).toMatch(/template: output:1: max expression depth exceeded\n$/);
    expect(r.code).toBe(1);
    expectBounded(r);
  });
});

describe("the shell in a container", () => {
  const bash = (script: string) => kubesim(["exec", "ub", "--", "bash", "-c", script]);

  it("refuses a brace expansion of a billion words", async () => {
    const r = await bash("echo {1..1000}{1..1000}{1..1000}");
    expect(r.err).toBe(
      "bash: line 1: brace expansion: cannot allocate memory for {1..1000}{1..1000}{1..1000} (kubesim stops at 100000 words)\ncommand terminated with exit code 1\n",
    );
    expectBounded(r);
  });

  it("stops a string that doubles forever", async () => {
    const r = await bash("x=a; while true; do x=$x$x; done");
    expect(r.err).toBe(
      "bash: xmalloc: cannot allocate 33554432 bytes (kubesim caps a shell string at 16 MiB)\ncommand terminated with exit code 2\n",
    );
    expectBounded(r);
  });

  it("answers exponential regexes in linear time", async () => {
    const a = "a".repeat(30);
    const r = await bash(
      `x=${a}b; [[ $x =~ ^(a+)+$ ]] || echo no-match; echo ${a}b | grep -E '^(a+)+$'; echo grep=$?`,
    );
    expect(r.out).toBe("no-match\ngrep=1\n");
    expectBounded(r);
  });

  it("answers a 9-star glob, case pattern and suffix removal in linear time", async () => {
    const a = "a".repeat(40);
    const stars = "*a*a*a*a*a*a*a*a*b";
    const script = `touch /tmp/${a}; x=${a}; case $x in ${stars}) echo m;; *) echo nm;; esac; echo /tmp/${stars}; echo "\${x%%${stars}}" | wc -c`;
    const r = await kubesim(["exec", "-i", "ub", "--", "bash"], {
      stdinFile: write("glob.sh", `${script}\n`),
    });
    expect(r.out).toBe(`nm\n/tmp/${stars}\n41\n`);
    expectBounded(r);
  });
});
