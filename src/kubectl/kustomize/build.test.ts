import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostFiles } from "../userfiles.js";
import { kustomizeBuild, kustomizeYaml } from "./build.js";
import { encodeHash, resourceHash } from "./hash.js";

const DATA = join(__dirname, "testdata");

describe("kustomize build", () => {
  // expected.yaml and expected.stderr are what kubectl v1.32's `kubectl kustomize` printed.
  it.each([
    "basic",
    "overlay/prod",
    "features",
    "fifo",
    "scopes",
    "smp",
    "components/app",
    "replacements",
    "yaml12",
    "twobases/top",
  ])("%s builds as kubectl kustomize does", (dir) => {
    const built = kustomizeBuild(hostFiles, join(DATA, dir), "/");
    expect(kustomizeYaml(built.objects)).toBe(readFileSync(join(DATA, dir, "expected.yaml"), "utf8"));
    expect(built.warnings.map((w) => `${w}\n`).join("")).toBe(
      readFileSync(join(DATA, dir, "expected.stderr"), "utf8"),
    );
  });
});

describe("kustomize's name hash", () => {
  it("swaps the digits and letters that could be misread", () => {
    expect(encodeHash("0123456789abcdef")).toBe("gh2k456789");
  });

  // Names from kustomize's own tests and docs (api/krusty configmaps_test.go, examples).
  it.each([
    [{ kind: "ConfigMap", data: { A: "1", B: "two" } }, "6b56fdfggc"],
    [{ kind: "ConfigMap" }, "6ct58987ht"],
    [{ kind: "Secret", type: "Opaque", data: { password: "czNjcmV0" } }, "bf5fk5d75b"],
  ])("hashes %j as %s", (obj, hash) => {
    expect(resourceHash(obj)).toBe(hash);
  });
});
