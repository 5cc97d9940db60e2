import { describe, expect, it } from "vitest";
import { testShell } from "./testkit.js";

describe("echo and printf", () => {
  it("echo handles -n, -e and \\c", async () => {
    const { run } = testShell();
    expect((await run("echo -n a; echo b")).out).toBe("ab\n");
    expect((await run("echo -e 'a\\tb\\n\\x41\\0101'")).out).toBe("a\tb\nAA\n");
    expect((await run("echo 'a\\tb'")).out).toBe("a\\tb\n");
    expect((await run("echo -e 'stop\\chere'")).out).toBe("stop");
    expect((await run("echo -x")).out).toBe("-x\n");
  });

  it("printf formats %s %d %5s %-5s| %05d %x %.2f and reuses the format", async () => {
    const { run } = testShell();
    expect((await run("printf '%s=%d\\n' a 1 b 2")).out).toBe("a=1\nb=2\n");
    expect((await run("printf '[%5s][%-5s][%05d][%x][%.2f]\\n' ab cd 42 255 3.14159")).out).toBe(
      "[   ab][cd   ][00042][ff][3.14]\n",
    );
    expect(await run("printf '%d\\n' abc")).toEqual({
      out: "0\n",
      err: "bash: printf: abc: invalid number\n",
      status: 1,
    });
    expect((await run("printf 'no newline'")).out).toBe("no newline");
  });
});

describe("cat, grep, head, tail, wc", () => {
  it("cat concatenates files and stdin, with GNU and busybox errors", async () => {
    const { run } = testShell();
    expect((await run("echo in | cat /etc/hostname - /etc/hostname")).out).toBe("testpod\nin\ntestpod\n");
    expect(await run("cat /nope /etc/hostname")).toEqual({
      out: "testpod\n",
      err: "cat: /nope: No such file or directory\n",
      status: 1,
    });
    expect((await run("cat /etc")).err).toBe("cat: /etc: Is a directory\n");
    expect((await testShell({ shellName: "sh" }).run("cat /nope")).err).toBe(
      "cat: can't open '/nope': No such file or directory\n",
    );
  });

  it("grep supports -i -v -c -n -E, -q and exit codes 0/1/2", async () => {
    const { run } = testShell({ files: { "/tmp/t": "Alpha\nbeta\ngamma\nALPHA beta\n" } });
    expect((await run("grep -i alpha /tmp/t")).out).toBe("Alpha\nALPHA beta\n");
    expect((await run("grep -v a /tmp/t")).out).toBe("");
    expect((await run("grep -c beta /tmp/t")).out).toBe("2\n");
    expect((await run("grep -n '^g' /tmp/t")).out).toBe("3:gamma\n");
    expect((await run("grep -E 'ph|mm' /tmp/t")).out).toBe("Alpha\ngamma\n");
    expect((await run("grep 'a\\(mm\\)' /tmp/t")).out).toBe("gamma\n");
    expect((await run("grep -q beta /tmp/t; echo $?; grep zzz /tmp/t; echo $?")).out).toBe("0\n1\n");
    expect(await run("grep x /nope")).toEqual({
      out: "",
      err: "grep: /nope: No such file or directory\n",
      status: 2,
    });
    expect((await run("grep -o 'a[lm]*' /tmp/t")).out).toBe("a\na\namm\na\na\n");
    expect((await run("grep -w beta /tmp/t /etc/hostname")).out).toBe("/tmp/t:beta\n/tmp/t:ALPHA beta\n");
  });

  it("grep matches any of several patterns: every -e, and each line of one", async () => {
    const { run } = testShell({ files: { "/tmp/t": "curl\nls\nsh\nlsof\n" } });
    expect((await run("grep -e '^curl$' -e '^ls$' /tmp/t")).out).toBe("curl\nls\n");
    expect((await run("grep \"$(printf '^sh$\\n^curl$')\" /tmp/t")).out).toBe("curl\nsh\n");
    expect((await run("grep -c -e ls -e sh /tmp/t")).out).toBe("3\n");
    expect((await run("grep -v -e ls -e sh /tmp/t")).out).toBe("curl\n");
  });

  it("head and tail take -n N, -N and tail -n +N", async () => {
    const { run } = testShell({ files: { "/tmp/n": "1\n2\n3\n4\n5\n" } });
    expect((await run("head -n 2 /tmp/n")).out).toBe("1\n2\n");
    expect((await run("head -3 /tmp/n | tail -1")).out).toBe("3\n");
    expect((await run("tail -n 2 /tmp/n")).out).toBe("4\n5\n");
    expect((await run("tail -n +4 /tmp/n")).out).toBe("4\n5\n");
    expect((await run("head -c 3 /tmp/n")).out).toBe("1\n2");
    expect((await run("head -n 1 /tmp/n /etc/hostname")).out).toBe(
      "==> /tmp/n <==\n1\n\n==> /etc/hostname <==\ntestpod\n",
    );
    expect((await run("head /nope")).err).toBe(
      "head: cannot open '/nope' for reading: No such file or directory\n",
    );
  });

  it("wc counts lines, words and bytes with GNU's column widths", async () => {
    const { run } = testShell();
    expect((await run("echo hello world | wc")).out).toBe("      1       2      12\n");
    expect((await run("echo hello world | wc -l")).out).toBe("1\n");
    expect((await run("wc -l /etc/resolv.conf")).out).toBe("3 /etc/resolv.conf\n");
    expect((await run("wc /etc/hostname /etc/resolv.conf")).out).toBe(
      "  1   1   8 /etc/hostname\n  3   8 103 /etc/resolv.conf\n  4   9 111 total\n",
    );
    expect((await run("printf 'a b' | wc -w -c")).out).toBe("      2       3\n");
  });
});

describe("files", () => {
  it("ls lists names one per line when piped, columns on a terminal, and long format", async () => {
    const { run, shell } = testShell();
    expect((await run("ls /etc")).out).toBe("hostname\nhosts\nresolv.conf\n");
    expect((await run("ls -a /root")).out).toBe(".\n..\n");
    expect((await run("ls -d /etc /tmp")).out).toBe("/etc\n/tmp\n");
    expect((await run("ls -l /usr/local/apache2/htdocs")).out).toBe(
      "total 4\n-rw-r--r-- 1 root root 45 Nov 27 10:44 index.html\n",
    );
    expect((await run("ls -la /usr/local/apache2")).out).toBe(
      "total 16\n" +
        "drwxr-xr-x 4 root root 4096 Nov 27 10:44 .\n" +
        "drwxr-xr-x 3 root root 4096 Nov 27 10:44 ..\n" +
        "drwxr-xr-x 2 root root 4096 Nov 27 10:44 htdocs\n" +
        "drwxr-xr-x 2 root root 4096 Nov 27 10:44 logs\n",
    );
    expect(await run("ls /nope /etc/hosts")).toEqual({
      out: "/etc/hosts\n",
      err: "ls: cannot access '/nope': No such file or directory\n",
      status: 2,
    });
    let out = "";
    const stdout = (s: string) => {
      out += s;
    };
    await shell.run("ls /etc /", { stdout, stderr: () => {}, columns: 25 });
    expect(out).toBe("/:\nbin  root  usr\netc  tmp   var\n\n/etc:\nhostname  resolv.conf\nhosts\n");
    expect((await testShell({ shellName: "sh" }).run("ls -l /etc/hostname")).out).toBe(
      "-rw-r--r--    1 root     root             8 Nov 27 10:44 /etc/hostname\n",
    );
    expect((await run("ls -z")).err).toBe(
      "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n",
    );
  });

  it("mkdir -p, touch, rm, cp, mv work on the VFS with coreutils' messages", async () => {
    const { run, fs } = testShell();
    expect((await run("mkdir -p /srv/a/b && touch /srv/a/b/f && ls -R /srv")).out).toBe(
      "/srv:\na\n\n/srv/a:\nb\n\n/srv/a/b:\nf\n",
    );
    expect((await run("mkdir /srv")).err).toBe("mkdir: cannot create directory '/srv': File exists\n");
    expect((await run("mkdir /x/y")).err).toBe(
      "mkdir: cannot create directory '/x/y': No such file or directory\n",
    );
    expect((await run("touch /x/y")).err).toBe("touch: cannot touch '/x/y': No such file or directory\n");
    expect((await run("echo hi > /srv/f; cp /srv/f /srv/g; mv /srv/g /srv/a; cat /srv/a/g")).out).toBe(
      "hi\n",
    );
    expect((await run("cp /srv/a /srv/c")).err).toBe("cp: -r not specified; omitting directory '/srv/a'\n");
    expect((await run("cp -r /srv/a /srv/c; ls /srv/c")).out).toBe("b\ng\n");
    expect((await run("cp /nope /srv")).err).toBe("cp: cannot stat '/nope': No such file or directory\n");
    expect((await run("mv /nope /srv")).err).toBe("mv: cannot stat '/nope': No such file or directory\n");
    expect((await run("rm /srv/a")).err).toBe("rm: cannot remove '/srv/a': Is a directory\n");
    expect((await run("rm /nope; echo $?; rm -f /nope; echo $?")).out).toBe("1\n0\n");
    expect((await run("rm -r /srv/a && ls /srv")).out).toBe("c\nf\n");
    expect((await run("rm -rf /")).err).toBe(
      "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
    );
    expect(fs.exists("/etc/hosts")).toBe(true);
    const bb = testShell({ shellName: "sh" });
    expect((await bb.run("rm /nope")).err).toBe("rm: can't remove '/nope': No such file or directory\n");
    expect((await bb.run("mkdir /etc")).err).toBe("mkdir: can't create directory '/etc': File exists\n");
  });

  it("cd and pwd, with cd - and errors", async () => {
    const { run } = testShell();
    expect((await run("cd /usr/local/apache2/htdocs; pwd; cd ..; pwd; cd -; cd; pwd")).out).toBe(
      "/usr/local/apache2/htdocs\n/usr/local/apache2\n/usr/local/apache2/htdocs\n/root\n",
    );
    expect(await run("cd /nope")).toMatchObject({
      err: "bash: cd: /nope: No such file or directory\n",
      status: 1,
    });
    expect((await run("cd /etc/hosts")).err).toBe("bash: cd: /etc/hosts: Not a directory\n");
    expect((await testShell({ shellName: "sh" }).run("cd /nope")).err).toBe(
      "sh: cd: can't cd to /nope: No such file or directory\n",
    );
  });
});

describe("system information", () => {
  it("env, printenv and export", async () => {
    const { run } = testShell();
    expect((await run("env")).out).toBe(
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOME=/root\nHOSTNAME=testpod\nPWD=/\nSHLVL=1\n",
    );
    expect((await run("printenv HOME NOPE; echo $?")).out).toBe("/root\n1\n");
    expect((await run("env -i A=1 env")).out).toBe("A=1\n");
    expect((await run("export X='a \"b\"'; export -p | grep X=")).out).toBe('declare -x X="a \\"b\\""\n');
    expect((await run("export 1x=2")).err).toBe("bash: export: `1x=2': not a valid identifier\n");
  });

  it("hostname, hostname -i from /etc/hosts or the hook, id, whoami, uname", async () => {
    const { run } = testShell();
    expect((await run("hostname; hostname -i; hostname -I; whoami; id")).out).toBe(
      "testpod\n10.244.1.5\n10.244.1.5 \nroot\nuid=0(root) gid=0(root) groups=0(root)\n",
    );
    expect((await testShell({ hooks: { hostIPs: () => ["10.244.2.9"] } }).run("hostname -i")).out).toBe(
      "10.244.2.9\n",
    );
    expect((await run("hostname other")).err).toBe("hostname: you must be root to change the host name\n");
    expect((await run("uname; uname -r; uname -a")).out).toBe(
      "Linux\n6.8.0-49-generic\nLinux testpod 6.8.0-49-generic #49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024 x86_64 GNU/Linux\n",
    );
  });

  it("hostname -f/-s/-d/-i/-a in a pod with a subdomain, as busybox and Debian print them", async () => {
    const files = {
      "/etc/hosts":
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.3\tweb-0.nginx.default.svc.cluster.local\tweb-0\n",
    };
    const gnu = testShell({ files, hostname: "web-0" });
    expect(
      (await gnu.run("hostname; hostname -f; hostname -s; hostname -d; hostname -i; hostname -a")).out,
    ).toBe(
      "web-0\nweb-0.nginx.default.svc.cluster.local\nweb-0\nnginx.default.svc.cluster.local\n10.244.1.3\nweb-0\n",
    );
    // Debian's hostname: the last option wins; --fqdn and --long are -f.
    expect((await gnu.run("hostname -f -s; hostname -s -f; hostname --long; hostname -A")).out).toBe(
      "web-0\nweb-0.nginx.default.svc.cluster.local\nweb-0.nginx.default.svc.cluster.local\nweb-0.nginx.default.svc.cluster.local \n",
    );
    const bb = testShell({ files, hostname: "web-0", shellName: "sh" });
    expect((await bb.run("hostname; hostname -f; hostname -s; hostname -d; hostname -i")).out).toBe(
      "web-0\nweb-0.nginx.default.svc.cluster.local\nweb-0\nnginx.default.svc.cluster.local\n10.244.1.3\n",
    );
    // busybox: -f wins over -s whatever the order; -I is not one of its options.
    expect((await bb.run("hostname -s -f; hostname -d -s")).out).toBe(
      "web-0.nginx.default.svc.cluster.local\nweb-0\n",
    );
    expect((await bb.run("hostname -I")).err).toBe("hostname: invalid option -- 'I'\n");
  });

  it("hostname with setHostnameAsFQDN, without a domain, and unknown to /etc/hosts", async () => {
    const files = {
      "/etc/hosts": "127.0.0.1\tlocalhost\n10.244.1.3\tweb-0.nginx.default.svc.cluster.local\tweb-0\n",
    };
    const fqdn = testShell({ files, hostname: "web-0.nginx.default.svc.cluster.local" });
    expect((await fqdn.run("hostname; hostname -s; hostname -f; uname -n")).out).toBe(
      "web-0.nginx.default.svc.cluster.local\nweb-0\nweb-0.nginx.default.svc.cluster.local\nweb-0.nginx.default.svc.cluster.local\n",
    );
    // A pod without a subdomain has no domain: -d prints nothing at all.
    for (const shellName of ["bash", "sh"] as const) {
      const plain = testShell({ shellName });
      expect(await plain.run("hostname -d")).toEqual({ out: "", err: "", status: 0 });
      expect((await plain.run("hostname -f")).out).toBe("testpod\n");
    }
    const lost = { "/etc/hosts": "127.0.0.1\tlocalhost\n" };
    expect(await testShell({ files: lost }).run("hostname -f")).toEqual({
      out: "",
      err: "hostname: Name or service not known\n",
      status: 1,
    });
    expect(await testShell({ files: lost, shellName: "sh" }).run("hostname -f")).toEqual({
      out: "",
      err: "hostname: testpod: Unknown host\n",
      status: 1,
    });
  });

  it("date uses the injected clock", async () => {
    const { run } = testShell();
    expect((await run("date")).out).toBe("Thu Nov 27 11:44:00 UTC 2025\n");
    expect((await run("date +%Y-%m-%dT%H:%M:%S; date -u +%s; date -d @0 +%F")).out).toBe(
      "2025-11-27T11:44:00\n1764243840\n1970-01-01\n",
    );
    expect((await run("sleep 90; date +%T")).out).toBe("11:45:30\n");
  });

  it("ps shows the caller's processes in procps or busybox format", async () => {
    const processes = () => [
      { pid: 1, ppid: 0, command: "httpd -DFOREGROUND", tty: "?", started: new Date("2025-11-27T11:40:00Z") },
      { pid: 7, ppid: 0, command: "bash", tty: "pts/0" },
    ];
    const { run } = testShell({ hooks: { processes, now: () => new Date("2025-11-27T11:44:00Z") } });
    expect((await run("ps")).out).toBe(
      "    PID TTY          TIME CMD\n      7 pts/0    00:00:00 bash\n      8 pts/0    00:00:00 ps\n",
    );
    expect((await run("ps -ef")).out).toBe(
      "UID          PID    PPID  C STIME TTY          TIME CMD\n" +
        "root           1       0  0 11:40 ?        00:00:00 httpd -DFOREGROUND\n" +
        "root           7       0  0 11:44 pts/0    00:00:00 bash\n" +
        "root           8       7  0 11:44 pts/0    00:00:00 ps -ef\n",
    );
    // Without a terminal (exec without -t): "?" throughout, no foreground "+", and plain ps
    // lists the processes that have no terminal, the container's main one among them.
    const bare = testShell({
      hooks: {
        processes: () => [processes()[0]],
        terminal: "?",
        now: () => new Date("2025-11-27T11:44:00Z"),
      },
    });
    expect((await bare.run("ps")).out).toBe(
      "    PID TTY          TIME CMD\n      1 ?        00:00:00 httpd\n      7 ?        00:00:00 bash\n      8 ?        00:00:00 ps\n",
    );
    expect((await bare.run("ps aux")).out.split("\n")[3]).toBe(
      "root           8  0.0  0.0   4628  3584 ?        R    11:44   0:00 ps aux",
    );
    const bb = testShell({
      shellName: "sh",
      hooks: { processes: () => [{ pid: 1, command: "sleep 3600" }] },
    });
    expect((await bb.run("ps")).out).toBe(
      "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 sh\n    8 root      0:00 ps\n",
    );
  });

  it("sleep calls the hook; bad intervals are errors", async () => {
    const { run, slept } = testShell();
    expect((await run("sleep 1.5; sleep 1m")).status).toBe(0);
    expect(slept).toEqual([1.5, 60]);
    expect(await run("sleep")).toMatchObject({
      err: "sleep: missing operand\nTry 'sleep --help' for more information.\n",
      status: 1,
    });
    expect((await run("sleep x")).err).toBe(
      "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
    );
  });

  it("which, command -v and type tell builtins from programs", async () => {
    const { run } = testShell();
    expect(await run("which ls cat nope")).toEqual({
      out: "/usr/bin/ls\n/usr/bin/cat\n",
      err: "",
      status: 1,
    });
    expect((await run("command -v cd ls nope; echo $?")).out).toBe("cd\n/usr/bin/ls\n1\n");
    expect(await run("type echo ls if nope")).toEqual({
      out: "echo is a shell builtin\nls is /usr/bin/ls\nif is a shell keyword\n",
      err: "bash: type: nope: not found\n",
      status: 1,
    });
  });

  it("history lists what the REPL recorded; clear writes the terminal's escape", async () => {
    const t = testShell();
    t.shell.addHistory("ls");
    t.shell.addHistory("history");
    expect((await t.run("history")).out).toBe("    1  ls\n    2  history\n");
    expect((await t.run("TERM=xterm clear")).out).toBe("\x1b[H\x1b[2J\x1b[3J");
    expect((await t.run("clear")).err).toBe("TERM environment variable not set.\n");
  });
});
