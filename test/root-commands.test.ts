// Every top-level command of kubectl v1.32 answers as kubectl does in kubesim: it works, or it
// prints kubectl's own words for a feature the cluster lacks. None answers "kubesim does not
// implement". (port-forward and proxy, run in-process, stop as soon as they serve.)
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

describe("kubectl's root commands", () => {
  const box = new Sandbox();
  afterAll(() => box.cleanup());

  it("kubesim knows exactly kubectl v1.32's root commands", () => {
    expect([...KUBECTL_COMMANDS].sort()).toEqual([...ROOT_HELP].sort());
    const listed = ROOT_GROUPS.flatMap(([, names]) => names);
    expect([...listed, "help", "options"].sort()).toEqual([...ROOT_HELP].sort());
  });

  for (const verb of ROOT_HELP) {
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
});
