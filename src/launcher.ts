// dist/kubesim.cjs, the file bin/kubesim runs: picks the bundle a command needs and loads it
// with the V8 code cache scripts/codecache.mjs made beside it, so V8 need not parse and
// compile it. kubesim-core.cjs lacks the network verbs (a third of the code), so `kubesim
// get pods` does not pay for compiling what it never runs. The verb is read by the same
// function cli.ts uses (commandline.ts), so the two cannot disagree.
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { clusterDue } from "./cluster/due-hint.js";
import {
  CACHE_BUNDLE,
  CACHE_KINDS,
  type CacheKind,
  needsNetBundle,
  readCommandLine,
} from "./kubectl/commandline.js";
import { type StdinRead, startsProcess } from "./kubectl/process-hint.js";

/** Module's internals a loader needs, which @types/node does not declare. */
interface ModuleInternals {
  wrap(code: string): string;
  _nodeModulePaths(dir: string): string[];
}

function load(file: string, kind?: CacheKind): void {
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(kind ? `${file}.${kind}.cache` : `${file}.cache`);
  } catch {
    // No cache (a build without one): V8 compiles the bundle as require would.
  }
  const internals = Module as unknown as ModuleInternals;
  // The build makes the bundles pure ASCII (scripts/build.mjs): read as Latin-1, V8 gets a
  // one-byte string at once, where UTF-8 decoding costs tens of ms.
  const script = new vm.Script(internals.wrap(fs.readFileSync(file, "latin1")), {
    filename: file,
    cachedData,
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = internals._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, __dirname);
}

// A commit fsyncs the files it writes on libuv's thread pool (store/durable.ts), and the
// file system commits concurrent fsyncs together: with 16 threads rather than the default
// 4, the 60 to 90 files of a write that starts pods are on disk 2-3 ms sooner. Set before
// anything uses the pool; a value of the user's own stands.
process.env.UV_THREADPOOL_SIZE ??= "16";

const { verb, argv } = readCommandLine(process.argv.slice(2));
const full = path.join(__dirname, "kubesim-full.cjs");
// The core bundle has no container runtime: when it meets a process to run, it hands the
// command line over to the full bundle (src/main.ts).
(globalThis as { __kubesimLoadFull?: () => void }).__kubesimLoadFull = () => load(full);
// A cluster with a container's process due needs the runtime too, and so does a manifest
// that gives a container a program: the core bundle would only hand the command over to the
// full one (cluster/due-hint.ts, kubectl/process-hint.ts). Standard input read for the
// guess is handed to the bundle (src/main.ts).
const stash = (read: StdinRead) => {
  (globalThis as { __kubesimStdinRead?: StdinRead }).__kubesimStdinRead = read;
};
const due = clusterDue(argv, process.env);
const net = needsNetBundle(verb) || due.process || startsProcess(verb, argv, stash);
// A verb with a cache of its own kind starts with it when nothing is due: otherwise the
// command runs controllers or processes, which that cache leaves out.
const kind = verb !== undefined && !due.behind ? CACHE_KINDS[verb] : undefined;
const bundle = net ? "net" : "core";
load(
  net ? full : path.join(__dirname, "kubesim-core.cjs"),
  kind && CACHE_BUNDLE[kind] === bundle ? kind : undefined,
);
