import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { needsNetBundle, readCommandLine, VERBS } from "./commandline.js";
import { registerOptions } from "./options.js";
import { registerVerbs } from "./verbs.js";

const io = { out: () => {}, err: () => {}, readStdin: () => "", env: {}, stdoutIsTTY: false };

describe("readCommandLine", () => {
  // Each case was run against kubectl v1.32 (with --server pointing nowhere) to see whether
  // cobra found the verb or kubectl's plugin handler refused the flags.
  it.each([
    ["-n kube-system get pods", "get", "get pods -n kube-system"],
    ["--namespace=kube-system get pods", "get", "get pods --namespace=kube-system"],
    ["--context kubesim get ns", "get", "get ns --context kubesim"],
    ["--cluster x apply -f a.yml", "apply", "apply -f a.yml --cluster x"],
    ["-v=6 get nodes", "get", "get nodes"],
    ["-v 6 get nodes", "get", "get nodes"],
    ["--kubeconfig /k get pods -o wide", "get", "get pods -o wide --kubeconfig /k"],
    ["--insecure-skip-tls-verify get nodes", "get", "get nodes"],
    ["get nodes --insecure-skip-tls-verify -s https://x --token=t", "get", "get nodes"],
    // -A is get's flag, unknown to the root: it swallows --server=x, and get is found.
    ["-A --server=x get svc", "get", "get svc -A"],
    ["-n x rollout status deploy/a", "rollout", "rollout status deploy/a -n x"],
    ["-n x exec pod -c c -- ls -n", "exec", "exec pod -c c -n x -- ls -n"],
    // curl and trace read their words raw: -v and -s after the verb are curl's.
    ["-n x curl -v -s http://a", "curl", "curl -n x -v -s http://a"],
  ])("%s → %s", (line, verb, argv) => {
    const r = readCommandLine(line.split(" "));
    expect(r.error).toBeUndefined();
    expect(r.verb).toBe(verb);
    expect(r.argv.join(" ")).toBe(argv);
  });

  it.each([
    ["-A get svc", "-A"],
    ["--server=x -A get svc", "--server=x"],
    ["--bogus get pods", "--bogus"],
    ["-Z get pods", "-Z"],
    ["-n x bogus", "-n"],
  ])("%s is refused as kubectl's plugin handler refuses it", (line, first) => {
    expect(readCommandLine(line.split(" ")).error).toBe(
      `Error: flags cannot be placed before plugin name: ${first}`,
    );
  });

  it("reads global flags alone as the root command, and other flags as the root's to refuse", () => {
    expect(readCommandLine(["-n", "x"])).toEqual({ argv: [] });
    expect(readCommandLine(["--version"])).toEqual({ argv: ["--version"] });
    expect(readCommandLine(["-h", "get"])).toEqual({ argv: ["--help"] });
    expect(readCommandLine(["--namespace", "x", "--", "get", "pods"])).toEqual({ argv: [] });
    expect(readCommandLine(["-n"]).error).toBe(
      "Error: flag needs an argument: 'n' in -n\nSee 'kubectl --help' for usage.",
    );
    expect(readCommandLine(["--namespace"]).error).toBe(
      "Error: flag needs an argument: --namespace\nSee 'kubectl --help' for usage.",
    );
    expect(readCommandLine(["bogus"])).toEqual({ verb: "bogus", argv: ["bogus"] });
  });

  it("sends only the network verbs, help and completion to the full bundle", () => {
    expect(needsNetBundle("get")).toBe(false);
    expect(needsNetBundle("bogus")).toBe(false);
    expect(needsNetBundle("exec")).toBe(true);
    expect(needsNetBundle("completion")).toBe(true);
    expect(needsNetBundle(undefined)).toBe(true);
  });
});

describe("the verb table", () => {
  it("names exactly the commands the CLI registers", async () => {
    const program = new Command("kubectl");
    await registerVerbs(program, { io }, undefined);
    registerOptions(program, { io });
    const registered = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    expect([...registered, "help"].sort()).toEqual(Object.keys(VERBS).sort());
  });
});

describe("impersonation flags", () => {
  it("are taken out wherever they stand, groups repeated, up to --", () => {
    const r = readCommandLine(
      "--as jane get pods --as-group=devs --as-group ops --as-uid=7 -- --as x".split(" "),
    );
    expect(r.verb).toBe("get");
    expect(r.argv).toEqual(["get", "pods", "--", "--as", "x"]);
    expect(r.impersonate).toEqual({ user: "jane", groups: ["devs", "ops"], uid: "7" });
  });

  it("leave a line without them alone, and name a value-less one for pflag's error", () => {
    expect(readCommandLine(["get", "pods"]).impersonate).toBeUndefined();
    const r = readCommandLine(["get", "pods", "--as"]);
    expect(r.missingValue).toBe("--as");
    expect(r.argv).toEqual(["get", "pods"]);
  });
});
