// Input that tries to read outside the kustomization or to make the build run forever: each
// ends, with kustomize's error where kustomize has one (the texts were checked against
// kubectl v1.32's `kubectl kustomize` on the same trees).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostFiles } from "../userfiles.js";
import { KustomizeError, kustomizeBuild, kustomizeYaml } from "./build.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "kubesim-kustomize-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: end\n";

function failure(root: string): string {
  try {
    kustomizeBuild(hostFiles, root, "/");
  } catch (e) {
    if (e instanceof KustomizeError) return e.message;
    throw e;
  }
  throw new Error("the build succeeded");
}

/** d1 → d2 → ... → dN, the last holding one ConfigMap. */
function chain(n: number): string {
  for (let i = 1; i <= n; i++) {
    mkdirSync(join(dir, `d${i}`));
    const res = i < n ? `../d${i + 1}` : "c.yaml";
    writeFileSync(join(dir, `d${i}`, "kustomization.yaml"), `resources:\n- ${res}\n`);
  }
  writeFileSync(join(dir, `d${n}`, "c.yaml"), CM);
  return join(dir, "d1");
}

describe("kustomize on hostile input", () => {
  it("refuses a symbolic link to a file outside the root, naming the link", () => {
    mkdirSync(join(dir, "root"));
    mkdirSync(join(dir, "secret"));
    writeFileSync(join(dir, "secret", "s.yaml"), CM);
    symlinkSync("../secret/s.yaml", join(dir, "root", "link.yaml"));
    writeFileSync(join(dir, "root", "kustomization.yaml"), "resources:\n- link.yaml\n");
    const root = join(dir, "root");
    expect(failure(root)).toBe(
      `accumulating resources: accumulation err='accumulating resources from 'link.yaml': security; file '${root}/link.yaml' is not in or below '${root}'': must build at directory: '${root}/link.yaml': file is not directory`,
    );
  });

  it("refuses a generator file reached through ..", () => {
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "passwd"), "x");
    writeFileSync(
      join(dir, "root", "kustomization.yaml"),
      "configMapGenerator:\n- name: c\n  files:\n  - ../passwd\n",
    );
    const root = join(dir, "root");
    expect(failure(root)).toBe(
      `loading KV pairs: file sources: [../passwd]: security; file '${dir}/passwd' is not in or below '${root}'`,
    );
  });

  it("builds a chain of 100 bases, as kustomize does", () => {
    const built = kustomizeBuild(hostFiles, chain(100), "/");
    expect(built.objects.map((o) => (o.metadata as { name: string }).name)).toEqual(["end"]);
  });

  it("stops a chain longer than kubesim's 500 kustomizations with its own error", () => {
    expect(failure(chain(501))).toContain("kubesim: more than 500 kustomizations in one build");
  });
});

// What kubectl v1.32's kustomize did with each operation on a ConfigMap with no data
// (testdata/json6902.json): json-patch v4's answers, not the API server's.
describe("kustomize's JSON 6902 patches", () => {
  const cases = JSON.parse(readFileSync(join(__dirname, "testdata", "json6902.json"), "utf8")) as {
    op: Record<string, unknown>;
    out?: string;
    err?: string;
  }[];
  it.each(cases)("$op", ({ op, out, err }) => {
    writeFileSync(join(dir, "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    const patch = JSON.stringify([op]).replaceAll("'", "''");
    writeFileSync(
      join(dir, "kustomization.yaml"),
      `resources:\n- a.yaml\npatches:\n- target:\n    kind: ConfigMap\n  patch: '${patch}'\n`,
    );
    if (out !== undefined) expect(kustomizeYaml(kustomizeBuild(hostFiles, dir, "/").objects)).toBe(out);
    else expect(failure(dir)).toBe(err);
  });
});

// Strict decoding of kustomization.yaml: what kubectl v1.32 said for each file in
// testdata/kustomization-errors.json.
describe("kustomization.yaml decoding", () => {
  const cases = JSON.parse(
    readFileSync(join(__dirname, "testdata", "kustomization-errors.json"), "utf8"),
  ) as {
    kustomization: string;
    err: string;
  }[];
  it.each(cases)("$kustomization", ({ kustomization, err }) => {
    writeFileSync(join(dir, "kustomization.yaml"), kustomization);
    expect(failure(dir)).toBe(err);
  });
});
