import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startsProcess } from "./process-hint.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubesim-hint-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

const LOOP = `kind: Pod
apiVersion: v1
metadata:
  name: testpod
spec:
  containers:
    - name: c00
      image: ubuntu
      command: ["/bin/bash", "-c", "while true; do echo hi; sleep 5 ; done"]
`;
const PLAIN =
  "kind: Pod\napiVersion: v1\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
const JSON_ARGS =
  '{"kind":"Pod","spec":{"containers":[{"name":"c","image":"busybox","args":["sleep","9"]}]}}';

describe("the launcher's guess that a command line starts a container's program", () => {
  const never = () => {
    throw new Error("stdin is not read for files");
  };

  it("says yes for command: or args: in a file given to apply, create or replace", () => {
    const loop = file("loop.yaml", LOOP);
    expect(startsProcess("apply", ["-f", loop], never)).toBe(true);
    expect(startsProcess("create", [`--filename=${loop}`], never)).toBe(true);
    expect(startsProcess("replace", [`-f${file("args.json", JSON_ARGS)}`], never)).toBe(true);
    expect(startsProcess("apply", ["-f", file("plain.yaml", PLAIN), "-f", loop], never)).toBe(true);
  });

  it("says no for a manifest without a program, other verbs, missing files, URLs and directories", () => {
    const plain = file("plain2.yaml", PLAIN);
    expect(startsProcess("apply", ["-f", plain], never)).toBe(false);
    expect(startsProcess("get", ["-f", file("loop2.yaml", LOOP)], never)).toBe(false);
    expect(startsProcess("apply", ["-f", path.join(dir, "nope.yaml")], never)).toBe(false);
    expect(startsProcess("apply", ["-f", "https://k8s.io/examples/pods/simple-pod.yaml"], never)).toBe(false);
    expect(startsProcess("apply", ["-f", dir], never)).toBe(false);
    expect(startsProcess(undefined, [], never)).toBe(false);
  });

  // Standard input, which the launcher reads and hands over, is tested through the binary
  // (test/binary.test.ts).
  it("says yes for create with a command after --", () => {
    expect(startsProcess("create", ["deployment", "x", "--image=busybox", "--", "sleep", "9"], never)).toBe(
      true,
    );
    expect(startsProcess("create", ["deployment", "x", "--image=busybox"], never)).toBe(false);
  });
});
