// kubectl's layering, kept: a verb (pkg/cmd/<verb>) builds on cmdutil and lower packages,
// never on another verb, so a verb can change without breaking the ones beside it. Here a
// verb file is one that registers a command; what it may import from src/kubectl is util/,
// help/, its own help text (<verb>.help.ts) and the non-verb modules listed below.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIR = __dirname;

/** Modules of src/kubectl that are not verbs, which verbs may import. */
const NON_VERB_MODULES = new Set([
  "cli", // the Ctx type, and `run` for the shell verb, which runs commands as cli does
  "commandline",
  "completion-scripts",
  "errors",
  "export-dir",
  "imperative",
  "input-limit",
  "io",
  "manifest-checks",
  "manifest-paths",
  "manifests",
  "merge",
  "output",
  "patch-apply",
  "sortby",
  "templates",
  "userfiles",
  "wait",
  "watch",
]);

/** A verb's own subcommands kept in a file of their own, which only that verb imports. */
const SUBCOMMANDS: Record<string, string[]> = {
  cluster: ["cluster-config", "cluster-export"],
  config: ["config-edit", "config-entries"],
  create: [
    "create-config",
    "create-cronjob",
    "create-ingress",
    "create-quota",
    "create-rbac",
    "create-token",
  ],
  rollout: ["rollout-kinds"],
  run: ["run-overrides"],
  shellverb: ["shell-conntrack"],
};

/** The registries that put the verbs on the program: they import every verb by design. */
const REGISTRIES = new Set(["verbs", "netverbs"]);

function sources(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
}

/** The src/kubectl modules a file imports, by path from src/kubectl without `.js`. */
function localImports(file: string, fromDir: string): string[] {
  const text = readFileSync(join(DIR, fromDir, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g)) {
    const path = join(fromDir, m[1]);
    if (!path.startsWith("..")) out.push(path);
  }
  return out;
}

const verbFiles = sources(DIR)
  .map((f) => f.slice(0, -3))
  .filter(
    (f) =>
      !REGISTRIES.has(f) &&
      /export (async )?function register[A-Z]/.test(readFileSync(join(DIR, `${f}.ts`), "utf8")),
  );

describe("verb files", () => {
  it("are found, so the checks below check something", () => {
    expect(verbFiles).toEqual(expect.arrayContaining(["get", "apply", "create", "delete", "exec", "logs"]));
  });

  it("are not listed as non-verb modules", () => {
    expect(verbFiles.filter((v) => NON_VERB_MODULES.has(v))).toEqual([]);
  });

  it.each(verbFiles)("%s imports util/ and non-verb modules only", (verb) => {
    const bad = localImports(`${verb}.ts`, ".").filter(
      (m) =>
        !m.startsWith("util/") &&
        !m.startsWith("goyaml/") &&
        !m.startsWith("help/") &&
        m !== `${verb}.help` &&
        !NON_VERB_MODULES.has(m) &&
        !(SUBCOMMANDS[verb] ?? []).includes(m),
    );
    expect(bad).toEqual([]);
  });

  it("each have their help text beside them, in <verb>.help.ts (a subcommand's is its verb's)", () => {
    const subcommandFiles = new Set(Object.values(SUBCOMMANDS).flat());
    const missing = verbFiles.filter(
      (v) => !subcommandFiles.has(v) && !existsSync(join(DIR, `${v}.help.ts`)),
    );
    expect(missing).toEqual([]);
  });

  it("have help texts that import only help/", () => {
    const bad = sources(DIR)
      .filter((f) => f.endsWith(".help.ts"))
      .flatMap((f) =>
        localImports(f, ".")
          .filter((m) => !m.startsWith("help/"))
          .map((m) => `${f} imports ${m}`),
      );
    expect(bad).toEqual([]);
  });

  it("run each command as an options object: every action is runVerb (complete, validate, run)", () => {
    const files = [...sources(DIR), ...sources(join(DIR, "help")).map((f) => `help/${f}`)];
    const bad = files.flatMap((f) => {
      const text = readFileSync(join(DIR, f), "utf8");
      const actions = text.match(/\.action\(/g)?.length ?? 0;
      const viaRunVerb = text.match(/\.action\(\s*\([^)]*\)\s*=>\s*runVerb\(/g)?.length ?? 0;
      return actions === viaRunVerb ? [] : [`${f}: ${actions - viaRunVerb} of ${actions} actions`];
    });
    expect(bad).toEqual([]);
  });

  it("are not imported by util/", () => {
    const bad = sources(join(DIR, "util")).flatMap((f) =>
      localImports(f, "util")
        .filter((m) => verbFiles.includes(m))
        .map((m) => `util/${f} imports ${m}`),
    );
    expect(bad).toEqual([]);
  });
});
