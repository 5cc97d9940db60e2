// A command line registers only the verb it names; help, completion and unknown words see
// every verb, and every verb is parsed with positional options, as when all were registered.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { VERBS } from "./commandline.js";
import { registerVerbs } from "./verbs.js";

const io = { out: () => {}, err: () => {}, readStdin: () => "", env: {}, stdoutIsTTY: false };

async function registered(argv: string[], first: string | undefined): Promise<string[]> {
  const program = new Command("kubectl");
  await registerVerbs(program, { io, argv }, first);
  return program.commands.map((c) => c.name());
}

describe("registerVerbs", () => {
  it("registers only the named verb, with the commands its registration shares", async () => {
    expect(await registered(["get", "pods"], "get")).toEqual(["get"]);
    expect(await registered(["annotate", "pod", "x", "a=b"], "annotate")).toEqual(["label", "annotate"]);
    expect(await registered(["uncordon", "n"], "uncordon")).toEqual(["cordon", "uncordon"]);
    const set = new Command("kubectl");
    await registerVerbs(set, { io, argv: ["set", "image"] }, "set");
    expect(set.commands.map((c) => c.name())).toEqual(["set"]);
    expect(set.commands[0].commands.map((c) => c.name())).toEqual([
      "image",
      "env",
      "resources",
      "serviceaccount",
    ]);
  });

  it("registers a network verb alone", async () => {
    expect(await registered(["exec", "p", "--", "ls", "-h"], "exec")).toEqual(["exec"]);
  });

  it("registers every verb for help, completion, a bare line and an unknown word", async () => {
    const all = (await registered([], undefined)).length;
    expect(all).toBe(Object.keys(VERBS).length - 2); // help and options are not verbs' registrations
    expect((await registered(["get", "-h"], "get")).length).toBe(all - 15); // the core bundle's verbs
    expect((await registered(["completion", "bash"], "completion")).length).toBe(all);
    expect((await registered(["__complete", "get", ""], "__complete")).length).toBe(all - 15);
    expect((await registered(["gett", "pods"], "gett")).length).toBe(all - 15);
  });

  it("parses every verb with positional options, as create's registration always made it", async () => {
    const program = new Command("kubectl");
    await registerVerbs(program, { io, argv: ["top", "pod", "-n", "x"] }, "top");
    expect((program as unknown as { _enablePositionalOptions: boolean })._enablePositionalOptions).toBe(true);
  });
});
