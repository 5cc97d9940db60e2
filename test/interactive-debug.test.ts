// kubectl debug -it through a real pseudo-terminal (tmux): kubectl's lines, the ephemeral
// busybox's prompt, nginx on localhost and in ps (--target), and attach's reattach hint at exit.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, Sandbox } from "./harness.js";

const BIN = path.join(ROOT, "dist", "kubesim.cjs");
const SESSION = `kubesim-debug-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync("tmux", args, { encoding: "utf8" });
}

async function screen(until: (s: string) => boolean, timeoutMs = 20000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let s = "";
  while (Date.now() < end) {
    s = tmux("capture-pane", "-p", "-J", "-t", SESSION);
    if (until(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never matched; last screen:\n${s}`);
}

describe("debug -it through a terminal", () => {
  const sb = new Sandbox();

  beforeAll(async () => {
    expect((await sb.run(["run", "web", "--image=nginx"])).code).toBe(0);
    const env = Object.entries(sb.env).map(([k, v]) => `${k}='${v}'`);
    // The shell around kubesim keeps the pane after it exits, so its last lines can be read.
    const cmd = [
      "env",
      ...env,
      `PATH='${process.env.PATH}'`,
      process.execPath,
      BIN,
      "debug",
      "-it",
      "web",
      "--image=busybox:1.36",
      "--target=web",
    ].join(" ");
    tmux(
      "new-session",
      "-d",
      "-s",
      SESSION,
      "-x",
      "200",
      "-y",
      "40",
      "sh",
      "-c",
      `${cmd}; echo "[exit $?]"; sleep 60`,
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

  it("prints kubectl's lines, reaches nginx over localhost, sees its process, and ends", async () => {
    let s = await screen((x) => /\n\/ # $/.test(x.trimEnd().concat(" ")) || x.trimEnd().endsWith("/ #"));
    expect(s).toContain('Targeting container "web". If you don\'t see processes from this container');
    expect(s).toMatch(/Defaulting debug container name to debugger-[a-z0-9]{5}\./);
    expect(s).toContain("If you don't see a command prompt, try pressing enter.");
    const name = /debugger-[a-z0-9]{5}/.exec(s)?.[0];

    tmux("send-keys", "-t", SESSION, "wget -qO- localhost:80 | grep title", "Enter");
    s = await screen((x) => x.includes("<title>Welcome to nginx!</title>"));

    tmux("send-keys", "-t", SESSION, "ps", "Enter");
    s = await screen((x) => /1 root\s+0:00 nginx/.test(x));

    tmux("send-keys", "-t", SESSION, "exit", "Enter");
    s = await screen((x) => x.includes("[exit "));
    expect(s).toContain(
      `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach web -c ${name} -i -t' if it is still running\n[exit 0]`,
    );
  }, 90000);
});
