// A shell over a small Debian-like (or busybox) file tree with a fixed clock, for tests.

import { standardCommands } from "./builtins/index.js";
import { nestedShell } from "./scripts.js";
import { Shell, type ShellOptions } from "./shell.js";
import { Vfs } from "./vfs.js";

export const T0 = Date.parse("2025-11-27T11:44:00Z");
export const DEBIAN_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

export const HTTPD_FILES: Record<string, string> = {
  "/etc/hosts":
    "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.5\ttestpod\n",
  "/etc/resolv.conf":
    "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
  "/etc/hostname": "testpod\n",
  "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n",
};

export interface TestShell {
  shell: Shell;
  fs: Vfs;
  /** Seconds passed to the sleep hook. */
  slept: number[];
  run(line: string): Promise<{ out: string; err: string; status: number }>;
  script(text: string): Promise<{ out: string; err: string; status: number }>;
}

export function testShell(o: Partial<ShellOptions> & { files?: Record<string, string> } = {}): TestShell {
  const fs =
    o.fs ??
    Vfs.fromFiles(
      { ...HTTPD_FILES, ...o.files },
      ["/tmp", "/root", "/var/log", "/usr/bin", "/bin", "/usr/local/apache2/logs"],
      T0 - 3600e3,
    );
  const commands = standardCommands();
  commands.set("sh", nestedShell);
  if (o.shellName !== "sh") commands.set("bash", nestedShell);
  const slept: number[] = [];
  let clock = T0;
  const shell = new Shell({
    commands,
    path: DEBIAN_PATH,
    env: { HOSTNAME: "testpod" },
    fs,
    hostname: "testpod",
    shellName: "bash",
    hooks: {
      now: () => new Date(clock),
      sleep: (s) => {
        slept.push(s);
        clock += s * 1000;
      },
    },
    ...o,
  });
  const capture = async (
    f: (io: { stdout(s: string): void; stderr(s: string): void }) => Promise<number>,
  ) => {
    let out = "";
    let err = "";
    const status = await f({
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
    });
    return { out, err, status };
  };
  return {
    shell,
    fs,
    slept,
    run: (line) => capture((io) => shell.run(line, io)),
    script: (text) => capture((io) => shell.runScript(text, io)),
  };
}
