// The one table of commands and global flags, and how a command line is read before any
// verb parses it. The launcher (bin/kubesim → src/launcher.ts), cli.ts, help and completion
// all take the verb from here, so they cannot disagree on what `kubesim -n x get pods` means.
// This module imports nothing: the launcher bundles it alone and must start fast.

/** Which bundle holds a verb: the network verbs pull in the shell, DNS and proxy models. */
export type Bundle = "core" | "net";

/** kubesim's verbs (kubectl's names, plus kubesim's own), and where each lives. */
export const VERBS: Readonly<Record<string, Bundle>> = {
  get: "core",
  apply: "core",
  create: "core",
  delete: "core",
  describe: "core",
  label: "core",
  annotate: "core",
  scale: "core",
  rollout: "core",
  set: "core",
  wait: "core",
  expose: "core",
  patch: "core",
  replace: "core",
  diff: "core",
  edit: "core",
  kustomize: "core",
  cordon: "core",
  uncordon: "core",
  drain: "core",
  taint: "core",
  version: "core",
  "cluster-info": "core",
  "api-resources": "core",
  "api-versions": "core",
  cluster: "core",
  auth: "core",
  config: "core",
  plugin: "core",
  top: "core",
  completion: "net", // its scripts list every verb's flags, so it needs them all
  diagram: "core",
  options: "core",
  help: "net", // help may be asked about any verb
  shellenv: "core",
  __complete: "core",
  curl: "net",
  logs: "net",
  attach: "net",
  exec: "net",
  shell: "net",
  "iptables-save": "net",
  run: "net",
  trace: "net",
  diagnose: "net",
  check: "net",
  // -w steps simulated time past container processes, which only the full bundle runs; a
  // handover mid-watch would print again the rows already out, with newer ages.
  events: "net",
  explain: "core",
  autoscale: "core",
  certificate: "core",
  cp: "net",
  debug: "net",
  // They serve real sockets from the data plane's models (src/net/forward.ts).
  "port-forward": "net",
  proxy: "net",
};

/** kubectl v1.32's top-level commands; cobra draws its suggestions from these. */
export const KUBECTL_COMMANDS = [
  "annotate",
  "api-resources",
  "api-versions",
  "apply",
  "attach",
  "auth",
  "autoscale",
  "certificate",
  "cluster-info",
  "completion",
  "config",
  "cordon",
  "cp",
  "create",
  "debug",
  "delete",
  "describe",
  "diff",
  "drain",
  "edit",
  "events",
  "exec",
  "explain",
  "expose",
  "get",
  "help",
  "kustomize",
  "label",
  "logs",
  "options",
  "patch",
  "plugin",
  "port-forward",
  "proxy",
  "replace",
  "rollout",
  "run",
  "scale",
  "set",
  "taint",
  "top",
  "uncordon",
  "version",
  "wait",
];

export interface GlobalFlag {
  long: string;
  short?: string;
  /** pflag's bool flags take no value unless written `--flag=false`. */
  bool?: boolean;
  /** kubesim acts on it; the others are accepted so kubectl command lines run, and ignored. */
  used?: boolean;
  /** Verbs that act on it although others ignore it: impersonation is only answered by `auth`. */
  usedBy?: readonly string[];
}

/** kubectl's persistent flags (`kubectl options`), which cobra takes before or after the verb. */
export const GLOBAL_FLAGS: readonly GlobalFlag[] = [
  // Impersonation reaches every verb's requests (takeImpersonation), not a verb's parser.
  { long: "as" },
  { long: "as-group" },
  { long: "as-uid" },
  { long: "cache-dir" },
  { long: "certificate-authority" },
  { long: "client-certificate" },
  { long: "client-key" },
  { long: "cluster", used: true },
  { long: "context", used: true },
  { long: "disable-compression", bool: true },
  { long: "insecure-skip-tls-verify", bool: true },
  { long: "kubeconfig", used: true },
  { long: "log-flush-frequency" },
  { long: "match-server-version", bool: true },
  { long: "namespace", short: "n", used: true },
  { long: "password" },
  // debug has a --profile of its own (its debugging profile), which shadows the global one.
  { long: "profile", usedBy: ["debug"] },
  { long: "profile-output" },
  { long: "request-timeout", used: true },
  { long: "server", short: "s" },
  { long: "tls-server-name" },
  { long: "token" },
  // create rolebinding and clusterrolebinding take their own --user (a subject).
  { long: "user", usedBy: ["create"] },
  { long: "username" },
  { long: "v", short: "v" },
  { long: "vmodule" },
  { long: "warnings-as-errors", bool: true },
];

/** Verbs that read their arguments raw (most are curl's: -v, -s, -o mean curl's flags there). */
const RAW_VERBS = ["curl", "trace"];

function globalFlag(token: string): GlobalFlag | undefined {
  if (token.startsWith("--")) {
    const name = token.slice(2).split("=")[0];
    return GLOBAL_FLAGS.find((f) => f.long === name);
  }
  if (/^-[A-Za-z]/.test(token)) return GLOBAL_FLAGS.find((f) => f.short === token[1]);
  return undefined;
}

/** The token is a whole flag (`--x=v`, `-x=v`, a bool) or needs the next one as its value. */
function takesNext(token: string, f: GlobalFlag | undefined): boolean {
  if (token.includes("=")) return false;
  if (token.startsWith("--")) return !f?.bool;
  // pflag reads `-n5` as -n with the value 5; only a bare `-x` takes the next word.
  return token.length === 2 && !f?.bool;
}

/** kubectl's --as, --as-group (repeatable) and --as-uid, as client-go sends them. */
export interface Impersonation {
  user?: string;
  groups: string[];
  uid?: string;
}

/**
 * Takes the impersonation flags out of the words (up to `--`), wherever they stand: they
 * are the request's, which the session carries to the apiserver for every verb. A flag
 * that ends the line without its value stays, for pflag's "needs an argument".
 */
function takeImpersonation(argv: string[]): {
  argv: string[];
  impersonate?: Impersonation;
  missing?: string;
} {
  const out: string[] = [];
  const imp: Impersonation = { groups: [] };
  let seen = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--(as|as-group|as-uid)(?:=(.*))?$/s.exec(a);
    if (!m) {
      out.push(a);
      continue;
    }
    if (m[2] === undefined && i + 1 >= argv.length) return { argv: out, missing: a };
    const value = m[2] ?? argv[++i];
    seen = true;
    if (m[1] === "as") imp.user = value;
    else if (m[1] === "as-uid") imp.uid = value;
    else imp.groups.push(value);
  }
  return { argv: out, impersonate: seen ? imp : undefined };
}

export interface CommandLine {
  /** The verb, as cobra's Find picks it; undefined for a line of global flags only. */
  verb?: string;
  /** --as, --as-group, --as-uid: who the verb's requests run as. */
  impersonate?: Impersonation;
  /** An impersonation flag that ends the line without its value: pflag's "needs an argument". */
  missingValue?: string;
  /** The words with the global flags moved after the verb, where its own parser reads them. */
  argv: string[];
  /** cobra's error for flags it cannot place (an unknown flag before an unknown command). */
  error?: string;
}

/**
 * cobra's Find over the root's persistent flags (stripFlags): a flag it does not know is
 * taken to have a value and swallows the next word, so `kubectl -A get svc` looks for a
 * command named "svc", finds none and, since the line starts with a flag, kubectl's plugin
 * handler answers `flags cannot be placed before plugin name: -A`.
 */
function findVerb(argv: string[]): { index: number; known: boolean } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a === "-h" || a === "--help") continue;
    if (a.startsWith("-") && a.length > 1) {
      if (takesNext(a, globalFlag(a))) i++;
      continue;
    }
    return { index: i, known: Object.hasOwn(VERBS, a) || KUBECTL_COMMANDS.includes(a) };
  }
  return { index: -1, known: true };
}

/**
 * Global flags a config subcommand defines as its own (cobra lets a local flag shadow a
 * persistent one): there they name the kubeconfig entry's fields, so they reach its parser.
 */
const CONFIG_LOCAL: Record<string, string[]> = {
  "set-cluster": ["server", "certificate-authority", "insecure-skip-tls-verify", "tls-server-name"],
  "set-credentials": ["client-certificate", "client-key", "token", "username", "password"],
  "set-context": ["user"],
};

/**
 * Global flags kubesim ignores, dropped from the words a verb will parse: but those the verb
 * uses (`usedBy`) and those in `keep`.
 */
function dropIgnored(words: string[], verb?: string, keep: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i];
    if (a === "--") return [...out, ...words.slice(i)];
    const f = globalFlag(a);
    if (f && !f.used && !(verb && f.usedBy?.includes(verb)) && !keep.includes(f.long) && a.startsWith("-")) {
      if (takesNext(a, f)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The words up to `--` are all global flags, with their values. */
function onlyGlobalFlags(argv: string[]): boolean {
  for (let i = 0; i < argv.length && argv[i] !== "--"; i++) {
    const f = globalFlag(argv[i]);
    if (!f) return false;
    if (takesNext(argv[i], f)) i++;
  }
  return true;
}

/** pflag's error for a value flag that ends the line: `-n` alone, `--namespace` alone. */
function missingValue(argv: string[]): string | undefined {
  const last = argv[argv.length - 1];
  const f = last === undefined ? undefined : globalFlag(last);
  if (!f || !takesNext(last, f)) return undefined;
  const which = last.startsWith("--") ? last : `'${last.slice(1)}' in ${last}`;
  return `Error: flag needs an argument: ${which}\nSee 'kubectl --help' for usage.`;
}

/** Reads a command line as kubectl does: the verb, and the words for the verb's parser. */
export function readCommandLine(words: string[]): CommandLine {
  const { argv, impersonate, missing } = takeImpersonation(words);
  return { ...readWords(argv), impersonate, ...(missing ? { missingValue: missing } : {}) };
}

function readWords(argv: string[]): CommandLine {
  const { index, known } = findVerb(argv);
  if (index < 0) {
    const end = argv.indexOf("--");
    const error = end < 0 ? missingValue(argv) : undefined;
    if (error) return { argv, error };
    // Global flags alone run the root command, which prints kubectl's help.
    return { argv: onlyGlobalFlags(argv) ? [] : dropIgnored(argv) };
  }
  const verb = argv[index];
  // cobra answers a help flag before the verb with the root command's help.
  if (argv.slice(0, index).some((a) => a === "-h" || a === "--help")) return { argv: ["--help"] };
  if (!known && index > 0)
    return { verb, argv, error: `Error: flags cannot be placed before plugin name: ${argv[0]}` };
  const before = dropIgnored(argv.slice(0, index), verb);
  const after = argv.slice(index + 1);
  if (RAW_VERBS.includes(verb)) return { verb, argv: [verb, ...before, ...after] };
  const rest = dropIgnored(after, verb, verb === "config" ? (CONFIG_LOCAL[after[0]] ?? []) : []);
  const end = rest.indexOf("--");
  const moved = end < 0 ? [...rest, ...before] : [...rest.slice(0, end), ...before, ...rest.slice(end)];
  return { verb, argv: [verb, ...moved] };
}

/** Whether a command line needs the bundle with the network verbs. */
export function needsNetBundle(verb: string | undefined): boolean {
  return verb === undefined || VERBS[verb] === "net";
}

/**
 * Code caches made by one kind of command alone (scripts/codecache.mjs), for the launcher to
 * start a verb of that kind with when the cluster has nothing due. V8 reads a whole cache
 * whatever runs, so a cache holding only what reads run starts `get pods` 3 ms sooner than
 * the bundle's own, which also holds the writes' admission, controllers and kubelet.
 */
export type CacheKind = "read" | "exec" | "net";

/** The bundle each special cache is made for. */
export const CACHE_BUNDLE: Readonly<Record<CacheKind, Bundle>> = { read: "core", exec: "net", net: "net" };

/** Verbs with a cache of their own kind; every other verb starts with its bundle's cache. */
export const CACHE_KINDS: Readonly<Record<string, CacheKind>> = {
  get: "read",
  describe: "read",
  "api-resources": "read",
  "api-versions": "read",
  "cluster-info": "read",
  top: "read",
  exec: "exec",
  attach: "exec",
  shell: "exec",
  cp: "exec",
  curl: "net",
  trace: "net",
  diagnose: "net",
  "iptables-save": "net",
};
