// Reads the `sh -c` scripts people put in a pod's command: `while true; do echo X; sleep 5;
// done`, `echo hi > /usr/share/nginx/html/index.html && nginx -g 'daemon off;'`. Only what a
// container's start-up needs: words with quotes and $VAR expansion, redirections, `;`, `&&`,
// `||`, `|` and while loops. The emulated interactive shell (src/shell) is a separate thing.

export interface SimpleCommand {
  kind: "cmd";
  words: string[];
  redirect?: { path: string; append: boolean };
  /** `echo pong | nc -l -p 9000`: the command whose output is this one's standard input. */
  stdinFrom?: SimpleCommand;
}

export interface WhileLoop {
  kind: "while";
  condition: SimpleCommand[];
  body: ScriptNode[];
}

export type ScriptNode = SimpleCommand | WhileLoop;

type Token = { op: string } | { word: string };

const OPS = ["&&", "||", ">>", ";", "|", ">", "\n", "&"];

function tokenize(script: string, env: Record<string, string>): Token[] {
  const out: Token[] = [];
  let i = 0;
  let cur = "";
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ word: cur });
    cur = "";
    inWord = false;
  };
  const expand = () => {
    // At script[i] === "$": $NAME, ${NAME}; $(...) and $? stay literal.
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(script.slice(i));
    if (!m) {
      cur += "$";
      i++;
      return;
    }
    const name = m[1] ?? m[2];
    cur += env[name] ?? "";
    i += m[0].length;
  };
  while (i < script.length) {
    const c = script[i];
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      cur += script.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === "\\" && i + 1 < script.length && '"\\$`'.includes(script[i + 1])) {
          cur += script[i + 1];
          i += 2;
        } else if (script[i] === "$") expand();
        else cur += script[i++];
      }
      i++;
    } else if (c === "\\" && i + 1 < script.length) {
      if (script[i + 1] !== "\n") cur += script[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "$") {
      inWord = true;
      expand();
    } else if (c === "#" && !inWord) {
      while (i < script.length && script[i] !== "\n") i++;
    } else if (c === " " || c === "\t") {
      flush();
      i++;
    } else {
      const op = OPS.find((o) => script.startsWith(o, i));
      if (op) {
        flush();
        out.push({ op });
        i += op.length;
      } else {
        cur += c;
        inWord = true;
        i++;
      }
    }
  }
  flush();
  return out;
}

const isOp = (t: Token | undefined, op?: string): boolean =>
  t !== undefined && "op" in t && (op === undefined || t.op === op);
const wordOf = (t: Token | undefined): string | undefined => (t && "word" in t ? t.word : undefined);

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[]) {}

  list(stopWords: string[]): ScriptNode[] {
    const nodes: ScriptNode[] = [];
    let piped: SimpleCommand | undefined;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos];
      if ("op" in t) {
        // `a | b`: a is b's input, not a command of its own.
        const last = nodes[nodes.length - 1];
        if (t.op === "|" && last?.kind === "cmd") piped = nodes.pop() as SimpleCommand;
        this.pos++;
        continue;
      }
      const w = t.word;
      if (stopWords.includes(w)) return nodes;
      if (w === "while" || w === "until") {
        this.pos++;
        const condition = this.list(["do"]).filter((n): n is SimpleCommand => n.kind === "cmd");
        this.pos++; // do
        const body = this.list(["done"]);
        this.pos++; // done
        nodes.push({ kind: "while", condition, body });
        continue;
      }
      const before = this.pos;
      const cmd = this.simple();
      // A keyword this reader does not model (`for ... do`, `if ... then`) ends a command
      // without being taken: step over it, or the loop would never end.
      if (this.pos === before) this.pos++;
      else {
        if (piped) cmd.stdinFrom = piped;
        nodes.push(cmd);
      }
      piped = undefined;
    }
    return nodes;
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: "cmd", words: [] };
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos];
      if (isOp(t, ">") || isOp(t, ">>")) {
        const path = wordOf(this.toks[this.pos + 1]);
        if (path !== undefined) cmd.redirect = { path, append: isOp(t, ">>") };
        this.pos += 2;
        continue;
      }
      if ("op" in t) break;
      const w = t.word;
      // Keywords end a command only in command position (`echo done` prints "done").
      if (cmd.words.length === 0 && ["do", "done", "then", "fi"].includes(w)) break;
      cmd.words.push(w);
      this.pos++;
    }
    return cmd;
  }
}

/** Parses a `sh -c` script into commands and while loops. */
export function parseScript(script: string, env: Record<string, string> = {}): ScriptNode[] {
  return new Parser(tokenize(script, env)).list([]);
}

/** `sleep 5`, `sleep 1m`, `sleep infinity`: seconds, Infinity, or undefined if not a number. */
export function sleepSeconds(arg: string | undefined): number | undefined {
  if (arg === undefined) return undefined;
  if (arg === "infinity" || arg === "inf") return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const mult = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Number(m[1]) * mult;
}

/** The text `echo` prints for its arguments (flags -n/-e dropped). */
export function echoText(words: string[]): string {
  const args = words.slice(1);
  while (args[0] === "-n" || args[0] === "-e" || args[0] === "-ne" || args[0] === "-en") args.shift();
  return args.join(" ");
}

/**
 * The command a `sh -c` script's shell replaces itself with, as ps then shows the container's
 * PID 1, or undefined when the shell stays. ash and dash run the script's last command
 * with exec when it is a program (not a builtin), not in a pipeline and not in the
 * background: `sh -c 'sleep 1h'` and `sh -c 'mkdir -p /www && httpd -f'` leave `sleep 1h` and
 * `httpd -f` as PID 1. bash does so only for a script that is that one command, without a
 * redirection. `exec` does it in any shell.
 */
export function execedCommand(
  script: string,
  nodes: ScriptNode[],
  shell: "ash" | "dash" | "bash",
  builtins: ReadonlySet<string>,
): string[] | undefined {
  const last = nodes[nodes.length - 1];
  if (last?.kind !== "cmd" || last.stdinFrom || last.words.length === 0) return undefined;
  if (/&\s*$/.test(script) && !/&&\s*$/.test(script)) return undefined;
  const prog = last.words[0].slice(last.words[0].lastIndexOf("/") + 1);
  if (prog === "exec") return last.words.length > 1 ? last.words.slice(1) : undefined;
  if (builtins.has(prog)) return undefined;
  if (shell === "bash" && (nodes.length > 1 || last.redirect)) return undefined;
  return last.words;
}
