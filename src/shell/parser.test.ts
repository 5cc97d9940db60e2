import { describe, expect, it } from "vitest";
import type { Command, List, Simple, Word } from "./ast.js";
import { needsMoreInput, parseScript, ShellSyntaxError } from "./parser.js";
import { testShell } from "./testkit.js";

const bash = { bash: true };

function simple(list: List, i = 0): Simple {
  const c = list.items[i].first.commands[0] as Command;
  if (c.type !== "simple") throw new Error(`not a simple command: ${c.type}`);
  return c;
}

/** Parts of a word as [text, quoted] pairs, literals only. */
function lits(w: Word): [string, boolean][] {
  return w.parts.map((p) => (p.t === "lit" ? [p.v, p.q] : [`<${p.t}>`, p.q]));
}

function syntaxError(src: string, opts = bash): ShellSyntaxError {
  try {
    parseScript(src, opts);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${src}`);
}

describe("words and quoting", () => {
  it("keeps quoting per part: single quotes, double quotes, escapes", () => {
    const c = simple(parseScript(`echo 'a b' "c $X" d\\ e \\$f`, bash));
    expect(c.words.map((w) => w.text)).toEqual(["echo", "'a b'", '"c $X"', "d\\ e", "\\$f"]);
    expect(lits(c.words[1])).toEqual([["a b", true]]);
    expect(lits(c.words[2])).toEqual([
      ["c ", true],
      ["<param>", true],
    ]);
    expect(lits(c.words[3])).toEqual([
      ["d", false],
      [" ", true],
      ["e", false],
    ]);
    expect(lits(c.words[4])).toEqual([
      ["$", true],
      ["f", false],
    ]);
  });

  it("backslash-newline joins lines; # starts a comment only at a word start", () => {
    const l = parseScript("echo a\\\nb c#d # comment", bash);
    expect(simple(l).words.map((w) => w.text)).toEqual(["echo", "a\\\nb", "c#d"]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
  it("reads $(...), backticks, $((...)), ${...} and $'...'", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    const c = simple(parseScript("echo $(ls -l | wc) `id` $((1+2)) ${HOME:-/} $'a\\tb'", bash));
    expect(c.words.slice(1).map((w) => w.parts[0].t)).toEqual(["cmd", "cmd", "arith", "param", "lit"]);
    expect(lits(c.words[5])).toEqual([["a\tb", true]]);
    const p = c.words[4].parts[0];
    expect(p.t === "param" && p.op).toBe(":-");
  });

  it("separates assignments from words", () => {
    const c = simple(parseScript("A=1 B+=x env C=2", bash));
    expect(c.assigns.map((a) => [a.name, a.value.text, a.append])).toEqual([
      ["A", "1", false],
      ["B", "x", true],
    ]);
    expect(c.words.map((w) => w.text)).toEqual(["env", "C=2"]);
  });
});

describe("operators", () => {
  it("parses ; && || | and & into lists, and-or chains and pipelines", () => {
    const l = parseScript("a; b && c || d | e & f", bash);
    expect(l.items).toHaveLength(3);
    expect(l.items[1].rest.map((r) => r.op)).toEqual(["&&", "||"]);
    expect(l.items[1].rest[1].pipeline.commands).toHaveLength(2);
    expect(l.items[1].background).toBe(true);
    expect(parseScript("! grep x f", bash).items[0].first.negate).toBe(true);
  });

  it("parses redirects with their file descriptors", () => {
    const c = simple(parseScript("cmd >out 2>>err <in 2>&1 &>all >|f", bash));
    expect(c.redirs.map((r) => [r.fd, r.op, r.target.text])).toEqual([
      [1, ">", "out"],
      [2, ">>", "err"],
      [0, "<", "in"],
      [2, ">&", "1"],
      [1, "&>", "all"],
      [1, ">|", "f"],
    ]);
    expect(simple(parseScript("echo a2>f", bash)).redirs[0].fd).toBe(1);
  });

  it("reads here-documents after the line, expanding unless the delimiter is quoted", () => {
    const l = parseScript("cat <<EOF; cat <<'X'\nhi $USER\nEOF\nraw $USER\nX\necho after", bash);
    expect(simple(l, 0).redirs[0].body?.parts.some((p) => p.t === "param")).toBe(true);
    expect(lits(simple(l, 1).redirs[0].body!)).toEqual([["raw $USER\n", true]]);
    expect(simple(l, 2).words[0].text).toBe("echo");
    expect(lits(simple(parseScript("cat <<-E\n\t\tx\n\tE", bash)).redirs[0].body!)).toEqual([["x\n", true]]);
  });

  it("parses compound commands", () => {
    const types = (src: string) => parseScript(src, bash).items.map((i) => i.first.commands[0].type);
    expect(types("if a; then b; elif c; then d; else e; fi")).toEqual(["if"]);
    expect(types("for x in 1 2; do echo $x; done; while true; do :; done")).toEqual(["for", "while"]);
    expect(types("until false\ndo\n:\ndone")).toEqual(["while"]);
    expect(types("case $x in a|b) echo;; *) ;; esac")).toEqual(["case"]);
    expect(types("{ a; b; } > f; (cd /; ls)")).toEqual(["group", "subshell"]);
    expect(types("f() { echo; }; function g { :; }")).toEqual(["func", "func"]);
    expect(types("[[ -f x && $a == b* ]]")).toEqual(["dbracket"]);
    expect(types("for ((i=0; i<3; i++)); do :; done; (( i > 2 ))")).toEqual(["cfor", "arith"]);
    expect(types("( (true) )")).toEqual(["subshell"]);
    expect(parseScript("[[ x ]]", { bash: false }).items[0].first.commands[0].type).toBe("simple");
  });
});

describe("syntax errors", () => {
  it("names the unexpected token", () => {
    expect(syntaxError("fi").token).toBe("fi");
    expect(syntaxError("if true; then fi").token).toBe("fi");
    expect(syntaxError("echo a ;; b").token).toBe(";;");
    expect(syntaxError("| x").token).toBe("|");
    expect(syntaxError("echo >").token).toBe("newline");
    expect(syntaxError("echo (").token).toBe("newline");
    expect(syntaxError("echo a (").token).toBe("(");
  });

  it("marks unfinished input as incomplete, so the REPL asks for more", () => {
    for (const src of [
      "echo 'a",
      'echo "a',
      "if true; then",
      "for x in 1; do",
      "ls |",
      "a &&",
      "echo \\",
      "cat <<EOF",
      "f() {",
      "echo $(ls",
    ]) {
      expect(needsMoreInput(src, bash), src).toBe(true);
    }
    for (const src of ["echo 'a'", "if true; then :; fi", "fi", "cat <<EOF\nx\nEOF", ""]) {
      expect(needsMoreInput(src, bash), src).toBe(false);
    }
    expect(syntaxError("if true; then").expecting).toBe("fi");
    expect(syntaxError("echo 'x").kind).toBe("quote");
  });

  it("prints bash's and busybox's wording, status 2", async () => {
    const b = testShell();
    expect(await b.run("if true; then fi")).toMatchObject({
      err: "bash: syntax error near unexpected token `fi'\n",
      status: 2,
    });
    expect((await b.run('echo "x')).err).toBe("bash: unexpected EOF while looking for matching `\"'\n");
    expect((await b.script("echo ok\nfi")).err).toBe(
      "bash: -c: line 2: syntax error near unexpected token `fi'\nbash: -c: line 2: `fi'\n",
    );
    const s = testShell({ shellName: "sh" });
    expect((await s.run("if true; then fi")).err).toBe('sh: syntax error: unexpected "fi"\n');
    expect((await s.run("if true; then")).err).toBe(
      'sh: syntax error: unexpected end of file (expecting "fi")\n',
    );
    expect((await s.run("echo 'x")).err).toBe("sh: syntax error: unterminated quoted string\n");
    expect((await s.run("echo >")).err).toBe("sh: syntax error: unexpected newline\n");
  });
});
