// An interactive exec session driven through a real pseudo-terminal (tmux): the prompt,
// a command, `command not found`, history with the up arrow, tab completion, and exit.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

const BIN = path.join(ROOT, "dist", "kubesim.cjs");
const SESSION = `kubesim-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync("tmux", args, { encoding: "utf8" });
}

async function screen(until: (s: string) => boolean, timeoutMs = 20000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let s = "";
  while (Date.now() < end) {
    s = tmux("capture-pane", "-p", "-t", SESSION);
    if (until(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never matched; last screen:\n${s}`);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("exec -it through a terminal", () => {
  const sb = new Sandbox();

  beforeAll(async () => {
    expect((await sb.run(["apply", "-f", "manifests/pods.yml"])).code).toBe(0);
    const env = Object.entries(sb.env).map(([k, v]) => `${k}=${v}`);
    tmux(
      "new-session",
      "-d",
      "-s",
      SESSION,
      "-x",
      "120",
      "-y",
      "30",
      "env",
      ...env,
      `PATH=${process.env.PATH}`,
      process.execPath,
      BIN,
      "exec",
      "-it",
      "testpod",
      "--",
      "/bin/bash",
    );
  });

  afterAll(() => {
    try {
      tmux("kill-session", "-t", SESSION);
    } catch {
      // already ended with the shell
    }
    sb.cleanup();
  });

  it("prompts, runs commands, keeps history, completes, and exits", async () => {
    let s = await screen((x) => x.includes("root@testpod:/#"));
    expect(s).toContain('Defaulted container "c00" out of: c00, c01');

    tmux("send-keys", "-t", SESSION, "hostname", "Enter");
    s = await screen((x) => /hostname\ntestpod\n/.test(x));

    tmux("send-keys", "-t", SESSION, "curl localhost", "Enter");
    s = await screen((x) => x.includes("bash: curl: command not found"));

    // History: the up arrow brings back the last line.
    tmux("send-keys", "-t", SESSION, "Up");
    s = await screen((x) => x.trimEnd().endsWith("root@testpod:/# curl localhost"));
    tmux("send-keys", "-t", SESSION, "C-u");

    // Completion: Tab must arrive on its own, or readline takes it as pasted text.
    tmux("send-keys", "-t", SESSION, "hostn");
    // Wait until the shell has echoed the keys, however loaded the machine, then a little more.
    await screen((x) => x.trimEnd().endsWith("root@testpod:/# hostn"));
    await pause(300);
    tmux("send-keys", "-t", SESSION, "Tab");
    s = await screen((x) => x.trimEnd().endsWith("root@testpod:/# hostname"));
    tmux("send-keys", "-t", SESSION, "Enter");
    await screen((x) => (x.match(/\ntestpod\n/g) ?? []).length >= 2);

    tmux("send-keys", "-t", SESSION, "echo hi > /tmp/f && cat /tmp/f", "Enter");
    await screen((x) => /cat \/tmp\/f\nhi\n/.test(x));

    tmux("send-keys", "-t", SESSION, "exit", "Enter");
    // exit ends kubesim, which ends the tmux session (and its server): wait for that.
    const end = Date.now() + 20000;
    while (Date.now() < end) {
      try {
        tmux("has-session", "-t", SESSION);
      } catch {
        break;
      }
      await pause(100);
    }
    expect(() => tmux("has-session", "-t", SESSION)).toThrow();
    // The file written in the session is there for the next one.
    const after = await sb.run(["exec", "testpod", "-c", "c00", "--", "cat", "/tmp/f"]);
    expect(after.out).toBe("hi\n");
  }, 90000);
});
