// Every top-level command of kubectl v1.32 answers as kubectl does in kubesim: it works, or it
// prints kubectl's own words for a feature the cluster lacks. None answers "kubesim does not
// implement", except the two the next issue (16) builds: port-forward and proxy.
import { afterAll, describe, expect, it } from "vitest";
import { KUBECTL_COMMANDS } from "../src/kubectl/commandline.js";
import { ROOT_GROUPS } from "../src/kubectl/help/texts.js";
import { Sandbox } from "./harness.js";

/** kubectl v1.32's root commands, as `kubectl --help` lists them, plus the hidden `help` and `options`. */
const ROOT_HELP = [
  ...["create", "expose", "run", "set", "explain", "get", "edit", "delete"],
  ...["rollout", "scale", "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon"],
  ...["drain", "taint", "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp"],
  ...["auth", "debug", "events", "diff", "apply", "patch", "replace", "wait", "kustomize"],
  ...["label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin"],
  ...["version", "help", "options"],
];
const NEXT_ISSUE = ["port-forward", "proxy"];

describe("kubectl's root commands", () => {
  const box = new Sandbox();
  afterAll(() => box.cleanup());

  it("kubesim knows exactly kubectl v1.32's root commands", () => {
    expect([...KUBECTL_COMMANDS].sort()).toEqual([...ROOT_HELP].sort());
    const listed = ROOT_GROUPS.flatMap(([, names]) => names);
    expect([...listed, "help", "options"].sort()).toEqual([...ROOT_HELP].sort());
  });

  for (const verb of ROOT_HELP.filter((v) => !NEXT_ISSUE.includes(v))) {
    it(`${verb}: bare and with --help, never "does not implement"`, async () => {
      const bare = await box.run([verb]);
      expect(bare.err).not.toContain("does not implement");
      expect(bare.out).not.toContain("does not implement");
      const help = await box.run([verb, "--help"]);
      expect(help.code).toBe(0);
      expect(help.err).toBe("");
      expect(help.out).not.toContain("does not implement");
    });
  }

  for (const verb of NEXT_ISSUE) {
    it(`${verb}: still waits for issue 16`, async () => {
      const bare = await box.run([verb]);
      expect(bare.err).toBe(`error: kubesim does not implement "kubectl ${verb}" yet\n`);
      expect(bare.code).toBe(1);
    });
  }
});
