// The layers of src/ (ARCHITECTURE.md): an import may point down the table, never up, never
// sideways, so no two folders import each other. Type-only imports count: a type imported
// from above ties a folder to the layer above as much as a value does, and breaking the
// circles is exactly about handing components narrow types. Tests (*.test.ts) are left out:
// a test may assemble a whole cluster to check one low piece.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname, "..", "src");

/**
 * Top-level folders (and the two entry files) from the top down. A folder may import any
 * folder in a lower row, none in its own row or above.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["main", "launcher"], // entry points: the binary, the process launcher
  ["kubectl"], // verbs: flags in, API calls, printers out
  ["lab"], // lab checks and cluster export: read the cluster and the network together
  ["printers"], // the only place facts become words, so it reads net's typed hops
  ["runtime"], // the container runtime: runs scripted main processes with the shell and net's tools
  ["net"], // the data plane, clients and container tools
  ["cluster"], // bootstrap, effects and the reconcile loop that drives the components
  ["controllers", "kubelet", "proxy"], // the components that react to objects
  ["cni", "dns", "images", "shell"], // what a node runs: IPAM, resolvers, image models, the shell
  ["apiserver"], // typed CRUD, admission, allocation
  ["store"], // persistence
  ["api"], // the API's object types (k8s.io/api): what the store keeps and every component reads
  ["golang"], // Go ports: importable by all; they may use the plain utilities below
  ["util"], // plain utilities (IPv4, the clock, the RNG, checked invariants): import nothing
];

/**
 * Imports that break the table, file to file: none. Should one ever have to be allowed, it
 * goes here with its reason; a listed one that no longer exists fails, so it never goes stale.
 */
const KNOWN: readonly string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

// Static imports and re-exports (`import x from`, `import type`, `export * from`, bare
// `import "..."`) and import() in code or types.
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"'`;]*?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** "kubectl/get.ts -> api/types.ts" for every relative import in src/. */
function importEdges(): string[] {
  const edges = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, "utf8").replace(/^\s*(\/\/|\*|\/\*).*$/gm, "");
    for (const m of code.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, ".ts");
      if (!target.startsWith(SRC + sep)) continue;
      edges.add(`${rel(file)} -> ${rel(target)}`);
    }
  }
  return [...edges].sort();
}

const rel = (path: string) => relative(SRC, path).split(sep).join("/");

/** The top-level folder of a src-relative path; main.ts and launcher.ts stand for themselves. */
const folderOf = (path: string) => (path.includes("/") ? path.split("/")[0] : path.replace(/\.ts$/, ""));

function layerOf(folder: string): number {
  const i = LAYERS.findIndex((row) => row.includes(folder));
  if (i < 0) throw new Error(`src/${folder} is in no layer: add it to LAYERS and ARCHITECTURE.md`);
  return i;
}

function crossesUpOrSideways(edge: string): boolean {
  const [from, to] = edge.split(" -> ").map(folderOf);
  return from !== to && layerOf(to) <= layerOf(from);
}

/** The folder cycles in a set of file edges, each as "a -> b -> a". */
function folderCycles(edges: string[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = e.split(" -> ").map(folderOf);
    if (a !== b) next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const cycles: string[] = [];
  const walk = (path: string[]) => {
    for (const n of next.get(path[path.length - 1]) ?? []) {
      if (n === path[0]) cycles.push([...path, n].join(" -> "));
      else if (!path.includes(n) && n > path[0]) walk([...path, n]);
    }
  };
  for (const start of next.keys()) walk([start]);
  return cycles;
}

describe("the import graph of src/", () => {
  const edges = importEdges();

  it("places every folder of src/ in a layer", () => {
    for (const name of readdirSync(SRC)) expect(() => layerOf(folderOf(name)), name).not.toThrow();
  });

  it("imports only down the layers, apart from the known violations", () => {
    const violations = edges.filter(crossesUpOrSideways);
    expect(violations.filter((e) => !KNOWN.includes(e))).toEqual([]);
  });

  it("keeps the list of known violations true: a fixed one is struck off", () => {
    expect(KNOWN.filter((e) => !edges.includes(e) || !crossesUpOrSideways(e))).toEqual([]);
  });

  it("has no circle between folders but through the known violations", () => {
    expect(folderCycles(edges.filter((e) => !KNOWN.includes(e)))).toEqual([]);
  });
});
