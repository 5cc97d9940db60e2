// kustomize's errors, as kubectl v1.32's `kubectl kustomize DIR` logged them for each
// directory under testdata/errors (the klog value in DIR.expected, the directory's path
// written as ROOT). The resolver address Go names in a failed lookup (" on HOST:53") is
// left out of the remote cases: it is the machine's, and kubesim has no resolver. Go
// pointers (a generator printed with %v) are compared as 0xADDR.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostFiles } from "../userfiles.js";
import { KustomizeError, kustomizeBuild } from "./build.js";

const ROOT = join(__dirname, "testdata", "errors");

/** The message inside klog's `err=` value: a Go-quoted string, or `<` lines `>`. */
function klogValue(text: string): string {
  const t = text.replace(/\n$/, "");
  if (t.startsWith('"')) return JSON.parse(t) as string;
  // klog drops a trailing newline: compared without one.
  return t
    .split("\n")
    .slice(1, -1)
    .map((l) => l.slice(1))
    .join("\n");
}

const cases = readdirSync(ROOT)
  .filter((f) => f.endsWith(".expected"))
  .map((f) => f.slice(0, -".expected".length));

describe("kustomize errors", () => {
  it.each(cases)("%s fails with kustomize's text", (name) => {
    const want = klogValue(readFileSync(join(ROOT, `${name}.expected`), "utf8")).replaceAll("ROOT", ROOT);
    let got: unknown;
    try {
      kustomizeBuild(hostFiles, join(ROOT, name), "/");
    } catch (e) {
      got = e;
    }
    expect(got).toBeInstanceOf(KustomizeError);
    const addr = (s: string) => s.replace(/0xc[0-9a-f]+/g, "0xADDR");
    expect(addr((got as Error).message.replace(/\n$/, ""))).toBe(addr(want));
  });
});
