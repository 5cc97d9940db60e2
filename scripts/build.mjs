// The build behind bin/kubesim. Two CommonJS bundles of the same CLI: dist/kubesim-full.cjs
// has every verb; dist/kubesim-core.cjs leaves out the network verbs (curl, exec, shell,
// logs, iptables-save, run, trace, explain), whose shell, DNS, kube-proxy and client models are a third of the
// code. dist/kubesim.cjs (src/launcher.ts) picks one by the verb, so `kubesim get pods`
// does not pay for compiling code it never runs.
import * as fs from "node:fs";
import { build } from "esbuild";

/**
 * Modules a command rarely uses, loaded when first used instead of at start: commander
 * requires child_process for subcommands kubesim never runs, explain reads its gzipped
 * schemas with zlib, the interactive shell needs readline, and re2js (grep -E in the shell,
 * kustomize's regex fields) builds its Unicode tables as it loads. crypto (hashes, keys) is
 * for the writes that make containers, chains or certificates, net for an IPv6 address's
 * check and port-forward's sockets, and tty for a terminal's checks (src/util/stdio.ts):
 * each cost every command a few ms to compile; http (port-forward's and proxy's servers) cost
 * every command of the full bundle 7 ms, as it loads net, stream and its agent. chalk (cluster-info, trace and diagram's
 * colours) asks tty whether fd 1 and 2 are terminals as it loads. Loading them at start cost
 * every command some 10 M instructions (a few ms) for the Node modules and more for re2js.
 * Each import gets an object with the module's exports as getters; the first one read
 * requires the real module (Node's own, or the package bundled as a module that runs when
 * first required).
 */
const LAZY = [
  "node:child_process",
  "node:crypto",
  "node:http",
  "node:net",
  "node:readline",
  "node:tty",
  "node:zlib",
  "chalk",
  "re2js",
  // Their tables (SHA-512's 64-bit constants) are built as they load: half a ms of every
  // command, for digests a few commands make (src/util/digest.ts).
  "@noble/hashes/sha2.js",
  "@noble/hashes/legacy.js",
];
const lazyModules = {
  name: "lazy-modules",
  setup(b) {
    const filter = new RegExp(`^(${LAZY.map((m) => m.replace(/[.]/g, "\\.")).join("|")})$`);
    b.onResolve({ filter }, (args) => {
      if (args.namespace !== "lazy") return { path: args.path, namespace: "lazy" };
      // The facade's own require: Node's module stays outside the bundle, a package goes in.
      return args.path.startsWith("node:") ? { path: args.path, external: true } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "lazy" }, async (args) => {
      const keys = Object.keys(await import(args.path)).filter((k) => k !== "default");
      return {
        contents: `let real;
const facade = {};
for (const key of ${JSON.stringify(keys)})
  Object.defineProperty(facade, key, { enumerable: true, get: () => (real ??= require(${JSON.stringify(args.path)}))[key] });
module.exports = facade;`,
        loader: "js",
        resolveDir: import.meta.dirname,
      };
    });
  },
};

/**
 * Node modules many files import whole (`import * as fs from "node:fs"`): esbuild gives each
 * such import its own copy of the module's properties (__toESM), 36 copies of fs, path and os
 * made at every start, a quarter of a megabyte. Here each is one ES module whose exports are
 * the real module's functions, shared by every importer. Only plain properties are exported;
 * fs's lazy getters (promises, ReadStream, opendir...) are left out, and esbuild warns at build
 * time if code ever reads one.
 */
const SHARED = ["node:fs", "node:path", "node:path/posix", "node:os"];
const sharedNamespaces = {
  name: "shared-namespaces",
  setup(b) {
    const filter = new RegExp(`^(${SHARED.join("|")})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === "shared"
        ? { path: args.path, external: true }
        : { path: args.path, namespace: "shared" },
    );
    b.onLoad({ filter: /.*/, namespace: "shared" }, async (args) => {
      const real = (await import(args.path)).default;
      const plain = Object.keys(real).filter((k) => {
        const d = Object.getOwnPropertyDescriptor(real, k);
        return !d.get && !d.set && /^[A-Za-z_$][\w$]*$/.test(k);
      });
      return {
        contents: `const m = require(${JSON.stringify(args.path)});
export default m;
export const { ${plain.join(", ")} } = m;`,
        loader: "js",
      };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  // Less text for every command to read: names stay, so stacks and class names are kept.
  minifyWhitespace: true,
  plugins: [lazyModules, sharedNamespaces],
};

/**
 * The core bundle never registers the network verbs: the launcher sends their command lines
 * to the full bundle, by the same table (src/kubectl/commandline.ts) registerVerbs reads. If
 * that ever fails, the stub says so instead of loading a second copy of the CLI.
 */
const withoutNetVerbs = {
  name: "without-net-verbs",
  setup(b) {
    b.onResolve({ filter: /\/netverbs\.js$/ }, () => ({ path: "netverbs", namespace: "stub" }));
    // The container runtime (src/runtime) runs scripts with the shell and the network tools.
    // A core command that finds a process due throws this error; main.ts then runs the same
    // command line in the full bundle (the transaction was dropped, nothing was printed).
    b.onResolve({ filter: /\/runtime\/index\.js$/ }, () => ({ path: "runtime", namespace: "stub" }));
    b.onLoad({ filter: /^netverbs$/, namespace: "stub" }, () => ({
      contents:
        'export const NET_VERBS = []; export function registerNetVerbs() { throw new Error("the network verbs are not in kubesim-core.cjs"); }',
      loader: "js",
    }));
    b.onLoad({ filter: /^runtime$/, namespace: "stub" }, () => ({
      contents:
        'export function processRunner() { const e = new Error("the container runtime is not in kubesim-core.cjs"); e.code = "KUBESIM_NEEDS_FULL_BUNDLE"; throw e; }',
      loader: "js",
    }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/main.ts"],
    outfile: "dist/kubesim-core.cjs",
    plugins: [withoutNetVerbs, lazyModules, sharedNamespaces],
  }),
  build({ ...common, entryPoints: ["src/main.ts"], outfile: "dist/kubesim-full.cjs" }),
  // The launcher: ordinary TypeScript (src/launcher.ts), type-checked and linted with the rest.
  build({ ...common, entryPoints: ["src/launcher.ts"], outfile: "dist/kubesim.cjs" }),
]);

// The bundles are pure ASCII, so the launcher can read them as Latin-1: V8 then holds the
// source as a one-byte string, read and hashed far faster than the two-byte string a single
// non-ASCII character forces on UTF-8 decoding (about 40 ms of every command here). esbuild
// escapes strings and templates itself; what it leaves is in comments and regular
// expressions, where a \uXXXX escape means the same character.
for (const file of ["dist/kubesim-core.cjs", "dist/kubesim-full.cjs", "dist/kubesim.cjs"]) {
  const text = fs.readFileSync(file, "utf8");
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (ascii !== text) fs.writeFileSync(file, ascii);
}

// The caches are made by running the bundles, so they come last.
await import("./codecache.mjs");
