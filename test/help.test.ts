// Help in kubectl's layout: every command's help lists every flag its parser takes, and every
// example in every help runs in kubesim without an "unknown flag", "unknown command" or
// "not implemented" error, so help cannot advertise what kubesim does not do.
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globalOptions } from "../src/kubectl/help/render.js";
import { registerVerbs } from "../src/kubectl/verbs.js";
import { ROOT, Sandbox, splitArgs } from "./harness.js";

/** Every command path kubesim registers, with its commander definition (hidden ones left out). */
async function commands(): Promise<{ path: string[]; cmd: Command }[]> {
  const program = new Command("kubectl");
  const io = { out() {}, err() {}, readStdin: () => "", env: {}, stdoutIsTTY: false };
  await registerVerbs(program, { io, argv: [] }, undefined);
  const out: { path: string[]; cmd: Command }[] = [];
  const walk = (c: Command, p: string[]) => {
    for (const sub of c.commands) {
      if ((sub as unknown as { _hidden: boolean })._hidden) continue;
      out.push({ path: [...p, sub.name()], cmd: sub });
      walk(sub, [...p, sub.name()]);
    }
  };
  walk(program, []);
  return out;
}

/** The kubectl command lines in a help's Examples section, without the shell around them. */
function exampleCommands(help: string): string[] {
  const section = /\nExamples:\n([\s\S]*?)\n\n(?=[A-Z][\w ]*:\n)/.exec(help)?.[1] ?? "";
  const lines: string[] = [];
  for (const raw of section.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) continue;
    // `cat pod.json | kubectl apply -f -`, `source <(kubectl completion bash)`, `kubectl ... > file`
    const seg = line
      .replace(/^source <\((.*)\)$/, "$1")
      .split(" | ")
      .find((s) => s.startsWith("kubectl "));
    if (seg) lines.push(seg.replace(/ >>? .*$/, "").slice("kubectl ".length));
  }
  return lines;
}

const NOT_IN_KUBESIM =
  /unknown (shorthand )?flag|unknown command|does not implement|doesn't have a resource type|flag needs an argument|unrecognized condition|Unknown help topic|internal error/;

let all: { path: string[]; cmd: Command }[] = [];
const sb = new Sandbox();
beforeAll(async () => {
  all = await commands();
});
afterAll(() => sb.cleanup());

describe("help", () => {
  it("prints each command's help on stdout with exit 0, for --help, -h and `help COMMAND`", async () => {
    for (const { path: p } of all) {
      for (const argv of [
        [...p, "--help"],
        [...p, "-h"],
        ["help", ...p],
      ]) {
        const r = await sb.run(argv);
        expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: "" });
        expect(r.out).toMatch(/\nUsage:\n {2}kubectl /);
        expect(
          r.out.endsWith(
            'Use "kubectl options" for a list of global command-line options (applies to all commands).\n',
          ),
        ).toBe(true);
      }
    }
  });

  it("lists every flag a command's parser takes, and the global ones under `kubectl options`", async () => {
    const globals = new Set(globalOptions().map((o) => o.long));
    for (const { path: p, cmd } of all) {
      const help = (await sb.run([...p, "--help"])).out;
      const options = `\n${help.split("\nOptions:\n")[1] ?? ""}`;
      for (const o of cmd.options) {
        if (globals.has(o.long) && cmd.options.filter((x) => globals.has(x.long)).length === globals.size)
          continue;
        const shown = o.long ? `${o.short ? `${o.short}, ` : ""}${o.long}=` : `${o.short}=`;
        expect(options, `${p.join(" ")} ${o.flags}`).toContain(`\n    ${shown}`);
      }
    }
    const opts = (await sb.run(["options"])).out;
    for (const o of globalOptions()) expect(opts).toContain(`${o.long}=`);
  });

  it("the root help is kubectl's, for --help, help, and no arguments", async () => {
    const root = await sb.run(["--help"]);
    expect(root.out.startsWith("kubectl controls the Kubernetes cluster manager.\n")).toBe(true);
    expect((await sb.run([])).out).toBe(root.out);
    expect((await sb.run(["help"])).out).toBe(root.out);
    for (const { path: p } of all.filter((c) => c.path.length === 1))
      expect(root.out, p[0]).toMatch(new RegExp(`\\n {2}${p[0]} +\\S`));
  });
});

describe("help examples run in kubesim", () => {
  // Files the examples name (manifests/...) resolve from a scratch directory, where the ones
  // they write (diagram --output, cluster export --output) land too.
  let cwd = "";
  let prev = "";
  beforeAll(() => {
    prev = process.cwd();
    cwd = fs.mkdtempSync(path.join(sb.home, "cwd-"));
    fs.symlinkSync(path.join(ROOT, "manifests"), path.join(cwd, "manifests"));
    process.chdir(cwd);
  });
  afterAll(() => process.chdir(prev));

  it("every example command parses and runs", async () => {
    let count = 0;
    const failed: string[] = [];
    for (const { path: p } of all) {
      const help = (await sb.run([...p, "--help"])).out;
      // A fresh cluster per command, with the course's pods, deployment and Service in it.
      const box = new Sandbox();
      try {
        for (const f of ["pods.yml", "deployhttpd.yml", "service.yml"])
          expect((await box.run(["apply", "-f", path.join(ROOT, "manifests", f)])).code).toBe(0);
        for (const line of exampleCommands(help)) {
          const r = await box.run(splitArgs(line));
          count++;
          if (NOT_IN_KUBESIM.test(r.err)) failed.push(`kubectl ${line}\n${r.err}`);
        }
      } finally {
        box.cleanup();
      }
    }
    expect(failed).toEqual([]);
    expect(count).toBeGreaterThan(50);
  }, 120_000);
});
