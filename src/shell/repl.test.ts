import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { standardCommands } from "./builtins/index.js";
import { complete, startRepl } from "./repl.js";
import { testShell } from "./testkit.js";

function session(
  shellName: "bash" | "sh" = "bash",
  o: { commands?: ReturnType<typeof standardCommands>; prompt?: string; terminal?: boolean } = {},
) {
  const t = testShell({ shellName, ...(o.commands ? { commands: o.commands } : {}) });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d) => {
    text += String(d);
  });
  const done = startRepl(t.shell, {
    input,
    output,
    prompt: () => o.prompt ?? t.shell.prompt(),
    completions: () => ["kubectl-debug"],
    terminal: o.terminal ?? false,
  });
  return { t, input, done, text: () => text };
}

describe("startRepl", () => {
  it("prompts, runs a command, keeps history and ends on exit with its status", async () => {
    const s = session();
    s.input.write("echo hello\n");
    s.input.write("cd /etc\n");
    s.input.write("history\n");
    s.input.write("exit 3\n");
    expect(await s.done).toBe(3);
    expect(s.text()).toBe(
      "root@testpod:/# hello\n" +
        "root@testpod:/# " +
        "root@testpod:/etc#     1  echo hello\n    2  cd /etc\n    3  history\n" +
        "root@testpod:/etc# exit\n",
    );
    expect(s.t.shell.history).toEqual(["echo hello", "cd /etc", "history", "exit 3"]);
  });

  it("asks for continuation lines with > and ends on end of input like Ctrl-D", async () => {
    const s = session();
    s.input.write("for i in 1 2\n");
    s.input.write("do echo $i\n");
    s.input.write("done\n");
    s.input.write("false\n");
    s.input.end();
    expect(await s.done).toBe(1);
    expect(s.text()).toBe("root@testpod:/# > > 1\n2\nroot@testpod:/# root@testpod:/# exit\n");
    expect(s.t.shell.history).toEqual(["for i in 1 2; do echo $i; done", "false"]);
  });

  it("uses busybox's prompt and messages for sh", async () => {
    const s = session("sh");
    s.input.write("cd /root\n");
    s.input.write("nope\n");
    s.input.end();
    expect(await s.done).toBe(127);
    expect(s.text()).toBe("/ # ~ # sh: nope: not found\n~ # ");
  });

  it("completes command names, then paths in the VFS", () => {
    const { shell } = testShell();
    expect(complete(shell, "hostn", () => [])).toEqual([["hostname "], "hostn"]);
    expect(complete(shell, "kubectl-d", () => ["kubectl-debug"])).toEqual([["kubectl-debug "], "kubectl-d"]);
    expect(complete(shell, "e", () => [])[0]).toEqual(["echo", "env", "eval", "exec", "exit", "export"]);
    expect(complete(shell, "cat /etc/ho", () => [])).toEqual([["/etc/hostname", "/etc/hosts"], "/etc/ho"]);
    expect(complete(shell, "ls /usr/lo", () => [])).toEqual([["/usr/local/"], "/usr/lo"]);
    expect(complete(shell, "cat /etc/res", () => [])).toEqual([["/etc/resolv.conf "], "/etc/res"]);
    expect(complete(shell, "ls | gre", () => [])).toEqual([["grep "], "gre"]);
  });

  it("completes on Tab in a terminal and runs the completed line", async () => {
    const t = testShell();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d) => {
      text += String(d);
    });
    const done = startRepl(t.shell, {
      input,
      output,
      prompt: () => "$ ",
      completions: () => [],
      terminal: true,
    });
    const tick = () => new Promise((r) => setTimeout(r, 20));
    input.write("hostn");
    await tick();
    input.write("\t");
    await tick();
    input.write("\r");
    await tick();
    input.write("exit\r");
    expect(await done).toBe(0);
    expect(text).toContain("hostname ");
    expect(text).toMatch(/hostname \r?\ntestpod\n/);
    expect(t.shell.history[0]).toBe("hostname ");
  });
});

describe("the prompt as bash's", () => {
  it("lets a running command ask at the terminal and wait for the answer", async () => {
    const commands = standardCommands();
    commands.set("confirm", async (ctx) => {
      const answer = ctx.ask ? await ctx.ask("Continue? [Y/n] ") : "(no terminal)";
      ctx.io.stdout(`got ${answer}\n`);
      return 0;
    });
    const { t, input, done, text } = session("bash", { commands, prompt: "$ " });
    input.write("confirm\n");
    await new Promise((r) => setTimeout(r, 20));
    // The question is on screen before any answer is typed.
    expect(text()).toBe("$ Continue? [Y/n] ");
    input.write("n\n");
    input.write("echo piped | confirm\n");
    input.end();
    await done;
    expect(text()).toBe("$ Continue? [Y/n] got n\n$ got (no terminal)\n$ exit\n");
    expect(t.shell.history).toEqual(["confirm", "echo piped | confirm"]);
  });

  it("steps Up to the previous line whatever is typed, as bash does", async () => {
    const { t, input, done } = session("bash", { prompt: "$ ", terminal: true });
    input.write("echo one\r");
    input.write("echo two\r");
    await new Promise((r) => setTimeout(r, 20));
    // Node's readline would find the last line starting with "echo o", "echo one".
    input.write("echo o\x1b[A\r");
    await new Promise((r) => setTimeout(r, 20));
    input.write("exit\r");
    await done;
    expect(t.shell.history).toEqual(["echo one", "echo two", "echo two", "exit"]);
  });
});
