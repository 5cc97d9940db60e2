import { describe, expect, it } from "vitest";
import { testShell } from "./testkit.js";

describe("exit status and $?", () => {
  it("sets $? after each command, && and || short-circuit, ! negates", async () => {
    const { run } = testShell();
    expect((await run("true; echo $?; false; echo $?")).out).toBe("0\n1\n");
    expect((await run("false && echo no || echo yes")).out).toBe("yes\n");
    expect((await run("true || echo no && echo yes")).out).toBe("yes\n");
    expect((await run("! false; echo $?")).out).toBe("0\n");
    expect((await run("exit 7")).status).toBe(7);
  });

  it("keeps $? of the last command for the next line", async () => {
    const { run, shell } = testShell();
    await run("false");
    expect(shell.lastStatus).toBe(1);
    expect((await run("echo $?")).out).toBe("1\n");
    expect((await run("x=$(exit 3); echo $?")).out).toBe("3\n");
  });

  it("`exit` ends the shell, printing exit in interactive bash only", async () => {
    const b = testShell();
    expect(await b.run("exit 3; echo never")).toEqual({ out: "", err: "exit\n", status: 3 });
    expect(b.shell.exited).toBe(true);
    const s = testShell({ shellName: "sh" });
    expect(await s.run("exit")).toEqual({ out: "", err: "", status: 0 });
    const quiet = testShell();
    expect((await quiet.run("(exit 4); echo $?")).out).toBe("4\n");
    expect(quiet.shell.exited).toBe(false);
    expect((await quiet.script("exit 5")).err).toBe("");
  });

  it("`set -e` stops a script at the first failure outside a condition", async () => {
    const { script } = testShell();
    const r = await script("set -e\nif false; then :; fi\nfalse || true\necho one\nfalse\necho two");
    expect(r).toMatchObject({ out: "one\n", status: 1 });
  });
});

describe("command not found and other exec errors", () => {
  it("uses bash's and busybox's exact texts, status 127", async () => {
    expect(await testShell().run("foo")).toEqual({
      out: "",
      err: "bash: foo: command not found\n",
      status: 127,
    });
    expect(await testShell({ shellName: "sh" }).run("foo")).toEqual({
      out: "",
      err: "sh: foo: not found\n",
      status: 127,
    });
    expect((await testShell().script("echo a\nfoo")).err).toBe("bash: line 2: foo: command not found\n");
    expect((await testShell().run("foo; echo $?")).out).toBe("127\n");
  });

  it("reports directories, non-executables and missing paths like bash (126/127)", async () => {
    const { run } = testShell();
    expect(await run("/etc")).toMatchObject({ err: "bash: /etc: Is a directory\n", status: 126 });
    expect(await run("/etc/hosts")).toMatchObject({
      err: "bash: /etc/hosts: Permission denied\n",
      status: 126,
    });
    expect(await run("./nope")).toMatchObject({
      err: "bash: ./nope: No such file or directory\n",
      status: 127,
    });
    const sh = testShell({ shellName: "sh" });
    expect(await sh.run("/etc")).toMatchObject({ err: "sh: /etc: Permission denied\n", status: 126 });
    expect(await sh.run("./nope")).toMatchObject({ err: "sh: ./nope: not found\n", status: 127 });
  });

  it("finds commands on PATH only, at their image location", async () => {
    const { run } = testShell();
    expect((await run("/bin/ls /usr/local/apache2")).out).toBe("htdocs\nlogs\n");
    expect((await run("PATH=/nowhere; ls")).status).toBe(127);
    const { run: sh } = testShell({ shellName: "sh", path: ["/bin"] });
    expect((await sh("which ls; /usr/bin/ls")).out).toBe("/bin/ls\n");
  });
});

describe("pipelines and redirections", () => {
  it("feeds each stage's output to the next", async () => {
    const { run } = testShell();
    expect((await run("cat /etc/hosts | grep -v '^#' | grep localhost | wc -l")).out).toBe("2\n");
    expect((await run("echo b a c | tr ' ' '\\n' | sort | head -n 2")).out).toBe("a\nb\n");
    expect((await run("false | true; echo $?; true | false; echo $?")).out).toBe("0\n1\n");
  });

  it("runs pipeline stages in subshells: cd and variables do not leak", async () => {
    const { run } = testShell();
    expect((await run("cd /etc | true; x=1 | true; pwd; echo [$x]")).out).toBe("/\n[]\n");
  });

  it("writes into the VFS with > and >>, reads back with cat and <", async () => {
    const { run, fs } = testShell();
    await run("echo hello > /tmp/f; echo world >> /tmp/f");
    expect(fs.read("/tmp/f")).toBe("hello\nworld\n");
    expect((await run("cat /tmp/f")).out).toBe("hello\nworld\n");
    expect((await run("wc -l < /tmp/f")).out).toBe("2\n");
    expect((await run("cat /tmp/f > /tmp/f; cat /tmp/f")).out).toBe("");
  });

  it("routes stderr with 2>, 2>&1, &> and /dev/null", async () => {
    const { run, fs } = testShell();
    expect(await run("ls /nope 2>/tmp/e")).toMatchObject({ err: "", status: 2 });
    expect(fs.read("/tmp/e")).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect((await run("ls /nope 2>&1 | wc -l")).out).toBe("1\n");
    expect(await run("ls / /nope >/dev/null 2>&1")).toEqual({ out: "", err: "", status: 2 });
    await run("ls /tmp /nope &> /tmp/both");
    expect(fs.read("/tmp/both")).toContain("cannot access");
    expect((await run("echo x 2>&1 >/dev/null")).out).toBe("");
    expect((await run("echo oops >&2")).err).toBe("oops\n");
  });

  it("reports redirect failures and skips the command", async () => {
    const { run } = testShell();
    expect(await run("echo x > /nope/f")).toMatchObject({
      err: "bash: /nope/f: No such file or directory\n",
      status: 1,
    });
    expect(await run("echo x > /etc")).toMatchObject({ err: "bash: /etc: Is a directory\n", status: 1 });
    expect(await run("cat < /nope")).toMatchObject({
      err: "bash: /nope: No such file or directory\n",
      status: 1,
    });
    const sh = testShell({ shellName: "sh" });
    expect((await sh.run("echo x > /nope/f")).err).toBe("sh: can't create /nope/f: nonexistent directory\n");
    expect((await sh.run("cat < /nope")).err).toBe("sh: can't open /nope: no such file\n");
  });

  it("supports here-documents and here-strings", async () => {
    const { run, script } = testShell();
    expect((await script("cat <<EOF\nhost=$HOSTNAME\nEOF")).out).toBe("host=testpod\n");
    expect((await script("cat <<'EOF'\nhost=$HOSTNAME\nEOF")).out).toBe("host=$HOSTNAME\n");
    expect((await run("read a b <<< 'one two three'; echo \"$b\"")).out).toBe("two three\n");
  });

  it("writes the httpd index page and reads it back", async () => {
    const { run, fs } = testShell();
    const page = "/usr/local/apache2/htdocs/index.html";
    expect((await run(`cat ${page}`)).out).toBe("<html><body><h1>It works!</h1></body></html>\n");
    expect((await run(`echo '<h1>Hello from pod '$(hostname)'</h1>' > ${page}`)).status).toBe(0);
    expect((await run(`cat ${page}`)).out).toBe("<h1>Hello from pod testpod</h1>\n");
    expect(fs.read(page)).toBe("<h1>Hello from pod testpod</h1>\n");
  });
});

describe("expansion", () => {
  it("splits unquoted expansions, keeps quoted ones whole", async () => {
    const { run } = testShell();
    expect((await run(`x="a  b"; printf '[%s]' $x "$x" '$x'; echo`)).out).toBe("[a][b][a  b][$x]\n");
    expect((await run(`e=; printf '[%s]' $e "$e" ""; echo`)).out).toBe("[][]\n");
    expect((await run(`set -- "a b" c; printf '[%s]' "$@"; echo $#`)).out).toBe("[a b][c]2\n");
  });

  it("expands ~, parameters with operators, arithmetic and command substitution", async () => {
    const { run } = testShell();
    expect((await run("echo ~ ~/x")).out).toBe("/root /root/x\n");
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
      (await run("f=/a/b.tar.gz; echo ${f##*/} ${f%.*} ${f%%.*} ${#f} ${u:-dflt} ${u:=set} $u")).out,
    ).toBe("b.tar.gz /a/b.tar /a/b 11 dflt set set\n");
    expect((await run("i=3; echo $((i * 2 + 1)) $((i > 2 ? 10 : 20)) $((7 % 3))")).out).toBe("7 10 1\n");
    expect((await run('echo "$(echo one; echo two)" `echo three`')).out).toBe("one\ntwo three\n");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    expect(await run("echo ${x:?is required}; echo after")).toMatchObject({
      err: "bash: x: is required\n",
      status: 1,
    });
    expect((await run("echo $((1/0))")).err).toContain("division by 0");
  });

  it("globs * ? and [] in the VFS, leaving unmatched patterns alone", async () => {
    const { run } = testShell();
    expect((await run("cd /etc; echo h* *.conf")).out).toBe("hostname hosts resolv.conf\n");
    expect((await run("echo /etc/host?")).out).toBe("/etc/hosts\n");
    expect((await run("echo /etc/[hr]*")).out).toBe("/etc/hostname /etc/hosts /etc/resolv.conf\n");
    expect((await run("echo /nope/* '*'")).out).toBe("/nope/* *\n");
  });

  it("expands braces in bash only", async () => {
    expect((await testShell().run("echo {1..3} x{a,b} {08..10} {c..a}")).out).toBe(
      "1 2 3 xa xb 08 09 10 c b a\n",
    );
    expect((await testShell().run("echo '{1..3}' {x}")).out).toBe("{1..3} {x}\n");
    expect((await testShell({ shellName: "sh" }).run("echo {1..3}")).out).toBe("{1..3}\n");
  });

  it("applies VAR=x cmd to that command only", async () => {
    const { run } = testShell();
    expect((await run("GREETING=hi printenv GREETING; echo [$GREETING]")).out).toBe("hi\n[]\n");
    expect((await run("A=1; printenv A; export A; printenv A")).out).toBe("1\n");
  });
});

describe("control flow", () => {
  it("runs if/elif/else, for, while/until, case, functions and [[ ]]", async () => {
    const { run } = testShell();
    expect((await run("if [ -d /etc ]; then echo dir; elif true; then echo no; else echo no; fi")).out).toBe(
      "dir\n",
    );
    expect((await run("for i in 1 2 3; do echo -n $i; done; echo")).out).toBe("123\n");
    expect((await run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i")).out).toBe("3\n");
    expect((await run("i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i")).out).toBe("2\n");
    expect((await run("case web-1 in db*) echo db;; web-*|www) echo web;; esac")).out).toBe("web\n");
    expect(
      (await run("greet() { local who=$1; echo hi $who; return 4; }; greet bob; echo $? [$who]")).out,
    ).toBe("hi bob\n4 []\n");
    expect((await run("[[ $HOSTNAME == test* && -f /etc/hosts ]] && echo yes")).out).toBe("yes\n");
    const re =
      "[[ web-7 =~ ^web-([0-9]+)$ ]] && echo re; [[ a.c =~ a'.'c ]] && [[ abc =~ a'.'c ]] || echo lit";
    expect((await run(re)).out).toBe("re\nlit\n");
    const cfor = 'for ((i = 0; i < 3; i++)); do echo -n $i; done; (( i == 3 )) && echo " i=$i"';
    expect((await run(cfor)).out).toBe("012 i=3\n");
    expect(
      (await run("for i in 1 2 3; do [ $i = 2 ] && continue; [ $i = 3 ] && break; echo $i; done")).out,
    ).toBe("1\n");
    expect((await run('while read l; do echo "> $l"; done < /etc/resolv.conf | head -n 1')).out).toBe(
      "> search default.svc.cluster.local svc.cluster.local cluster.local\n",
    );
  });

  it("stops `while true` at the simulated-time budget, after sleeping through the hook", async () => {
    const { run, slept } = testShell({ limits: { maxSleepSeconds: 60 } });
    const r = await run("while true; do echo X; sleep 5; done");
    expect(r.out).toBe("X\n".repeat(13));
    expect(r.err).toBe(
      "kubesim: stopped after 60 s of simulated sleep: time is simulated here, and a real shell would keep going until you pressed Ctrl-C\n",
    );
    expect(r.status).toBe(130);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it("stops a loop without sleep at the iteration budget", async () => {
    const { run } = testShell({ limits: { maxIterations: 50 } });
    const r = await run("while :; do echo y; done; echo not reached");
    expect(r.out).toBe("y\n".repeat(50));
    expect(r.err).toContain("kubesim: stopped after 50 loop iterations");
    expect(r.status).toBe(130);
    expect((await run("for i in 1 2; do echo $i; done")).out).toBe("1\n2\n");
  });

  it("stops runaway recursion", async () => {
    const { run } = testShell();
    const r = await run("f() { f; }; f");
    expect(r.err).toBe("bash: f: maximum function nesting level exceeded (100)\n");
    expect(r.status).toBe(1);
  });
});

describe("nested shells and scripts", () => {
  it("runs sh -c, bash scripts from the VFS and scripts on stdin", async () => {
    const { run, fs } = testShell();
    expect((await run("sh -c 'echo $0 $1' me you")).out).toBe("me you\n");
    expect((await run("bash -c 'nope'")).err).toBe("bash: line 1: nope: command not found\n");
    expect((await run("sh -c nope")).err).toBe("sh: 1: nope: not found\n");
    fs.write("/root/s.sh", "#!/bin/sh\necho script $1\nexit 3\n");
    expect(await run("/root/s.sh a")).toMatchObject({
      err: "bash: /root/s.sh: Permission denied\n",
      status: 126,
    });
    expect((await run("chmod +x /root/s.sh; cd /root; ./s.sh a; echo $?")).out).toBe("script a\n3\n");
    expect((await run("echo 'echo from stdin' | sh")).out).toBe("from stdin\n");
    expect((await run("x=1; export y=2; bash -c 'echo [$x][$y]'")).out).toBe("[][2]\n");
  });

  it("`bash` at the prompt starts a nested shell that `exit` leaves", async () => {
    // busybox has no bash
    expect((await testShell({ shellName: "sh" }).run("bash")).status).toBe(127);
    const b = testShell();
    await b.run("cd /etc; sh");
    expect(b.shell.shellName).toBe("sh");
    expect((await b.run("foo")).err).toBe("sh: 1: foo: not found\n");
    await b.run("exit 2");
    expect(b.shell.shellName).toBe("bash");
    expect(b.shell.exited).toBe(false);
    expect((await b.run("echo $?")).out).toBe("2\n");
  });
});
