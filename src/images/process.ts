// What runs in a container for a given command/args: the image's own ENTRYPOINT/CMD, a
// `sh -c` script (echo loops, sleeps, `echo > file && server`), or a program the image has
// (nc -l, python -m http.server, httpd, nginx, ...). Image modules supply their entrypoint,
// tools and own programs; the shapes common to every image live here.
import { pythonHttpServer } from "./pyserver.js";
import {
  echoText,
  execedCommand,
  parseScript,
  type ScriptNode,
  type SimpleCommand,
  sleepSeconds,
} from "./shellscript.js";
import type { ContainerProcess, ContainerSpec, Listener, MainScript } from "./types.js";

export interface ImageRuntime {
  entrypoint: string[];
  cmd: string[];
  /** What /bin/sh is: its "not found" messages differ. */
  sh: "dash" | "ash" | "bash" | null;
  hasBash: boolean;
  tools: string[];
  workingDir: string;
  /** Programs only this image has (httpd-foreground, nginx, agnhost netexec, ...). */
  programs?(words: string[], env: Record<string, string>, cwd: string): ContainerProcess | undefined;
  /** Version printed by `python -m http.server`'s Server header, when the image has python. */
  pythonVersion?: string;
  /** An entrypoint script that ends in `exec "$@"` (nginx's docker-entrypoint.sh). */
  execsArgs?: string;
}

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);
const BUILTINS = new Set([
  "echo",
  "cd",
  "exit",
  "true",
  "false",
  ":",
  "export",
  "set",
  "printf",
  "test",
  "[",
  "read",
  "trap",
  "exec",
  "wait",
]);

export const base = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** ENTRYPOINT/CMD semantics: `command` replaces the entrypoint, `args` replaces CMD. */
export function effectiveArgv(spec: ContainerSpec, rt: { entrypoint: string[]; cmd: string[] }): string[] {
  if (spec.command && spec.command.length > 0) return [...spec.command, ...(spec.args ?? [])];
  if (spec.args && spec.args.length > 0) return [...rt.entrypoint, ...spec.args];
  return [...rt.entrypoint, ...rt.cmd];
}

/** containerd 1.7's message when runc cannot exec the container's command. */
export function execError(cmd: string): string {
  const why = cmd.includes("/")
    ? `exec: "${cmd}": stat ${cmd}: no such file or directory`
    : `exec: "${cmd}": executable file not found in $PATH`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${why}: unknown`;
}

function notFound(shellArgv0: string, flavor: "dash" | "ash" | "bash", cmd: string): string {
  if (flavor === "bash") return `${shellArgv0}: line 1: ${cmd}: command not found`;
  if (flavor === "dash") return `${shellArgv0}: 1: ${cmd}: not found`;
  return `${shellArgv0}: ${cmd}: not found`;
}

function hasTool(rt: ImageRuntime, cmd: string): boolean {
  const b = base(cmd);
  if (SHELLS.has(b)) return b === "bash" ? rt.hasBash : rt.sh !== null;
  return rt.tools.includes(b);
}

/**
 * `nc -l -p 8080`, `nc -lk -p 8080`, `nc -l 8080`, `nc -lu -p 53`. With `reply` (`echo pong |
 * nc -l -p 9000`), nc sends those bytes to whoever connects: no status line, so curl and wget
 * take it for HTTP/0.9, as against a real nc.
 */
export function ncListener(words: string[], reply?: string): Listener | undefined {
  let listen = false;
  let keep = false;
  let udp = false;
  let port: number | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (/^-[a-zA-Z]+$/.test(w)) {
      for (let j = 1; j < w.length; j++) {
        const f = w[j];
        if (f === "l") listen = true;
        else if (f === "k") keep = true;
        else if (f === "u") udp = true;
        else if (f === "p") {
          // -p takes the rest of the word or the next argument.
          const rest = w.slice(j + 1);
          port = Number(rest || words[++i]);
          break;
        }
      }
    } else if (/^\d+$/.test(w) && port === undefined) port = Number(w);
  }
  if (!listen || port === undefined || !Number.isFinite(port)) return undefined;
  if (reply !== undefined && !udp)
    return {
      port,
      protocol: "TCP",
      kind: "http",
      oneShot: !keep,
      handle: () => ({ status: 0, reason: "", headers: [], body: reply, version: "HTTP/0.9" }),
    };
  return { port, protocol: udp ? "UDP" : "TCP", kind: "tcp-silent", oneShot: !keep };
}

function describe(argv: string[]): string {
  // As ps shows /proc/PID/cmdline: the arguments, NULs as spaces, nothing quoted.
  return argv.join(" ");
}

/** What `echo X |` or `printf X |` before a command feeds it, when it is that simple. */
function pipedText(cmd: SimpleCommand): string | undefined {
  const from = cmd.stdinFrom;
  if (!from?.words.length) return undefined;
  const prog = base(from.words[0]);
  if (prog === "echo") return from.words[1] === "-n" ? echoText(from.words) : `${echoText(from.words)}\n`;
  if (prog === "printf") return from.words.slice(1).join(" ").replace(/\\n/g, "\n");
  return undefined;
}

/** Programs every image shares the meaning of, if its PATH has them. */
function commonProgram(
  words: string[],
  rt: ImageRuntime,
  cwd: string,
  stdin?: string,
): ContainerProcess | "exits" | undefined {
  const cmd = base(words[0]);
  if (cmd === "sleep") {
    const s = sleepSeconds(words[1]);
    if (s === undefined) return undefined;
    return {
      listeners: [],
      description: describe(words),
      ignoresSigterm: true,
      ...(Number.isFinite(s) ? { exitsAfterSeconds: s } : {}),
    };
  }
  if (cmd === "tail" && words.includes("-f"))
    return { listeners: [], description: describe(words), ignoresSigterm: true };
  if (cmd === "nc" || cmd === "netcat" || cmd === "ncat") {
    const l = ncListener(words, stdin);
    return l ? { listeners: [l], description: describe(words), ignoresSigterm: true } : "exits";
  }
  const m = words.indexOf("-m");
  if ((cmd === "python" || cmd === "python3") && m > 0 && words[m + 1] === "http.server")
    return pythonHttpServer(words, cwd, rt.pythonVersion ?? "3.13.1");
  if (cmd === "cat" && words.length === 1) return "exits"; // stdin is empty without `stdin: true`
  if (cmd === "curl" || cmd === "wget")
    return {
      listeners: [],
      exitsImmediately: true,
      description: describe(words),
      clientRuns: [{ tool: cmd, argv: words }],
    };
  return undefined;
}

interface ScriptState {
  cwd: string;
  clientRuns: NonNullable<ContainerProcess["clientRuns"]>;
  writes: { path: string; content: string; append?: boolean }[];
  startLines: string[];
  guessed: boolean;
}

function absolute(cwd: string, path: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}

function loopProcess(
  loop: Extract<ScriptNode, { kind: "while" }>,
  rt: ImageRuntime,
  env: Record<string, string>,
  st: ScriptState,
  missing: (cmd: string) => string,
): ContainerProcess {
  const texts: string[] = [];
  const clients: NonNullable<ContainerProcess["clientRuns"]> = [];
  let every = 0;
  let server: ContainerProcess | undefined;
  for (const n of loop.body) {
    if (n.kind !== "cmd" || n.words.length === 0) continue;
    const cmd = base(n.words[0]);
    if (!BUILTINS.has(cmd) && !hasTool(rt, n.words[0])) texts.push(missing(n.words[0]));
    else if (cmd === "echo" && !n.redirect) texts.push(echoText(n.words));
    else if (cmd === "sleep") every += sleepSeconds(n.words[1]) ?? 0;
    else if (cmd === "date") texts.push("$(date)");
    else {
      const p = rt.programs?.(n.words, env, st.cwd) ?? commonProgram(n.words, rt, st.cwd, pipedText(n));
      if (p && p !== "exits" && p.clientRuns) clients.push(...p.clientRuns);
      else if (p && p !== "exits") server = p;
      else if (cmd !== "echo") st.guessed = true;
    }
  }
  const listeners = (server?.listeners ?? []).map((l) => ({ ...l, oneShot: false }));
  return {
    listeners,
    ...(texts.length ? { logLines: { everySeconds: every || 0.01, text: texts.join("\n") } } : {}),
    ...(clients.length ? { clientRuns: clients.map((c) => ({ ...c, everySeconds: every || 0.01 })) } : {}),
    description: "while loop",
    ignoresSigterm: true,
  };
}

function runNodes(
  nodes: ScriptNode[],
  rt: ImageRuntime,
  env: Record<string, string>,
  shellArgv0: string,
  description: string,
): ContainerProcess {
  const st: ScriptState = { cwd: rt.workingDir, clientRuns: [], writes: [], startLines: [], guessed: false };
  const finish = (p: ContainerProcess): ContainerProcess => {
    const out: ContainerProcess = { ...p, description };
    if (st.writes.length) out.writes = [...st.writes, ...(p.writes ?? [])];
    if (st.clientRuns.length) out.clientRuns = [...st.clientRuns, ...(p.clientRuns ?? [])];
    if (st.startLines.length) {
      const inner = p.startupLog;
      const lines = [...st.startLines];
      out.startupLog = (ctx) => [...lines, ...(inner ? inner(ctx) : [])];
    }
    if (st.guessed || p.guessed) out.guessed = true;
    return out;
  };
  const flavor = shellArgv0.endsWith("bash") ? "bash" : (rt.sh ?? "ash");
  // A script that runs to its end exits with its last command's status (`false` gives 1).
  let status = 0;
  for (const node of nodes) {
    if (node.kind === "while")
      return finish(loopProcess(node, rt, env, st, (c) => notFound(shellArgv0, flavor, c)));
    const words = node.words;
    if (words.length === 0) continue;
    const cmd = base(words[0]);
    status = cmd === "false" ? 1 : 0;
    if (cmd === "false") continue;
    if (cmd === "echo" || cmd === "printf") {
      const text = cmd === "echo" ? echoText(words) : words.slice(1).join(" ").replace(/\\n/g, "\n");
      const content = cmd === "echo" && words[1] !== "-n" ? `${text}\n` : text;
      if (node.redirect)
        st.writes.push({ path: absolute(st.cwd, node.redirect.path), content, append: node.redirect.append });
      else st.startLines.push(...content.replace(/\n$/, "").split("\n"));
      continue;
    }
    if (cmd === "cd") {
      st.cwd = absolute(st.cwd, words[1] ?? "/root");
      continue;
    }
    if (cmd === "exit")
      return finish({ listeners: [], exitsImmediately: true, exitCode: Number(words[1] ?? 0), description });
    if (cmd === "true" || cmd === ":" || cmd === "export" || cmd === "set") continue;
    if (!BUILTINS.has(cmd) && !hasTool(rt, words[0])) {
      st.startLines.push(notFound(shellArgv0, flavor, words[0]));
      return finish({ listeners: [], exitsImmediately: true, exitCode: 127, description });
    }
    const p = rt.programs?.(words, env, st.cwd) ?? commonProgram(words, rt, st.cwd, pipedText(node));
    if (p === "exits") continue;
    // A one-off client command (curl http://web) runs, then the script goes on.
    if (p?.clientRuns && p.listeners.length === 0) {
      st.clientRuns.push(...p.clientRuns);
      continue;
    }
    if (p) return finish(p);
    // A command kubesim does not model (apt-get, mkdir, ...): assume it ran and carry on.
    st.guessed = true;
  }
  return finish({ listeners: [], exitsImmediately: true, exitCode: status, description });
}

/** Client commands the emulated shell implements: run for real as a container's main process. */
const CLIENT_COMMANDS = new Set([
  "curl",
  "wget",
  "nslookup",
  "dig",
  "host",
  "ping",
  "echo",
  "printf",
  "printenv",
  "env",
  "date",
  "cat",
  "hostname",
  "ls",
  "id",
  "whoami",
  "uname",
  "true",
  "false",
]);

const quote = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/**
 * The script a container's main process runs in the image's shell, when its command is a
 * shell script (`sh -c '...'`) or a client command the shell implements (`curl -sS web`);
 * undefined for servers and the image's own programs, which the image model answers for.
 */
function scriptOf(argv: string[], rt: ImageRuntime): MainScript | undefined {
  const prog = base(argv[0]);
  if (SHELLS.has(prog)) {
    const c = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    if (c < 0 || c + 1 >= argv.length) return undefined;
    const shell = prog === "bash" || (prog !== "sh" && rt.sh === "bash") ? "bash" : "sh";
    return { shell, text: argv[c + 1], argv0: argv[c + 2] ?? argv[0], args: argv.slice(c + 3) };
  }
  if (!CLIENT_COMMANDS.has(prog) || rt.sh === null) return undefined;
  if ((prog === "nc" || prog === "ping") && argv.length === 1) return undefined;
  return { shell: rt.sh === "bash" ? "bash" : "sh", text: argv.map(quote).join(" "), argv0: "sh", args: [] };
}

/**
 * Whether a command a script runs is a program that does not return (a server, `tail -f`):
 * the script stops there and the container serves as the image model says.
 */
export function blocksScript(words: string[], rt: ImageRuntime, cwd: string): ContainerProcess | undefined {
  if (words.length === 0) return undefined;
  const p = rt.programs?.(words, {}, cwd) ?? commonProgram(words, rt, cwd);
  if (!p || p === "exits") return undefined;
  if (p.clientRuns || p.exitsImmediately || p.exitsAfterSeconds !== undefined) return undefined;
  return p;
}

/** The process a container of this image runs for the given command/args. */
export function runContainer(spec: ContainerSpec, rt: ImageRuntime): ContainerProcess {
  const p = staticProcess(spec, rt);
  const argv = effectiveArgv(spec, rt);
  if (p.startError || argv.length === 0) return p;
  const args = rt.execsArgs && base(argv[0]) === rt.execsArgs && argv.length > 1 ? argv.slice(1) : argv;
  // The entrypoint script's own meaning (curl's turns `-sS URL` into `curl -sS URL`).
  const own = args !== argv ? rt.programs?.(argv, {}, rt.workingDir) : undefined;
  if (own && !own.clientRuns) return p;
  if (own?.clientRuns?.length === 1) return withScript(p, own.clientRuns[0].argv, rt);
  return withScript(p, args, rt);
}

function withScript(p: ContainerProcess, args: string[], rt: ImageRuntime): ContainerProcess {
  const script = scriptOf(args, rt);
  if (!script) return p;
  return {
    ...p,
    script,
    blocks: (words, cwd) => blocksScript(words, rt, cwd),
  };
}

function staticProcess(spec: ContainerSpec, rt: ImageRuntime): ContainerProcess {
  const argv = effectiveArgv(spec, rt);
  const env = { ...(spec.podName ? { HOSTNAME: spec.podName } : {}), ...spec.env };
  const description = describe(argv);
  if (argv.length === 0) return { listeners: [], exitsImmediately: true, description };
  const prog = argv[0];
  if (!hasTool(rt, prog)) return { listeners: [], startError: execError(prog), description };
  if (rt.execsArgs && base(prog) === rt.execsArgs && argv.length > 1) {
    // The script runs what follows it, unless the image gives it a meaning of its own.
    const own = rt.programs?.(argv, env, rt.workingDir);
    return (
      own ?? staticProcess({ ...spec, command: argv.slice(1), args: [] }, { ...rt, execsArgs: undefined })
    );
  }
  if (SHELLS.has(base(prog))) {
    // -c may come bundled with other flags: `sh -ec`, `bash -xc`.
    const c = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    // A shell without a script reads stdin, which is empty unless the pod asks for stdin.
    if (c < 0 || c + 1 >= argv.length)
      return spec.stdin
        ? { listeners: [], ignoresSigterm: true, description }
        : { listeners: [], exitsImmediately: true, description };
    const nodes = parseScript(argv[c + 1], env);
    const flavor = base(prog) === "bash" ? "bash" : rt.sh === "dash" ? "dash" : "ash";
    const execed = execedCommand(argv[c + 1], nodes, flavor, BUILTINS);
    return runNodes(nodes, rt, env, prog, execed ? describe(execed) : description);
  }
  const simple: SimpleCommand = { kind: "cmd", words: argv };
  const p = rt.programs?.(argv, env, rt.workingDir) ?? commonProgram(argv, rt, rt.workingDir);
  if (p === "exits") return { listeners: [], exitsImmediately: true, description };
  if (p) return { ...p, description: p.description || description };
  if (["echo", "true", "false"].includes(base(prog))) return runNodes([simple], rt, env, "sh", description);
  // A binary the image has but kubesim does not model: it runs, and nothing listens.
  return { listeners: [], description, guessed: true };
}
