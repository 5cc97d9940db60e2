import { describe, expect, it } from "vitest";
import { imageModel } from "./index.js";
import { parseScript } from "./shellscript.js";

const run = (image: string, command?: string[], args?: string[], env: Record<string, string> = {}) =>
  imageModel(image)!.process({ command, args, env, ports: [] });

describe("container commands", () => {
  it("reads the course's echo loops in every spelling", () => {
    for (const script of [
      "while true; do echo Hello-Bhupinder; sleep 5 ; done",
      "while true ; do echo Hello-Bhupinder; sleep 5 ; done",
      'while true; do echo "Hello-Bhupinder"; sleep 5; done',
      "while :; do\n  echo Hello-Bhupinder\n  sleep 5\ndone",
    ]) {
      const p = run("ubuntu", ["/bin/bash", "-c", script]);
      expect(p.logLines).toEqual({ everySeconds: 5, text: "Hello-Bhupinder" });
      expect(p.listeners).toEqual([]);
      expect(p.ignoresSigterm).toBe(true);
    }
    expect(
      run("ubuntu", ["/bin/bash", "-c", "while true; do echo Good morning; sleep 5 ; done"]).logLines?.text,
    ).toBe("Good morning");
  });

  it("expands environment variables in scripts", () => {
    const p = run(
      "busybox",
      ["sh", "-c", 'while true; do echo "hi $NAME from $HOSTNAME"; sleep 2; done'],
      undefined,
      {
        NAME: "you",
      },
    );
    expect(p.logLines?.text).toBe("hi you from ");
  });

  it("knows sleeps and exiting shells", () => {
    expect(run("busybox", ["sleep", "infinity"]).exitsAfterSeconds).toBeUndefined();
    expect(run("busybox", ["sleep", "3600"]).exitsAfterSeconds).toBe(3600);
    expect(run("busybox", undefined, undefined).exitsImmediately).toBe(true);
    expect(run("ubuntu").exitsImmediately).toBe(true);
    expect(
      run("alpine", ["sh", "-c", "echo hello"]).startupLog!({ podIP: "", hostname: "", nowMs: 0, env: {} }),
    ).toEqual(["hello"]);
  });

  it("reads nc listeners", () => {
    expect(run("busybox", ["nc", "-l", "-p", "8080"]).listeners).toEqual([
      { port: 8080, protocol: "TCP", kind: "tcp-silent", oneShot: true },
    ]);
    expect(run("busybox", ["sh", "-c", "nc -lk -p 9000"]).listeners[0]).toMatchObject({
      port: 9000,
      oneShot: false,
    });
    expect(run("alpine", ["nc", "-lp", "7000"]).listeners[0].port).toBe(7000);
  });

  it("reads python -m http.server with and without a port", () => {
    expect(run("python", ["python3", "-m", "http.server"]).listeners[0].port).toBe(8000);
    expect(run("python", ["python", "-m", "http.server", "9090"]).listeners[0].port).toBe(9090);
    expect(run("python").exitsImmediately).toBe(true);
  });

  it("writes files before starting the server", () => {
    const p = run("nginx", [
      "sh",
      "-c",
      "echo 'pod A' > /usr/share/nginx/html/index.html && nginx -g 'daemon off;'",
    ]);
    expect(p.writes).toEqual([
      { path: "/usr/share/nginx/html/index.html", content: "pod A\n", append: false },
    ]);
    expect(p.listeners[0].port).toBe(80);
  });

  it("exits with the last command's status: false is 1, true and a finished script 0", () => {
    const status = (command: string[]) => {
      const p = run("busybox", command);
      return [p.exitsImmediately, p.exitCode];
    };
    expect(status(["false"])).toEqual([true, 1]);
    expect(status(["/bin/true"])).toEqual([true, 0]);
    expect(status(["sh", "-c", "echo hi; false"])).toEqual([true, 1]);
    expect(status(["sh", "-c", "false; echo hi"])).toEqual([true, 0]);
  });

  it("reports a missing command as the shell does", () => {
    const p = run("ubuntu", ["/bin/bash", "-c", "curl http://web"]);
    expect([p.exitsImmediately, p.exitCode]).toEqual([true, 127]);
    expect(p.startupLog!({ podIP: "", hostname: "", nowMs: 0, env: {} })).toEqual([
      "/bin/bash: line 1: curl: command not found",
    ]);
    expect(
      run("debian", ["sh", "-c", "ping 8.8.8.8"]).startupLog!({ podIP: "", hostname: "", nowMs: 0, env: {} }),
    ).toEqual(["sh: 1: ping: not found"]);
    expect(run("alpine", ["/bin/bash"]).startError).toContain(
      'exec: "/bin/bash": stat /bin/bash: no such file or directory',
    );
    expect(run("busybox", ["python3", "app.py"]).startError).toContain(
      'exec: "python3": executable file not found in $PATH',
    );
  });

  it("hands client commands to the network", () => {
    expect(run("curlimages/curl", undefined, ["-s", "http://web"]).clientRuns).toEqual([
      { tool: "curl", argv: ["curl", "-s", "http://web"] },
    ]);
    const loop = run("busybox", ["sh", "-c", "while true; do wget -qO- http://web; sleep 1; done"]);
    expect(loop.clientRuns).toEqual([
      { tool: "wget", argv: ["wget", "-qO-", "http://web"], everySeconds: 1 },
    ]);
  });

  it("lets entrypoint scripts exec the args they are given", () => {
    expect(run("nginx", undefined, ["sleep", "infinity"]).description).toBe("sleep infinity");
    expect(
      run("nginx", undefined, ["sh", "-c", "while true; do echo hi; sleep 1; done"]).logLines?.text,
    ).toBe("hi");
    expect(run("curlimages/curl", undefined, ["sleep", "3600"]).exitsAfterSeconds).toBe(3600);
  });

  it("shows PID 1's command line as ps does: unquoted, and the program a shell execs in its place", () => {
    // Kubernetes' "Configure a Security Context" task: busybox's ps shows `sleep 1h` as PID 1.
    expect(run("busybox:1.28", ["sh", "-c", "sleep 1h"]).description).toBe("sleep 1h");
    expect(run("busybox", ["sh", "-c", "mkdir -p /www && httpd -f -p 8080 -h /www"]).description).toBe(
      "httpd -f -p 8080 -h /www",
    );
    expect(run("busybox", ["sh", "-c", "echo start; sleep 3600"]).description).toBe("sleep 3600");
    // The shell stays: a loop, a builtin last, a pipeline, the background.
    expect(run("busybox", ["sh", "-c", "while true; do echo hi; sleep 5; done"]).description).toBe(
      "sh -c while true; do echo hi; sleep 5; done",
    );
    expect(run("busybox", ["sh", "-c", "sleep 1; echo done"]).description).toBe("sh -c sleep 1; echo done");
    expect(run("busybox", ["sh", "-c", "echo pong | nc -l -p 9000"]).description).toBe(
      "sh -c echo pong | nc -l -p 9000",
    );
    expect(run("busybox", ["sh", "-c", "sleep 100 &"]).description).toBe("sh -c sleep 100 &");
    // bash execs a script that is one command only; exec replaces any shell.
    expect(run("ubuntu", ["bash", "-c", "sleep 9"]).description).toBe("sleep 9");
    expect(run("ubuntu", ["bash", "-c", "cd /; sleep 9"]).description).toBe("bash -c cd /; sleep 9");
    expect(run("ubuntu", ["bash", "-c", "sleep 9 > /tmp/out"]).description).toBe(
      "bash -c sleep 9 > /tmp/out",
    );
    expect(run("ubuntu", ["bash", "-c", "cd /; exec sleep 9"]).description).toBe("sleep 9");
  });

  it("runs the images' default processes", () => {
    expect(run("httpd").description).toBe("httpd -DFOREGROUND");
    expect(run("httpd").listeners[0].port).toBe(80);
    expect(run("nginx").listeners[0].port).toBe(80);
    expect(run("registry.k8s.io/echoserver:1.10").listeners[0].port).toBe(8080);
    expect(run("curlimages/curl").clientRuns).toEqual([{ tool: "curl", argv: ["curl"] }]);
    expect(run("nicolaka/netshoot").exitsImmediately).toBe(true);
    expect(run("nicolaka/netshoot", ["sleep", "infinity"]).exitsImmediately).toBeUndefined();
  });
});

describe("script parser", () => {
  it("keeps quoted operators inside words", () => {
    expect(parseScript(`echo "a; b" && nginx -g 'daemon off;'`)).toEqual([
      { kind: "cmd", words: ["echo", "a; b"] },
      { kind: "cmd", words: ["nginx", "-g", "daemon off;"] },
    ]);
  });
});
